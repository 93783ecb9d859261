"""
Indexes nothing reads: a claim's speaker and source columns are served by
the (speaker, published_at) and (source, published_at) indexes that start
with them, and a claim's history is read by claim and date, never by its
speaker, source, reviewer or slug. Every index is written on every insert;
these six were a tenth of an import's time.

On SQLite, dropping a column's index rebuilds the table, which the search
triggers refuse while they exist; a migrate that starts before 0004 creates
them on its way here, so this migration takes them out of the way itself.
The migrate's end recreates them and refills the index (claims/apps.py).
The statements are a frozen copy of claims/search.py's as they stood at
commit 2b1fda0, so this migration does the same whatever that module says later.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

SQLITE_DROP_SEARCH_TRIGGERS = [
    "DROP TRIGGER IF EXISTS claims_claim_search_insert",
    "DROP TRIGGER IF EXISTS claims_claim_search_update",
    "DROP TRIGGER IF EXISTS claims_claim_search_delete",
    "DROP TRIGGER IF EXISTS claims_speaker_search_update",
    "DROP TRIGGER IF EXISTS claims_source_search_update",
]


def without_search_triggers(apps, schema_editor):
    """SQLite only: PostgreSQL alters a column in place, with its triggers there."""
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in SQLITE_DROP_SEARCH_TRIGGERS:
            cursor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0008_topic_name_without_separator'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Before the AlterFields rebuild the table going forwards...
        migrations.RunPython(without_search_triggers, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name='claim',
            name='source',
            field=models.ForeignKey(db_index=False, help_text='Where the claim first appeared.', on_delete=django.db.models.deletion.PROTECT, related_name='claims', to='claims.source'),
        ),
        migrations.AlterField(
            model_name='claim',
            name='speaker',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='claims', to='claims.speaker'),
        ),
        migrations.AlterField(
            model_name='historicalclaim',
            name='reviewer',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='historicalclaim',
            name='slug',
            field=models.SlugField(blank=True, db_index=False, help_text='Left empty, it is made for you.', max_length=100),
        ),
        migrations.AlterField(
            model_name='historicalclaim',
            name='source',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, help_text='Where the claim first appeared.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.source'),
        ),
        migrations.AlterField(
            model_name='historicalclaim',
            name='speaker',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.speaker'),
        ),
        # ...and before their reversal rebuilds it going backwards.
        migrations.RunPython(migrations.RunPython.noop, without_search_triggers, elidable=False),
    ]
