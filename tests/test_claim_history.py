"""Every write to a claim, and to what it rests on, leaves a history entry with who and why."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims.models import Claim, Evidence, Speaker


def test_creating_a_claim_records_who_and_why(make_speaker, make_source, reviewer):
    claim = Claim(text="Unemployment fell last year.", speaker=make_speaker(), source=make_source())
    claim.save_recorded(reason="Logged from the morning papers", by=reviewer)

    (entry,) = claim.history.all()
    assert entry.history_type == "+"
    assert entry.history_user == reviewer
    assert entry.history_change_reason == "Logged from the morning papers"
    assert entry.text == "Unemployment fell last year."


def test_editing_a_claim_records_the_old_and_new_values(make_claim, reviewer):
    claim = make_claim(context="at a press conference")
    claim.context = "at a press conference in Central"
    claim.save_recorded(reason="Venue was more precise in the video", by=reviewer)

    latest, first = claim.history.all()[:2]
    assert latest.history_type == "~"
    assert latest.history_user == reviewer
    assert latest.history_change_reason == "Venue was more precise in the video"
    (change,) = latest.diff_against(first).changes
    assert (change.field, change.old, change.new) == (
        "context",
        "at a press conference",
        "at a press conference in Central",
    )


def test_a_reason_is_not_carried_over_to_the_next_save(make_claim, reviewer):
    claim = make_claim()
    claim.context = "first edit"
    claim.save_recorded(reason="First reason", by=reviewer)
    claim.context = "second edit"
    claim.save()

    assert claim.history.first().history_change_reason is None
    assert claim.history.first().history_user is None


def test_a_status_change_records_the_reason_and_the_user(make_claim, editor):
    claim = make_claim()
    claim.rate(Claim.Status.IN_REVIEW, reason="Checking the bureau's figures", by=editor)

    entry = claim.history.first()
    assert entry.status == "in_review"
    assert entry.history_user == editor
    assert entry.history_change_reason == "Checking the bureau's figures"


def test_a_status_change_without_a_reason_is_refused(make_claim, editor):
    claim = make_claim()
    with pytest.raises(ValidationError, match="reason"):
        claim.rate(Claim.Status.IN_REVIEW, reason="  ", by=editor)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.UNVERIFIED
    assert claim.history.count() == 1


def test_saving_a_new_status_outside_rate_is_refused(make_claim):
    claim = make_claim()
    claim.status = Claim.Status.FALSE
    with pytest.raises(ValidationError, match="rate"):
        claim.save_recorded(reason="Trying to skip the workflow")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.UNVERIFIED


def test_changing_topics_is_recorded_with_the_topics_at_that_moment(make_claim, make_topic, editor):
    claim = make_claim()
    housing, budget = make_topic(name="Housing"), make_topic(name="Budget")
    claim.set_topics([housing, budget], reason="Tagged for the budget desk", by=editor)

    entry = claim.history.first()
    assert entry.history_change_reason == "Tagged for the budget desk"
    assert entry.history_user == editor
    assert {row.topic_id for row in entry.topics.all()} == {housing.pk, budget.pk}
    assert not claim.history.last().topics.exists()


def test_evidence_speakers_sources_and_topics_keep_history_too(make_claim, make_topic, editor):
    claim = make_claim()
    evidence = Evidence(claim=claim, url="https://stats.example.org/table-1", title="Table 1")
    evidence.save_recorded(reason="Official statistics", by=editor)
    topic = make_topic()

    for record in (evidence, claim.speaker, claim.source, topic):
        assert record.history.count() == 1, record


def test_an_edit_through_the_admin_records_the_signed_in_user(
    admin_client, admin_user, make_speaker
):
    speaker = make_speaker(name="Kyle Ward")
    response = admin_client.post(
        reverse("admin:claims_speaker_change", args=[speaker.pk]),
        {
            "name": "Kyle Ward",
            "slug": speaker.slug,
            "kind": "person",
            "description": "deputy secretary general, Amnesty International",
            "same_as": "",
            # The version the change page was opened at (StaleEditCheckForm).
            "version": str(speaker.history.first().history_id),
        },
    )
    assert response.status_code == 302

    entry = Speaker.objects.get(pk=speaker.pk).history.first()
    assert entry.history_type == "~"
    assert entry.description == "deputy secretary general, Amnesty International"
    assert entry.history_user == admin_user
