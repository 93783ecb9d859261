"""
Imports write history with simple-history's bulk helpers; each batch is
chained in one locked append, and the ledger verifies afterwards.
"""

import datetime

import pytest
from django.core.management import call_command
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from claims.models import Claim, LedgerEntry

# Lock the head, insert the entries, update the head.
QUERIES_TO_APPEND = 3
# Write a batch of a few history rows: one INSERT.
QUERIES_TO_INSERT_HISTORY = 1
# Which pages showed changed claims (claims/caching.py): their published
# states; none for claims just created as drafts.
QUERIES_TO_FIND_PAGES_OF_DRAFTS = 1


def new_claims(speaker, source, count=3):
    return [
        Claim(text=f"Imported claim {n}.", slug=f"imported-{n}", speaker=speaker, source=source)
        for n in range(count)
    ]


def chained(records):
    keys = set(LedgerEntry.objects.values_list("history_model", "history_id"))
    return all(("claims.historicalclaim", record.pk) in keys for record in records)


def test_bulk_created_history_is_chained_in_one_append(
    make_speaker, make_source, editor, django_assert_num_queries
):
    claims = new_claims(make_speaker(), make_source())

    # INSERT the claims, write their history, lock the ledger head, INSERT the
    # entries, UPDATE the head.
    with django_assert_num_queries(1 + QUERIES_TO_INSERT_HISTORY + QUERIES_TO_APPEND):
        bulk_create_with_history(claims, Claim, default_user=editor, default_change_reason="Import")

    records = list(Claim.history.filter(history_change_reason="Import"))
    assert len(records) == 3 and chained(records)
    call_command("verify_ledger")


def test_bulk_updated_history_is_chained_in_one_append(
    make_speaker, make_source, editor, django_assert_num_queries
):
    claims = bulk_create_with_history(new_claims(make_speaker(), make_source()), Claim)
    for claim in claims:
        claim.summary = "Revised on import."

    # UPDATE the claims, write their history, lock the ledger head, INSERT the
    # entries, UPDATE the head, look for the pages that showed them.
    queries = 1 + QUERIES_TO_INSERT_HISTORY + QUERIES_TO_APPEND + QUERIES_TO_FIND_PAGES_OF_DRAFTS
    with django_assert_num_queries(queries):
        bulk_update_with_history(
            claims, Claim, ["summary"], default_user=editor, default_change_reason="Re-import"
        )

    records = list(Claim.history.filter(history_change_reason="Re-import"))
    assert [record.summary for record in records] == ["Revised on import."] * 3
    assert chained(records)
    call_command("verify_ledger")


def test_history_bulk_written_in_batches_keeps_the_chain_in_order(make_speaker, make_source):
    bulk_create_with_history(
        new_claims(make_speaker(), make_source(), count=7), Claim, batch_size=2
    )

    positions = list(
        LedgerEntry.objects.filter(history_model="claims.historicalclaim").values_list(
            "history_id", flat=True
        )
    )
    assert positions == sorted(positions)
    call_command("verify_ledger")


def test_values_an_import_sets_as_text_hash_as_the_database_reads_them_back(
    make_speaker, make_source
):
    new_york = datetime.timezone(datetime.timedelta(hours=-5))
    claim = Claim(
        text="Said in another time zone.",
        slug="time-zones",
        speaker=make_speaker(),
        source=make_source(),
        said_on="2024-01-05",
        created_at="2024-01-05T23:30:00+08:00",
        published_at=datetime.datetime(2024, 1, 6, 9, 0, tzinfo=new_york),
        summary=42,
    )

    # A naive date is read in the default time zone, as Django saves it.
    with pytest.warns(RuntimeWarning, match="naive datetime"):
        bulk_create_with_history([claim], Claim, default_date=datetime.datetime(2024, 1, 7, 12))

    record = Claim.history.get(slug="time-zones")
    assert record.summary == "42"
    call_command("verify_ledger")
