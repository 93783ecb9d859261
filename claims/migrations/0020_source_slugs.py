"""
Sources are named by a slug, as speakers and topics are: /sources/<slug>/,
not /sources/<id>/ (the id URL now answers with a permanent redirect).

Every source saved before this gets its slug here, and each of its history
records the same one, so the pages cached under it and the history's view of
it agree. The records' chain entries are not touched: each was hashed over
the fields its record had then, which did not include this one
(claims/chain.py, layouts). No history record is written for the backfill:
the source did not change, it gained a name for its page.

The column is added without its unique index, filled, then made unique: on
PostgreSQL a unique column of empty slugs would refuse the second source.
"""

import unicodedata
from urllib.parse import unquote, urlsplit

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.text import slugify

BATCH = 2000

# As they were when this was written; a migration must not follow the app's
# code (claims/models/base.py, SluggedModel.slug_base; claims/models/sources.py,
# Source.slug_text).
SLUG_BASE_LENGTH = 80
NOT_KNOWN = "not_known"

# Adding and altering the column rebuilds the sources table on SQLite, both
# ways, which the search triggers refuse while they exist (as in 0014, 0018
# and 0019); the migrate's end recreates them and refills the index
# (claims/apps.py). A frozen copy of 0009's statements.
SQLITE_DROP_SEARCH_TRIGGERS = [
    "DROP TRIGGER IF EXISTS claims_claim_search_insert",
    "DROP TRIGGER IF EXISTS claims_claim_search_update",
    "DROP TRIGGER IF EXISTS claims_claim_search_delete",
    "DROP TRIGGER IF EXISTS claims_speaker_search_update",
    "DROP TRIGGER IF EXISTS claims_source_search_update",
]


def without_search_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in SQLITE_DROP_SEARCH_TRIGGERS:
            cursor.execute(statement)


def slug_text(kind, title, url):
    if kind == NOT_KNOWN:
        return "source not known"
    if title:
        return title
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").replace(".", " ")
    return " ".join([host, *unquote(parts.path).split("/")])


def slug_base(text):
    base = slugify(text, allow_unicode=True)[:SLUG_BASE_LENGTH].strip("-_")
    if not base:
        names = " ".join(unicodedata.name(character, "") for character in text)
        base = slugify(names)[:SLUG_BASE_LENGTH].strip("-_")
    if not any(character.isalpha() for character in base):
        base = f"source-{base}".strip("-")
    return base


def name_sources(apps, schema_editor):
    """
    Oldest first, so the first source of a title keeps the bare slug and
    later ones are numbered (-2, -3, ...), as new ones would be. No source
    has a slug yet, so only the slugs given here are taken; one base's
    number may be another's bare base ("Report 2", then a second "Report"),
    so each is checked against them all. Then each history record takes its
    source's slug in one statement (a deleted source's records keep none).
    """
    Source = apps.get_model("claims", "Source")
    HistoricalSource = apps.get_model("claims", "HistoricalSource")
    db = schema_editor.connection.alias
    sources = Source._base_manager.using(db)
    highest, given, last = {}, set(), 0
    while batch := list(
        sources.filter(pk__gt=last).order_by("pk").only("pk", "kind", "title", "url")[:BATCH]
    ):
        for source in batch:
            base = slug_base(slug_text(source.kind, source.title, source.url))
            number = highest.get(base, 0) + 1
            while (slug := base if number == 1 else f"{base}-{number}") in given:
                number += 1
            highest[base] = number
            given.add(slug)
            source.slug = slug
        sources.bulk_update(batch, ["slug"], batch_size=500)
        last = batch[-1].pk
    slug_now = sources.filter(pk=OuterRef("id")).values("slug")[:1]
    HistoricalSource._base_manager.using(db).update(
        slug=Coalesce(Subquery(slug_now), Value(""))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0019_unattributed_speakers"),
    ]

    operations = [
        migrations.RunPython(without_search_triggers, migrations.RunPython.noop, elidable=False),
        migrations.AddField(
            model_name="historicalsource",
            name="slug",
            field=models.SlugField(
                allow_unicode=True,
                blank=True,
                help_text="Left empty, it is made for you.",
                max_length=100,
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="slug",
            field=models.SlugField(
                allow_unicode=True,
                blank=True,
                db_index=False,
                help_text="Left empty, it is made for you.",
                max_length=100,
            ),
        ),
        migrations.RunPython(name_sources, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="source",
            name="slug",
            field=models.SlugField(
                allow_unicode=True,
                blank=True,
                help_text="Left empty, it is made for you.",
                max_length=100,
                unique=True,
            ),
        ),
        migrations.RunPython(migrations.RunPython.noop, without_search_triggers, elidable=False),
    ]
