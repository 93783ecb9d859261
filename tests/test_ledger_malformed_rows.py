"""
A ledger head or a historical row altered by hand into a shape no write of
the site makes (layouts that are not a list of layouts, a date no Python
datetime holds, text in a number column) is a broken ledger: verify_ledger
fails naming the entry that cannot be checked, never with a traceback.
"""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import JSONField, Value

from claims.models import Claim, LedgerEntry, LedgerHead

on_sqlite_only = pytest.mark.skipif(
    "connection.vendor != 'sqlite'",
    reason="PostgreSQL's column types refuse the value",
)


@pytest.fixture
def ledger(make_claim, editor):
    claim = make_claim(summary="Not what the bureau says.")
    claim.rate(Claim.Status.FALSE, reason="Checked the bureau's figures", by=editor)
    call_command("verify_ledger")  # intact before the tampering
    return claim


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def broken_ledger_message():
    with pytest.raises(CommandError) as failure:
        call_command("verify_ledger")
    return str(failure.value)


def first_entry_named():
    entry = LedgerEntry.objects.order_by("position").first()
    return f"Ledger broken at {entry.describe()}: "


@pytest.mark.parametrize(
    "layouts",
    [
        [1, 2, 3],
        Value(None, JSONField()),  # JSON null
        {"claims.historicalclaim": 1},
        "layouts",
        [{"model": "claims.historicalspeaker"}],
        [{"model": "claims.historicalspeaker", "fields": "id"}],
        [{"model": "claims.historicalspeaker", "fields": [["id"]]}],
        [{"model": ["claims.historicalspeaker"], "fields": ["id"]}],
    ],
)
def test_head_layouts_of_the_wrong_shape_name_the_first_entry(ledger, layouts):
    LedgerHead.objects.update(layouts=layouts)

    message = broken_ledger_message()

    assert message.startswith(first_entry_named())
    assert "layout 1" in message
    assert "the head was altered" in message


def test_an_entry_count_that_is_not_a_number_is_an_altered_head(ledger):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's bigint column refuses the value")
    sql("UPDATE claims_ledgerhead SET entries = 'many'")

    assert broken_ledger_message().startswith("The ledger head was altered: its entry count")


def test_a_head_hash_that_is_not_a_hash_is_an_altered_head(ledger):
    LedgerHead.objects.update(hash="not a hash")

    assert broken_ledger_message().startswith("The ledger head was altered: its hash")


def test_a_historical_date_no_datetime_holds_names_its_entry(ledger):
    rated = ledger.history.get(history_change_reason="Checked the bureau's figures")
    # PostgreSQL holds 'infinity', which Python's datetime cannot; SQLite any text.
    impossible = "infinity" if connection.vendor == "postgresql" else "the day after never"
    sql(
        "UPDATE claims_historicalclaim SET history_date = %s WHERE history_id = %s",
        [impossible, rated.pk],
    )
    entry = LedgerEntry.objects.get(history_model="claims.historicalclaim", history_id=rated.pk)

    message = broken_ledger_message()

    # PostgreSQL's driver refuses to read the row back; SQLite's reads it as
    # no date, which no longer matches the content hash.
    assert message.startswith(f"Ledger broken at {entry.describe()}: its historical row")
    if connection.vendor == "postgresql":
        assert "cannot be read back" in message


def test_a_date_no_datetime_holds_in_an_unchained_row_is_named(ledger):
    forged = ledger.history.first()
    forged.pk = None
    forged.save()  # a plain insert into the history table, with no entry
    impossible = "infinity" if connection.vendor == "postgresql" else "the day after never"
    sql(
        "UPDATE claims_historicalclaim SET history_date = %s WHERE history_id = %s",
        [impossible, forged.pk],
    )

    message = broken_ledger_message()

    assert f"history id {forged.pk} has no ledger entry" in message


@on_sqlite_only
def test_text_in_a_number_column_of_a_historical_row_names_its_entry(ledger):
    rated = ledger.history.get(history_change_reason="Checked the bureau's figures")
    sql(
        "UPDATE claims_historicalclaim SET speaker_id = 'somebody' WHERE history_id = %s",
        [rated.pk],
    )
    entry = LedgerEntry.objects.get(history_model="claims.historicalclaim", history_id=rated.pk)

    message = broken_ledger_message()

    assert message.startswith(f"Ledger broken at {entry.describe()}: ")
    assert "wrong type" in message


@on_sqlite_only
@pytest.mark.parametrize(
    ("column", "value"),
    [("history_id", "abc"), ("layout", "abc"), ("nonce", b"\x00\x01")],
)
def test_an_entry_column_of_the_wrong_type_names_the_entry(ledger, column, value):
    position = LedgerEntry.objects.order_by("position").last().position
    sql(f"UPDATE claims_ledgerentry SET {column} = %s WHERE position = %s", [value, position])

    message = broken_ledger_message()

    assert message.startswith(f"Ledger broken at entry {position} (")
