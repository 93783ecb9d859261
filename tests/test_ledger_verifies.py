"""An untouched ledger verifies, whatever wrote the history: every historical row has its entry."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim, LedgerEntry, LedgerHead, Speaker


def verify():
    out = StringIO()
    call_command("verify_ledger", stdout=out)
    return out.getvalue().strip()


def test_an_empty_ledger_verifies(db):
    assert verify().startswith("Ledger intact: 0 entries, head 0000")


def test_a_ledger_written_by_the_workflow_verifies_and_reports_its_head(
    make_claim, make_topic, editor, make_editor
):
    second = make_editor()  # signs off what Erin writes: nobody signs off their own work
    claim = make_claim(summary="The figures say otherwise.")
    claim.set_topics([make_topic(), make_topic()], reason="Filed", by=editor)
    claim.rate(Claim.Status.FALSE, reason="Checked the figures", by=editor)
    claim.publish(by=second)
    claim.approve(by=second, status=Claim.Status.MISLEADING, summary=claim.summary)
    claim.rate(Claim.Status.MISLEADING, reason="New context", by=editor)
    Speaker.objects.create(name="Temporary").delete()

    output = verify()

    head = LedgerHead.objects.get()
    assert output == f"Ledger intact: {head.entries} entries, head {head.hash}."
    assert head.entries == LedgerEntry.objects.count() > 10
    assert head.hash == LedgerEntry.objects.last().entry_hash


def test_every_historical_row_including_topics_rows_has_exactly_one_entry(
    make_claim, make_topic, editor
):
    claim = make_claim()
    claim.set_topics([make_topic(), make_topic()], reason="Filed", by=editor)
    claim.set_topics([], reason="Refiled", by=editor)

    records = list(Claim.history.all())
    topics_rows = [row for record in records for row in record.topics.all()]
    assert len(topics_rows) == 2
    chained = list(LedgerEntry.objects.values_list("history_model", "history_id"))
    assert len(chained) == len(set(chained))
    for row in [*records, *topics_rows]:
        assert (type(row)._meta.label_lower, row.pk) in chained


def test_a_claims_topics_rows_are_chained_right_after_their_claim_record(
    make_claim, make_topic, editor
):
    claim = make_claim()
    claim.set_topics([make_topic(), make_topic()], reason="Filed", by=editor)

    record = claim.history.first()
    last_three = list(LedgerEntry.objects.order_by("-position")[:3])[::-1]
    assert [(e.history_model, e.object_id) for e in last_three] == [
        ("claims.historicalclaim", str(claim.pk)),
        ("claims.historicalclaim_topics", str(claim.pk)),
        ("claims.historicalclaim_topics", str(claim.pk)),
    ]
    assert last_three[0].history_id == record.pk
    assert {e.history_id for e in last_three[1:]} == {row.pk for row in record.topics.all()}


def test_verification_reads_the_ledger_a_chunk_at_a_time(make_claim, django_assert_num_queries):
    for _ in range(3):
        make_claim()  # a speaker, a source and a claim record each: 9 entries
    out = StringIO()

    # The head; 5 chunks of at most 2 entries, and the empty one that ends the
    # walk; per chunk, the rows of each historical model in it (2, 2, 2, 2, 1);
    # one search for an entry outside the chain; one search for rows without
    # an entry per historical model (10).
    with django_assert_num_queries(1 + 6 + 9 + 1 + 10):
        call_command("verify_ledger", "--chunk-size=2", stdout=out)

    assert out.getvalue().startswith("Ledger intact: 9 entries")


def test_a_chunk_size_below_one_is_refused(db):
    with pytest.raises(CommandError, match="--chunk-size must be a positive number"):
        call_command("verify_ledger", "--chunk-size=0")
