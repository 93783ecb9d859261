from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction

from claims.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = (
        "Create the Reviewers and Editors groups, or put back their permissions as "
        "claims/roles.py defines them. Safe to run any number of times; users stay in "
        "their groups."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would happen; write nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        for name, codenames in ROLES.items():
            self.stdout.write(f"{name}: {', '.join(codenames)}")
        if dry_run:
            self.stdout.write("Dry run: no group was written.")
            return
        with transaction.atomic():
            groups = sync_roles(Group, Permission)
        names = " and ".join(group.name for group in groups)
        self.stdout.write(self.style.SUCCESS(f"Set up the roles {names}."))
