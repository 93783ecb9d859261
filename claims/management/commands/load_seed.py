from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from claims.models import Claim

SEED_FIXTURE = "amnesty-hk-2021"


class Command(BaseCommand):
    help = (
        f"Load the seed fixture ({SEED_FIXTURE}) into an empty ledger. A ledger that "
        "already holds claims is left as it is, so `make run` never overwrites the "
        "desk's own work with the seed's original rows."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would happen; write nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        with transaction.atomic():
            claims = Claim.objects.count()
            if claims:
                self.stdout.write(
                    f"The ledger already holds {claims} claim(s); the seed was not loaded."
                )
                return
            if dry_run:
                self.stdout.write(f"Would load the seed fixture {SEED_FIXTURE}.")
                return
            call_command("loaddata", SEED_FIXTURE, verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the seed fixture {SEED_FIXTURE}: {Claim.objects.count()} claims."
            )
        )
