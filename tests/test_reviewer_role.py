"""What a reviewer may and may not do in the admin: crafted POSTs included."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from claims.models import Claim


@pytest.fixture
def as_reviewer(client, reviewer):
    client.force_login(reviewer)
    return client


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def test_a_reviewer_adds_a_claim(as_reviewer, form_data, make_speaker, make_source, reviewer):
    url = reverse("admin:claims_claim_add")
    data = form_data(as_reviewer.get(url))
    speaker, source = make_speaker(), make_source()
    data.update(text="Crime halved in a year.", speaker=speaker.pk, source=source.pk)

    response = as_reviewer.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    claim = Claim.objects.get(text="Crime halved in a year.")
    assert not claim.is_published
    assert claim.history.get().history_user == reviewer


def test_a_reviewer_moves_a_draft_into_review_and_proposes_a_verdict(
    as_reviewer, form_data, make_claim
):
    claim = make_claim()
    data = form_data(as_reviewer.get(change_url(claim)))
    data.update(status="in_review", change_reason="Starting the check")
    assert as_reviewer.post(change_url(claim), data).status_code == 302

    data = form_data(as_reviewer.get(change_url(claim)))
    data.update(status="false", summary="The census says otherwise.", change_reason="Census")
    assert as_reviewer.post(change_url(claim), data).status_code == 302

    claim.refresh_from_db()
    assert (claim.status, claim.summary, claim.is_published) == (
        "false",
        "The census says otherwise.",
        False,
    )


def test_a_reviewers_crafted_publish_is_refused(as_reviewer, form_data, make_claim):
    claim = make_claim(status="true", summary="Matches the record.")
    data = form_data(as_reviewer.get(change_url(claim)))
    # The Published box is there for everyone; ticking it is an editor's step.
    data.update(is_published="on", change_reason="Looks done to me")

    response = as_reviewer.post(change_url(claim), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["is_published"] == [
        "Only editors may publish or unpublish a claim."
    ]
    claim.refresh_from_db()
    assert not claim.is_published


def test_a_reviewer_may_not_change_a_published_verdict(as_reviewer, form_data, make_claim):
    claim = make_claim(status="true", summary="Matches the record.", published=True)
    data = form_data(as_reviewer.get(change_url(claim)))
    data.update(status="false", change_reason="I changed my mind")

    response = as_reviewer.post(change_url(claim), data)

    assert "status" in response.context["adminform"].form.errors
    claim.refresh_from_db()
    assert claim.status == "true"
    assert not claim.corrections.exists()


def test_a_reviewer_may_not_rewrite_a_published_summary(as_reviewer, form_data, make_claim):
    claim = make_claim(status="true", summary="Matches the record.", published=True)
    data = form_data(as_reviewer.get(change_url(claim)))
    data.update(summary="Something else entirely.")

    response = as_reviewer.post(change_url(claim), data)

    assert "summary" in response.context["adminform"].form.errors
    claim.refresh_from_db()
    assert claim.summary == "Matches the record."


def test_a_reviewer_edits_the_text_of_a_published_claim(as_reviewer, form_data, make_claim):
    claim = make_claim(status="true", summary="Matches the record.", published=True)
    data = form_data(as_reviewer.get(change_url(claim)))
    data.update(context="at a press briefing")

    assert as_reviewer.post(change_url(claim), data).status_code == 302
    claim.refresh_from_db()
    assert claim.context == "at a press briefing"


def test_a_reviewers_crafted_publish_action_is_refused(as_reviewer, make_claim):
    claim = make_claim(status="true", summary="Matches the record.")

    response = as_reviewer.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "publish", "_selected_action": [claim.pk]},
        follow=True,
    )

    assert response.status_code == 200
    claim.refresh_from_db()
    assert not claim.is_published


def test_a_reviewer_deletes_nothing(as_reviewer, make_claim, make_topic):
    claim, topic = make_claim(), make_topic()
    claim_delete = reverse("admin:claims_claim_delete", args=[claim.pk])
    topic_delete = reverse("admin:claims_topic_delete", args=[topic.pk])

    assert as_reviewer.post(claim_delete, {"post": "yes"}).status_code == 403
    assert as_reviewer.post(topic_delete, {"post": "yes"}).status_code == 403
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_the_workflow_methods_refuse_a_reviewer_the_editors_steps(make_claim, reviewer):
    draft = make_claim(status="true", summary="Matches the record.")
    published = make_claim(status="false", summary="Not so.", published=True)

    with pytest.raises(PermissionDenied, match="publish"):
        draft.publish(by=reviewer)
    with pytest.raises(PermissionDenied):
        published.unpublish(reason="Pulling it", by=reviewer)
    with pytest.raises(PermissionDenied):
        published.rate("true", summary="Actually so.", reason="Re-check", by=reviewer)
    with pytest.raises(PermissionDenied):
        published.retract(reason="Withdrawn", by=reviewer)
    published.refresh_from_db()
    assert (published.status, published.is_published) == ("false", True)


def test_a_reviewers_crafted_retraction_is_refused(as_reviewer, form_data, make_claim):
    claim = make_claim(status="false", summary="Not so.", published=True)
    entries = claim.history.count()
    data = form_data(as_reviewer.get(change_url(claim)))
    # Back to Unverified on a published verdict is a retraction: an editor's step.
    data.update(status="unverified", change_reason="Withdrawing it")

    response = as_reviewer.post(change_url(claim), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["status"] == [
        "Only editors may retract a published verdict."
    ]
    claim.refresh_from_db()
    assert (claim.status, claim.summary, claim.is_published) == ("false", "Not so.", True)
    assert not claim.corrections.exists()
    assert claim.history.count() == entries


def test_a_reviewers_crafted_unpublish_action_is_refused(as_reviewer, make_claim):
    claim = make_claim(status="true", summary="Matches the record.", published=True)
    entries = claim.history.count()

    response = as_reviewer.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "unpublish", "_selected_action": [claim.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert "No action selected." in [str(message) for message in response.context["messages"]]
    claim.refresh_from_db()
    assert claim.is_published
    assert claim.history.count() == entries
