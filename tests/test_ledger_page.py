"""/ledger/ shows the head and how to verify it; its JSON never shows a draft's content."""

import hashlib
import json

import pytest
from django.urls import reverse

from claims.chain import Checkpoint, check_hash_chain
from claims.models import LedgerEntry, LedgerHead


@pytest.fixture
def ledger(make_claim, editor):
    published = make_claim(summary="Published summary.", published=True)
    draft = make_claim(summary="SECRET draft finding.")
    return published, draft


def test_the_page_shows_the_head_and_how_to_verify_it(client, ledger):
    head = LedgerHead.objects.get()

    response = client.get(reverse("claims:ledger"))

    assert response.status_code == 200
    assert "claims/ledger.html" in [t.name for t in response.templates]
    assert "base.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert f'<dd id="ledger-entries">{head.entries}</dd>' in page
    assert head.hash in page
    assert f"verify_ledger --url http://127.0.0.1:8000 --checkpoint {head.checkpoint}" in page


def test_the_head_is_also_json(client, ledger):
    head = LedgerHead.objects.get()

    data = client.get(reverse("claims:ledger_head")).json()

    assert (data["entries"], data["head"], data["checkpoint"]) == (
        head.entries,
        head.hash,
        head.checkpoint,
    )


def test_the_published_hashes_recompute_to_the_head_page_by_page(client, ledger, monkeypatch):
    monkeypatch.setattr("claims.ledger_views.ENTRIES_PAGE_SIZE", 2)
    head = LedgerHead.objects.get()
    listed, after = [], 0
    while True:
        page = client.get(reverse("claims:ledger_entries"), {"after": after}).json()
        listed += page["entries"]
        if not page["next"]:
            break
        after = page["entries"][-1]["position"]

    chain = [(e["position"], e["content_hash"], e["entry_hash"]) for e in listed]
    assert check_hash_chain(iter(chain), Checkpoint(head.entries, head.hash)) is not None
    assert len(chain) == head.entries


@pytest.mark.parametrize("after", ["-1", "²", "99999999999999999999"])
def test_a_bad_page_position_is_a_clear_400(client, db, after):
    response = client.get(reverse("claims:ledger_entries"), {"after": after})

    assert response.status_code == 400
    assert "is not a position" in response.json()["error"]


def test_a_published_claims_record_is_disclosed_and_hashes_to_its_entry(client, ledger):
    published, _ = ledger
    record = published.history.exclude(published_at=None).get()
    entry = LedgerEntry.objects.entries_for([record])[record.pk]

    data = client.get(reverse("claims:ledger_entry", args=[entry.position])).json()

    assert data["withheld"] is False
    digest = hashlib.sha256(f"{data['nonce']}\n{data['canonical']}".encode()).hexdigest()
    assert digest == data["content_hash"] == entry.content_hash
    assert json.loads(data["canonical"])["fields"]["summary"] == "Published summary."


def test_no_public_json_shows_a_drafts_content(client, ledger):
    _, draft = ledger
    draft_records = list(draft.history.all())
    entries = LedgerEntry.objects.entries_for(draft_records)
    # The published claim's record from before it was published is a draft too.
    published, _ = ledger
    before = published.history.filter(published_at=None)
    entries |= LedgerEntry.objects.entries_for(before)
    assert len(entries) == len(draft_records) + before.count()

    bodies = [client.get(reverse("claims:ledger_head")).content]
    bodies += [client.get(reverse("claims:ledger_entries")).content]
    for entry in entries.values():
        response = client.get(reverse("claims:ledger_entry", args=[entry.position]))
        assert response.json()["withheld"] is True
        assert response.json()["nonce"] is None
        bodies.append(response.content)
    assert not any(b"SECRET" in body or draft.text.encode() in body for body in bodies)


def test_an_unknown_entry_is_a_404(client, db):
    assert client.get(reverse("claims:ledger_entry", args=[999])).status_code == 404


@pytest.mark.parametrize("layout", [0, 99])
def test_an_entry_with_an_altered_layout_number_is_a_clear_answer_not_a_500(client, ledger, layout):
    published, _ = ledger
    record = published.history.exclude(published_at=None).get()
    entry = LedgerEntry.objects.entries_for([record])[record.pk]
    LedgerEntry.objects.filter(pk=entry.pk).update(layout=layout)

    response = client.get(reverse("claims:ledger_entry", args=[entry.position]))

    assert response.status_code == 200
    data = response.json()
    # Nothing is held back on purpose: the entry cannot be read, and says why.
    assert (data["withheld"], data["nonce"], data["canonical"]) == (False, None, None)
    assert data["content_hash"] == entry.content_hash
    assert data["error"] == (
        f"Entry {entry.position} cannot be read back: its layout {layout} is not one the "
        "head records for this model."
    )
