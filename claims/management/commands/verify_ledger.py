from django.core.management.base import BaseCommand, CommandError

from claims.ledger import Checkpoint, LedgerBroken, LedgerEntry


class Command(BaseCommand):
    help = (
        "Recompute the tamper-evident ledger from its first entry: every historical "
        "record must match its entry, every entry must follow from the one before, the "
        "chain must end where the ledger head says, and no historical row may be "
        "missing from it. Exits 0 with the entry count and head hash, or non-zero "
        "naming the first entry that does not match."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="COUNT:HASH",
            help="A head saved earlier (from /ledger/ or this command's output): also "
            "check that today's ledger extends it. May be given more than once.",
        )
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=2000,
            help="Entries read per query (default 2000); memory grows with this, not "
            "with the ledger.",
        )

    def handle(self, *args, checkpoint, chunk_size, **options):
        try:
            checkpoints = [Checkpoint.parse(text) for text in checkpoint]
        except ValueError as error:
            raise CommandError(f"--checkpoint: {error}") from error
        if chunk_size < 1:
            raise CommandError("--chunk-size must be a positive number of entries.")
        try:
            head = LedgerEntry.objects.verify(checkpoints=checkpoints, chunk_size=chunk_size)
        except LedgerBroken as error:
            raise CommandError(str(error)) from error
        extends = "".join(f"; extends checkpoint {c.entries}:{c.hash[:12]}…" for c in checkpoints)
        self.stdout.write(
            self.style.SUCCESS(f"Ledger intact: {head.entries} entries, head {head.hash}{extends}.")
        )
