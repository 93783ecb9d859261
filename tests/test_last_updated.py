"""
A claim's "last updated" (its page, the ClaimReview dateModified, the feed and
the sitemap) moves with every change readers see: corrections, topics and
evidence included, each recorded in the claim's history with who and why.
"""

import json
import re

from django.urls import reverse

from claims.models import Claim, Correction


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def last_updated(client, claim):
    """The claim page's "last updated" and its JSON-LD dateModified."""
    page = client.get(claim.get_absolute_url()).content.decode()
    shown = re.search(r'<time class="updated-at" datetime="([^"]+)"', page).group(1)
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return shown, json.loads(script.group(1))["dateModified"]


def test_a_correction_moves_last_updated(client, editor, make_verdict):
    claim = make_verdict()
    before = last_updated(client, claim)

    claim.issue_correction(Correction.Kind.UPDATE, "Added the survey's date.", by=editor)

    after = last_updated(client, claim)
    assert after[0] != before[0] and after[1] != before[1]
    entry = claim.history.first()
    assert (entry.history_user, entry.history_change_reason) == (editor, "Update issued")


def test_evidence_added_on_the_claim_form_moves_last_updated(
    client, editor, form_data, make_verdict
):
    claim = make_verdict()
    before = last_updated(client, claim)
    client.force_login(editor)
    data = form_data(client.get(change_url(claim)))
    data.update(
        {
            "evidence-TOTAL_FORMS": "2",
            "evidence-1-position": "2",
            "evidence-1-stance": "context",
            "evidence-1-url": "https://example.org/budget",
            "evidence-1-title": "Budget table",
            "change_reason": "Added the budget table",
        }
    )

    assert client.post(change_url(claim), data).status_code == 302

    after = last_updated(client, claim)
    assert after[0] != before[0] and after[1] != before[1]
    entry = claim.history.first()
    assert (entry.history_user, entry.history_change_reason) == (editor, "Added the budget table")


def test_evidence_removed_on_the_claim_form_moves_last_updated(
    client, editor, form_data, make_verdict
):
    claim = make_verdict()
    before = claim.updated_at
    client.force_login(editor)
    data = form_data(client.get(change_url(claim)))
    data.update({"evidence-0-DELETE": "on", "change_reason": "The figures were withdrawn"})

    assert client.post(change_url(claim), data).status_code == 302

    claim.refresh_from_db()
    assert claim.updated_at > before
    assert not claim.evidence.exists()


def test_a_change_of_topics_moves_last_updated_in_one_entry(
    client, editor, make_verdict, make_topic
):
    claim = make_verdict()
    before, entries_before = last_updated(client, claim), claim.history.count()

    claim.set_topics([make_topic(name="Housing")], reason="Filed under housing", by=editor)

    after = last_updated(client, claim)
    assert after[0] != before[0] and after[1] != before[1]
    # The topics entry carries the new date: no extra entry that shows no change.
    assert claim.history.count() == entries_before + 1
    claim.refresh_from_db()
    assert claim.history.first().updated_at == claim.updated_at


def test_a_change_of_topics_alone_on_the_claim_form_moves_last_updated(
    client, editor, form_data, make_verdict, make_topic
):
    claim = make_verdict()
    before = claim.updated_at
    client.force_login(editor)
    data = form_data(client.get(change_url(claim)))
    data.update(topics=[str(make_topic(name="Budgets").pk)], change_reason="Filed")

    assert client.post(change_url(claim), data).status_code == 302

    claim.refresh_from_db()
    assert claim.updated_at > before
    entry = claim.history.first()
    assert (entry.updated_at, entry.history_change_reason) == (claim.updated_at, "Filed")


def test_setting_the_same_topics_writes_nothing(editor, make_claim, make_topic):
    claim = make_claim()
    topic = make_topic()
    claim.set_topics([topic], reason="Filed", by=editor)
    entries = claim.history.count()

    claim.set_topics([topic], reason="Filed again", by=editor)

    assert claim.history.count() == entries


def test_evidence_changed_on_its_own_admin_page_moves_last_updated(
    client, editor, make_verdict, make_claim
):
    claim, other = make_verdict(), make_claim()
    evidence = claim.evidence.get()
    before = last_updated(client, claim)
    client.force_login(editor)
    url = reverse("admin:claims_evidence_change", args=[evidence.pk])
    data = {
        "claim": claim.pk,
        "position": "0",
        "url": evidence.url,
        "title": "Official figures, revised",
        "publisher": evidence.publisher,
        "excerpt": evidence.excerpt,
        "stance": evidence.stance,
        # The version the change page was opened at (StaleEditCheckForm).
        "version": str(evidence.history.first().history_id),
    }

    assert client.post(url, data).status_code == 302

    after = last_updated(client, claim)
    assert after[0] != before[0] and after[1] != before[1]
    entry = claim.history.first()
    assert entry.history_user == editor
    assert entry.history_change_reason == "Evidence “Official figures, revised” changed"

    other_before = Claim.objects.get(pk=other.pk).updated_at
    delete_url = reverse("admin:claims_evidence_delete", args=[evidence.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert Claim.objects.get(pk=claim.pk).updated_at > Claim.objects.get(pk=other.pk).updated_at
    assert Claim.objects.get(pk=other.pk).updated_at == other_before


def test_topics_given_as_a_generator_are_all_set(editor, make_claim, make_topic):
    claim = make_claim()
    topics = [make_topic(name="Housing"), make_topic(name="Budgets")]

    claim.set_topics((topic for topic in topics), reason="Filed", by=editor)

    assert set(claim.topics.all()) == set(topics)


def test_deleting_a_claims_evidence_at_once_is_one_entry_in_its_history(
    client, editor, make_claim
):
    from claims.models import Evidence

    claim = make_claim()
    evidence = [
        Evidence.objects.create(claim=claim, position=number, title=f"Table {number}")
        for number in range(3)
    ]
    entries = claim.history.count()
    client.force_login(editor)

    response = client.post(
        reverse("admin:claims_evidence_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [item.pk for item in evidence],
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert not claim.evidence.exists()
    assert claim.history.count() == entries + 1
    entry = claim.history.first()
    assert entry.history_user == editor
    assert entry.history_change_reason == "Evidence “Table 0”, “Table 1”, “Table 2” deleted"
