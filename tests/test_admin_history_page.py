"""A claim's history page says who changed what, when and why, field by field."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.admin import ClaimAdmin


def history_entries(client, claim):
    response = client.get(reverse("admin:claims_claim_history", args=[claim.pk]))
    assert response.status_code == 200
    return response, list(response.context["page_obj"])


def test_the_history_page_shows_a_field_by_field_diff(client, reviewer, make_claim):
    client.force_login(reviewer)
    claim = make_claim(context="at a press conference")
    claim.context = "at a press conference in Central"
    claim.save_recorded(reason="Venue was more precise in the video", by=reviewer)
    claim.rate("in_review", reason="Checking the figures", by=reviewer)

    response, (rated, edited, _created) = history_entries(client, claim)

    assert rated.history_delta_changes == [
        {"field": "Status", "old": "Unverified", "new": "In review"}
    ]
    assert edited.history_delta_changes == [
        {
            "field": "Context",
            "old": "at a press conference",
            "new": "at a press conference in Central",
        }
    ]
    page = response.content.decode()
    assert "Venue was more precise in the video" in page
    assert '<del dir="auto">Unverified</del> → <ins dir="auto">In review</ins>' in page
    assert "ravi" in page
    assert "Created with the values in this version." in page


def test_the_history_page_shows_topic_changes(client, editor, make_claim, make_topic):
    client.force_login(editor)
    claim = make_claim()
    claim.set_topics([make_topic(name="Policing")], reason="Tagged", by=editor)

    _, entries = history_entries(client, claim)

    assert entries[0].history_delta_changes == [
        {"field": "Topics", "old": "(empty)", "new": "Policing"}
    ]


def test_the_oldest_entry_on_a_page_still_shows_its_diff(client, editor, make_claim, monkeypatch):
    client.force_login(editor)
    claim = make_claim(context="one")
    for context in ("two", "three"):
        claim.context = context
        claim.save_recorded(reason=f"Now {context}", by=editor)
    url = reverse("admin:claims_claim_history", args=[claim.pk])
    monkeypatch.setattr(ClaimAdmin, "history_list_per_page", 2)

    oldest_on_first_page = list(client.get(url).context["page_obj"])[-1]

    assert oldest_on_first_page.history_delta_changes == [
        {"field": "Context", "old": "one", "new": "two"}
    ]


def test_the_history_page_costs_the_same_queries_for_3_and_20_entries(
    client, editor, make_claim, make_topic
):
    client.force_login(editor)
    topics = [make_topic(), make_topic()]

    def claim_with_entries(count):
        claim = make_claim()
        for number in range(count - 1):
            if number % 2:
                claim.set_topics(topics[: number % 3], reason=f"Topics {number}", by=editor)
            else:
                claim.context = f"venue {number}"
                claim.save_recorded(reason=f"Venue {number}", by=editor)
        return claim

    def queries_for(claim):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("admin:claims_claim_history", args=[claim.pk]))
        assert response.status_code == 200
        return len(captured)

    small, large = claim_with_entries(3), claim_with_entries(20)
    assert large.history.count() >= 20
    assert queries_for(large) == queries_for(small)


def test_a_deleted_speakers_history_still_opens_but_links_no_version(admin_client, make_speaker):
    speaker = make_speaker(description="the original")
    speaker.description = "the second"
    speaker.save()
    pk = speaker.pk
    url = reverse("admin:claims_speaker_history", args=[pk])
    version = reverse(
        "admin:claims_speaker_simple_history", args=[speaker.pk, speaker.history.first().history_id]
    )
    assert version in admin_client.get(url).content.decode()
    speaker.delete()

    response = admin_client.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    assert "has been deleted" in page
    assert "View or revert" not in page
    # No link to any version: they would all be 404s.
    assert version not in page
    assert f'href="{url}' not in page.replace(f'href="{url}"', "")
    # Every entry, the deletion included, is still listed.
    assert len(response.context["page_obj"]) == 3
