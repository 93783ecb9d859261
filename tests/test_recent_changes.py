"""Editors' "recent changes" page: every claim's changes, newest first, in fixed queries."""

import pytest
from django.urls import reverse

RECENT_CHANGES = reverse("admin:claims_claim_recent_changes")


def test_editors_see_changes_across_claims_with_their_diffs(client, editor, make_claim, make_topic):
    client.force_login(editor)
    first = make_claim(text="Crime halved.")
    second = make_claim(text="Rents fell.")
    first.rate("in_review", reason="Checking the police figures", by=editor)
    second.set_topics([make_topic(name="Housing")], reason="Tagged", by=editor)

    response = client.get(RECENT_CHANGES)

    assert response.status_code == 200
    topics_entry, status_entry = response.context["entries"][:2]
    assert (topics_entry.text, topics_entry.history_change_reason) == ("Rents fell.", "Tagged")
    assert topics_entry.changes == [{"field": "Topics", "old": "(empty)", "new": "Housing"}]
    assert status_entry.changes == [{"field": "Status", "old": "Unverified", "new": "In review"}]
    page = response.content.decode()
    assert "Checking the police figures" in page
    assert "erin" in page


def test_the_claim_list_links_to_it_for_editors_only(client, editor, reviewer):
    client.force_login(editor)
    assert RECENT_CHANGES in client.get(reverse("admin:claims_claim_changelist")).content.decode()
    client.force_login(reviewer)
    assert (
        RECENT_CHANGES not in client.get(reverse("admin:claims_claim_changelist")).content.decode()
    )


def test_reviewers_may_not_open_it(client, reviewer):
    client.force_login(reviewer)
    assert client.get(RECENT_CHANGES).status_code == 403


@pytest.mark.parametrize("claims", [1, 30])
def test_it_runs_the_same_queries_however_many_changes(
    client, editor, make_claim, make_speaker, make_topic, claims, django_assert_num_queries
):
    client.force_login(editor)
    speaker, topic = make_speaker(), make_topic()
    for _ in range(claims):
        claim = make_claim(speaker=speaker)
        claim.rate("in_review", reason="Checking", by=editor)
        claim.set_topics([topic], reason="Tagged", by=editor)

    # 1 session, 2 user, 3-4 permissions, 5 count, 6 the page of entries with
    # their users and related rows, 7 the entries before them, 8 both sides' topics.
    with django_assert_num_queries(8):
        assert client.get(RECENT_CHANGES).status_code == 200
