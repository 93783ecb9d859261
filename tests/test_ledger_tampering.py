"""
Each way of rewriting history behind the ledger's back makes verify_ledger
fail, naming the first entry that no longer matches.
"""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import ProtectedError
from django.urls import reverse

from claims.models import Claim, LedgerEntry, LedgerHead, Speaker


@pytest.fixture
def ledger(make_claim, editor, make_editor):
    """A few claims with a rated, published history; returns the first claim."""
    claim = make_claim(summary="Not what the bureau says.")
    claim.rate(Claim.Status.FALSE, reason="Checked the bureau's figures", by=editor)
    claim.publish(by=make_editor())  # another editor: Erin wrote the verdict
    make_claim()
    make_claim()
    call_command("verify_ledger")  # intact before the tampering
    return claim


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def broken_ledger_message():
    with pytest.raises(CommandError) as failure:
        call_command("verify_ledger")
    return str(failure.value)


def entry_for(record):
    return LedgerEntry.objects.get(
        history_model=type(record)._meta.label_lower, history_id=record.pk
    )


def names(entry):
    return (
        f"entry {entry.position} ({entry.history_model}, object {entry.object_id}, "
        f"history id {entry.history_id})"
    )


def test_editing_a_field_of_a_historical_row_is_detected(ledger):
    rated = ledger.history.get(history_change_reason="Checked the bureau's figures")
    sql(
        "UPDATE claims_historicalclaim SET status = %s WHERE history_id = %s",
        ["true", rated.pk],
    )

    message = broken_ledger_message()

    assert names(entry_for(rated)) in message
    assert "does not match the content hash" in message


def test_deleting_a_historical_row_is_detected(ledger):
    speaker_record = Speaker.history.get(id=ledger.speaker_id)
    entry = entry_for(speaker_record)
    sql("DELETE FROM claims_historicalspeaker WHERE history_id = %s", [speaker_record.pk])

    message = broken_ledger_message()

    assert names(entry) in message
    assert "historical row is missing" in message


def test_deleting_an_entry_is_detected(ledger):
    entry = entry_for(ledger.history.last())
    sql("DELETE FROM claims_ledgerentry WHERE position = %s", [entry.position])

    message = broken_ledger_message()

    assert f"Ledger broken at entry {entry.position}: it is missing" in message


def test_inserting_a_forged_historical_row_is_detected(ledger):
    forged = ledger.history.first()
    forged.pk = None
    forged.status = Claim.Status.TRUE
    forged.history_change_reason = "Rated true all along"
    forged.save()  # a plain insert into the history table, as raw SQL would do

    message = broken_ledger_message()

    assert (
        f"claims.historicalclaim, object {ledger.pk}, history id {forged.pk} has no ledger entry"
        in message
    )


def chain_forged_row_at(position, ledger):
    """A forged historical row of the claim, with an entry of garbage hashes at `position`."""
    forged = ledger.history.first()
    layout = entry_for(forged).layout
    forged.pk = None
    forged.status = Claim.Status.TRUE
    forged.history_change_reason = "Rated true all along"
    forged.save()
    return LedgerEntry.objects.create(
        position=position,
        history_model="claims.historicalclaim",
        history_id=forged.pk,
        object_id=str(ledger.pk),
        layout=layout,
        nonce="0" * 32,
        content_hash="c0ffee" * 10 + "c0de",
        entry_hash="badbad" * 10 + "f00d",
    )


def test_an_entry_past_the_head_chaining_a_forged_row_is_detected(ledger):
    head = LedgerHead.objects.get()
    forged = chain_forged_row_at(head.entries + 1, ledger)

    message = broken_ledger_message()

    assert f"Ledger broken at {names(forged)}: it is outside the chain" in message
    assert f"records entries 1 to {head.entries}" in message


def test_an_entry_at_position_zero_chaining_a_forged_row_is_detected(ledger):
    forged = chain_forged_row_at(0, ledger)

    message = broken_ledger_message()

    assert f"Ledger broken at {names(forged)}: it is outside the chain" in message


def test_no_public_page_shows_an_entry_past_the_head(ledger, client):
    forged = chain_forged_row_at(LedgerHead.objects.get().entries + 1, ledger)

    history = client.get(ledger.get_history_url())
    entry = client.get(reverse("claims:ledger_entry", args=[forged.position]))

    assert history.status_code == 200
    assert forged.entry_hash not in history.content.decode()
    assert entry.status_code == 404


@pytest.mark.parametrize("layout", [0, 99])
def test_altering_an_entrys_layout_number_is_detected(ledger, layout):
    entry = entry_for(ledger.history.last())
    sql("UPDATE claims_ledgerentry SET layout = %s WHERE position = %s", [layout, entry.position])

    message = broken_ledger_message()

    assert f"Ledger broken at {names(entry)}: its layout {layout} is not one" in message


def test_swapping_the_dates_of_two_historical_rows_is_detected(ledger):
    created, rated = ledger.history.order_by("history_id")[:2]
    sql(
        "UPDATE claims_historicalclaim SET history_date = %s WHERE history_id = %s",
        [rated.history_date, created.pk],
    )
    sql(
        "UPDATE claims_historicalclaim SET history_date = %s WHERE history_id = %s",
        [created.history_date, rated.pk],
    )

    message = broken_ledger_message()

    assert names(entry_for(created)) in message


def test_swapping_two_entries_is_detected(ledger):
    first, second = entry_for(ledger.history.last()), entry_for(ledger.history.first())
    swap = "UPDATE claims_ledgerentry SET position = %s WHERE position = %s"
    sql(swap, [10**12, first.position])
    sql(swap, [first.position, second.position])
    sql(swap, [second.position, 10**12])

    message = broken_ledger_message()

    second.position = first.position
    assert f"Ledger broken at {names(second)}" in message
    assert "does not follow from the entry before it" in message


def test_truncating_the_tail_is_detected_against_the_head(ledger):
    last_two = list(LedgerEntry.objects.order_by("-position")[:2])
    for entry in last_two:
        table = entry.history_model.replace("claims.", "claims_")
        pk = "m2m_history_id" if entry.history_model.endswith("_topics") else "history_id"
        sql(f"DELETE FROM {table} WHERE {pk} = %s", [entry.history_id])
        sql("DELETE FROM claims_ledgerentry WHERE position = %s", [entry.position])

    message = broken_ledger_message()

    end = last_two[-1].position - 1
    assert f"The chain ends at entry {end}" in message
    assert f"head records {last_two[0].position} entries" in message


def test_a_user_who_wrote_history_cannot_be_deleted_behind_the_ledger(ledger, editor):
    # simple-history would set their records' history_user to NULL, rewriting
    # chained rows; retire the account by deactivating it instead.
    with pytest.raises(ProtectedError):
        editor.delete()

    editor.is_active = False
    editor.save()
    call_command("verify_ledger")
