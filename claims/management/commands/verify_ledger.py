import json
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import urlopen

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from claims.ledger import Checkpoint, LedgerBroken, LedgerEntry, check_hash_chain


class Command(BaseCommand):
    help = (
        "Recompute the tamper-evident ledger from its first entry: every historical "
        "record must match its entry, every entry must follow from the one before, the "
        "chain must end where the ledger head says, and no historical row may be "
        "missing from it. Exits 0 with the entry count and head hash, or non-zero "
        "naming the first entry that does not match. With --url, recompute instead "
        "the chain of hashes a ledger site publishes, as any reader can."
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
            "--url",
            metavar="SITE",
            help="Verify the ledger published at this site (e.g. https://ledger.example.org) "
            "from its /ledger/ hashes instead of this database.",
        )
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=2000,
            help="Entries read per query (default 2000); memory grows with this, not "
            "with the ledger.",
        )

    def handle(self, *args, checkpoint, url, chunk_size, **options):
        try:
            checkpoints = [Checkpoint.parse(text) for text in checkpoint]
        except ValueError as error:
            raise CommandError(f"--checkpoint: {error}") from error
        if chunk_size < 1:
            raise CommandError("--chunk-size must be a positive number of entries.")
        try:
            if url:
                head = self._verify_site(url, checkpoints)
            else:
                head = LedgerEntry.objects.verify(checkpoints=checkpoints, chunk_size=chunk_size)
        except LedgerBroken as error:
            raise CommandError(str(error)) from error
        extends = "".join(f"; extends checkpoint {c.entries}:{c.hash[:12]}…" for c in checkpoints)
        where = f" at {url}" if url else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Ledger intact{where}: {head.entries} entries, head {head.hash}{extends}."
            )
        )

    def _verify_site(self, site, checkpoints):
        """Two requests plus one per thousand entries; holds one page in memory at a time."""
        parts = urlsplit(site)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise CommandError(f"--url: {site!r} is not an http:// or https:// site address.")
        site = site.rstrip("/")
        published = self._fetch(site + reverse("claims:ledger_head"))
        try:
            head = Checkpoint.parse(f"{published['entries']}:{published['head']}")
        except (KeyError, TypeError, ValueError) as error:
            raise CommandError(f"{site} does not publish a ledger head: {error}") from error
        return check_hash_chain(self._entries(site, head), head, checkpoints)

    def _entries(self, site, head):
        position = 0
        while position < head.entries:
            page = self._fetch(f"{site}{reverse('claims:ledger_entries')}?after={position}")
            if not page.get("entries"):
                return
            for entry in page["entries"]:
                yield entry["position"], entry["content_hash"], entry["entry_hash"]
                position = entry["position"]

    def _fetch(self, url):
        try:
            with urlopen(url, timeout=30) as response:
                return json.load(response)
        except (URLError, OSError, ValueError) as error:
            raise CommandError(f"Could not read {url}: {error}") from error
