"""The Reviewers and Editors groups: made by the migration, re-made by setup_roles."""

import importlib

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from claims.roles import EDITORS, REVIEWERS, ROLES
from tests.processes import PROJECT_DIR


def _last_roles_migration():
    """The latest migration that applies a frozen copy of the role table (it defines ROLES)."""
    names = sorted(path.stem for path in (PROJECT_DIR / "claims" / "migrations").glob("0*.py"))
    modules = [importlib.import_module(f"claims.migrations.{name}") for name in names]
    return [module for module in modules if hasattr(module, "ROLES")][-1]


roles_migration = _last_roles_migration()


def permissions_of(name):
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


def test_the_migration_and_the_live_table_agree():
    # When this fails, a role changed in claims/roles.py: write a migration
    # that applies the new table from its own frozen copy, and compare with that one.
    assert {name: set(codes) for name, codes in roles_migration.ROLES.items()} == {
        name: set(codes) for name, codes in ROLES.items()
    }


def test_the_migration_created_both_groups(db):
    assert permissions_of(REVIEWERS) == set(ROLES[REVIEWERS])
    assert permissions_of(EDITORS) == set(ROLES[EDITORS])


def test_only_editors_publish_and_nobody_deletes_claims_or_touches_history(db):
    assert "publish_claim" in permissions_of(EDITORS)
    assert "publish_claim" not in permissions_of(REVIEWERS)
    for role in (REVIEWERS, EDITORS):
        codenames = permissions_of(role)
        assert "delete_claim" not in codenames
        assert not {code for code in codenames if "historical" in code}


def test_setup_roles_puts_back_what_was_changed_and_is_idempotent(db, capsys):
    Group.objects.get(name=EDITORS).permissions.remove(
        Permission.objects.get(codename="publish_claim")
    )
    Group.objects.get(name=REVIEWERS).delete()

    call_command("setup_roles")
    call_command("setup_roles")

    assert Group.objects.filter(name__in=[REVIEWERS, EDITORS]).count() == 2
    assert permissions_of(EDITORS) == set(ROLES[EDITORS])
    assert permissions_of(REVIEWERS) == set(ROLES[REVIEWERS])
    assert "Set up the roles Reviewers and Editors." in capsys.readouterr().out


def test_setup_roles_dry_run_writes_nothing(db, capsys):
    Group.objects.get(name=REVIEWERS).delete()

    call_command("setup_roles", "--dry-run")

    assert not Group.objects.filter(name=REVIEWERS).exists()
    assert "Dry run" in capsys.readouterr().out


def test_setup_roles_keeps_members_in_their_groups(editor):
    call_command("setup_roles", verbosity=0)
    assert editor.groups.filter(name=EDITORS).exists()
