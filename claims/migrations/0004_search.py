"""
The claim search index (claims/search.py): an FTS5 trigram table on SQLite,
a pg_trgm-indexed table on PostgreSQL, filled from the existing claims and
kept in step by triggers.
"""

from django.db import migrations

from claims.search import create_search_index, drop_search_index


def create(apps, schema_editor):
    create_search_index(schema_editor.connection)


def drop(apps, schema_editor):
    drop_search_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0003_external_id"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
