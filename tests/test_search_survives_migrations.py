"""
A later migration may rebuild the claims table (SQLite does, to alter any
column): the search index's triggers must not stop it, and the index must
be whole and in step afterwards, rows changed during the migration included.
"""

import pytest
from django.core.management import call_command
from django.db import migrations, models
from django.db.migrations.loader import MigrationLoader

from claims.models import Claim

pytestmark = pytest.mark.django_db(transaction=True)

REBUILD = "9999_rebuild_claims"


def reword_during_the_migration(apps, schema_editor):
    # A data migration's bulk update: no trigger is there to see it.
    apps.get_model("claims", "Claim").objects.filter(text="The old wording.").update(
        text="The wording a migration wrote."
    )


@pytest.fixture
def rebuild_migration(monkeypatch):
    """A claims migration that alters a column (a table rebuild on SQLite) and rewords a claim."""
    load_disk = MigrationLoader.load_disk

    def load_disk_with_rebuild(loader):
        load_disk(loader)
        leaf = max(name for app, name in loader.disk_migrations if app == "claims")
        migration = migrations.Migration(REBUILD, "claims")
        migration.dependencies = [("claims", leaf)]
        migration.operations = [
            migrations.AlterField(
                "claim",
                "context",
                models.CharField(max_length=301, blank=True),
            ),
            migrations.RunPython(reword_during_the_migration, migrations.RunPython.noop),
        ]
        loader.disk_migrations["claims", REBUILD] = migration

    # The real leaf, read before the patch adds the rebuild: migrating back
    # to it unapplies the rebuild, which a reused test database would keep.
    leaf = max(name for app, name in MigrationLoader(None).disk_migrations if app == "claims")
    monkeypatch.setattr(MigrationLoader, "load_disk", load_disk_with_rebuild)
    yield
    call_command("migrate", "claims", leaf, verbosity=0)


def test_a_migration_that_rebuilds_the_claims_table_keeps_search_working(
    rebuild_migration, make_claim
):
    claim = make_claim(published=True, text="The old wording.")

    call_command("migrate", "claims", verbosity=0)

    assert list(Claim.objects.search("migration wrote")) == [claim]
    assert not Claim.objects.search("old wording").exists()
    # The triggers are back: edits after the migration reach the index too.
    claim.refresh_from_db()
    claim.text = "The wording an editor chose."
    claim.save_recorded(reason="Reworded")
    claim.speaker.name = "Renamed Rhoda"
    claim.speaker.save_recorded(reason="Renamed")
    assert list(Claim.objects.search("editor chose")) == [claim]
    assert list(Claim.objects.search("Rhoda")) == [claim]
