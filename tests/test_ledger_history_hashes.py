"""A claim's public history page shows each record's ledger entry and hash."""

from django.template.loader import render_to_string

from claims.models import Claim, LedgerEntry


def test_entries_for_a_claims_records_cost_one_query(
    make_claim, make_topic, editor, django_assert_num_queries
):
    claim = make_claim(summary="Wrong.")
    claim.rate(Claim.Status.FALSE, reason="Checked", by=editor)
    claim.set_topics([make_topic()], reason="Filed", by=editor)
    records = list(claim.history.all())

    # SELECT the entries of these history ids.
    with django_assert_num_queries(1):
        entries = LedgerEntry.objects.entries_for(records)

    assert sorted(entries) == sorted(record.pk for record in records)
    for record in records:
        assert entries[record.pk].history_model == "claims.historicalclaim"
        assert entries[record.pk].object_id == str(claim.pk)


def test_the_entry_fragment_shows_the_position_and_hash(make_claim):
    record = make_claim().history.get()
    entry = LedgerEntry.objects.entries_for([record])[record.pk]

    html = render_to_string("claims/includes/ledger_entry.html", {"entry": entry})

    assert f'href="/ledger/entries/{entry.position}.json"' in html
    assert entry.entry_hash in html
    assert "Not in the ledger" in render_to_string(
        "claims/includes/ledger_entry.html", {"entry": None}
    )


def test_no_records_cost_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert LedgerEntry.objects.entries_for([]) == {}


def test_the_public_history_page_shows_each_records_entry_hash(
    client, make_verdict, editor, make_editor
):
    claim = make_verdict(status="false")
    # Another editor approves the new verdict first: Erin writes it, so hers does not count.
    claim.approve(by=make_editor(), status=Claim.Status.MOSTLY_FALSE, summary=claim.summary)
    claim.rate(Claim.Status.MOSTLY_FALSE, reason="New figures", by=editor)
    published = claim.history.filter(published_at__isnull=False)
    entries = LedgerEntry.objects.entries_for(published)

    page = client.get(claim.get_history_url()).content.decode()

    assert len(entries) == published.count() >= 2
    for entry in entries.values():
        assert entry.entry_hash in page
        assert f'href="/ledger/entries/{entry.position}.json"' in page
    # Drafting before publication is not on the page, nor are its hashes.
    for record in claim.history.filter(published_at__isnull=True):
        draft_entry = LedgerEntry.objects.entries_for([record])[record.pk]
        assert draft_entry.entry_hash not in page
