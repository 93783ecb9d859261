"""
The ledger writes bulk history with its own INSERT (claims/history.py), for
speed. The rows must be exactly the ones django-simple-history's own
bulk_history_create would write for the same objects and options.
"""

import datetime

from django.utils import timezone
from simple_history.manager import HistoryManager
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from claims.models import Claim, Source, Speaker

WHEN = datetime.datetime(2021, 10, 25, 4, 0, tzinfo=datetime.UTC)


def rows_of(records):
    """Every column of each historical row but its own id, read back from the database."""
    model = type(records[0])
    fields = [f.attname for f in model._meta.concrete_fields if f is not model._meta.pk]
    saved = model.objects.filter(pk__in=[r.pk for r in records]).order_by("pk")
    return [tuple(getattr(row, name) for name in fields) for row in saved]


def library_rows(model, objs, **options):
    """What simple-history itself writes, into the same table, then removed again."""
    records = HistoryManager(model.history.model).bulk_history_create(objs, **options)
    rows = rows_of(records)
    model.history.model.objects.filter(pk__in=[r.pk for r in records]).delete()
    return rows


def test_created_claims_get_the_rows_simple_history_would_write(make_speaker, make_source, editor):
    speaker, source = make_speaker(), make_source()
    claims = [
        Claim(
            text=f'Claim {n}: 國家安全法 "quoted" \u202e.',
            slug=f"claim-{n}",
            speaker=speaker,
            source=source,
            said_on=datetime.date(2021, 10, 20 + n),
            published_at=WHEN if n % 2 else None,
            summary="",
        )
        for n in range(3)
    ]
    claims[1]._change_reason = "its own reason"
    options = {"default_user": editor, "default_change_reason": "Import", "default_date": WHEN}

    created = bulk_create_with_history(claims, Claim, **options)
    ours = rows_of(list(Claim.history.filter(id__in=[c.pk for c in created]).order_by("pk")))

    assert ours == library_rows(Claim, created, **options)
    assert [row[-3:] for row in ours][1] == ("its own reason", "+", editor.pk)


def test_updated_rows_match_too_with_the_history_date_left_to_the_clock(make_speaker):
    speakers = [make_speaker(), make_speaker()]
    for speaker in speakers:
        speaker.description = "Deputy secretary general"

    before = timezone.now()
    bulk_update_with_history(speakers, Speaker, ["description"], default_change_reason="Edit")
    ours = rows_of(list(Speaker.history.filter(history_type="~").order_by("pk")))
    theirs = library_rows(Speaker, speakers, update=True, default_change_reason="Edit")

    # Each row is dated when it was built, so only the dates differ, and both are now.
    assert [row[:-4] + row[-3:] for row in ours] == [row[:-4] + row[-3:] for row in theirs]
    assert all(row[-4] >= before for row in ours + theirs)


def test_a_source_without_a_user_records_none(make_source):
    source = make_source()
    source.title = "Renamed"
    bulk_update_with_history([source], Source, ["title"], default_date=WHEN)

    (row,) = rows_of(list(Source.history.filter(history_type="~")))
    # As bulk_update_with_history calls it: no reason given is None, not "".
    assert (
        row
        == library_rows(
            Source, [source], update=True, default_date=WHEN, default_change_reason=None
        )[0]
    )
    assert row[-1] is None


def test_imported_rows_get_the_rows_simple_history_would_write(import_claims, write_file, editor):
    # The importer writes new rows and their history below the ORM
    # (claims/bulk_insert.py, created_history): row for row, what
    # bulk_create_with_history would have recorded for the rows it made.
    from claims.models import Topic
    from tests.interchange_samples import CSV

    import_claims(write_file("claims.csv", CSV), "--user", "erin")

    for model in (Claim, Speaker, Source, Topic):
        saved = list(model.objects.order_by("pk"))
        assert saved
        for obj in saved:
            entry = obj.history.get()
            assert rows_of([entry]) == library_rows(
                model,
                [obj],
                default_user=editor,
                default_date=entry.history_date,
                default_change_reason=entry.history_change_reason,
            )
