"""Reverting to an old version: free for drafts, an edit like any other for published claims."""

from django.urls import reverse

from claims.models import Correction


def revert_url(claim, entry):
    return reverse("admin:claims_claim_simple_history", args=[claim.pk, entry.history_id])


def test_a_reviewer_reverts_a_draft_to_an_old_version(client, reviewer, form_data, make_claim):
    client.force_login(reviewer)
    claim = make_claim(context="the original venue")
    old = claim.history.first()
    claim.context = "a wrong venue"
    claim.save_recorded(reason="Mistake", by=reviewer)

    data = form_data(client.get(revert_url(claim, old)))
    data["change_reason"] = "Undo the wrong venue"
    response = client.post(revert_url(claim, old), data)

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.context == "the original venue"
    entry = claim.history.first()
    assert (entry.history_user, entry.history_change_reason) == (reviewer, "Undo the wrong venue")


def test_reverting_a_published_verdict_needs_an_editor_and_a_reason(
    client, reviewer, editor, make_editor, form_data, make_claim
):
    claim = make_claim(status="false", summary="Not so.", published=True)
    old = claim.history.first()
    # Another editor approves both verdicts Erin writes here, the new one and the
    # reverted one: she writes each, so her own act is no sign-off of it.
    second = make_editor()
    claim.approve(by=second, status="false", summary="Not so.")
    claim.approve(by=second, status="mostly_false", summary="Mostly not so.")
    claim.rate("mostly_false", summary="Mostly not so.", reason="New data", by=editor)

    client.force_login(reviewer)
    response = client.post(revert_url(claim, old), form_data(client.get(revert_url(claim, old))))
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"status", "summary", "change_reason"}

    client.force_login(editor)
    data = form_data(client.get(revert_url(claim, old)))
    assert client.post(revert_url(claim, old), data).status_code == 200
    data["change_reason"] = "The new data was wrong"
    assert client.post(revert_url(claim, old), data).status_code == 302

    claim.refresh_from_db()
    assert (claim.status, claim.summary, claim.is_published) == ("false", "Not so.", True)
    correction = claim.corrections.latest("created_at")
    assert (correction.kind, correction.previous_status, correction.new_status) == (
        Correction.Kind.RATING_CHANGE,
        "mostly_false",
        "false",
    )


def test_reverting_never_unpublishes(client, editor, form_data, make_claim):
    client.force_login(editor)
    claim = make_claim(context="first")
    draft_version = claim.history.first()
    claim.publish(by=editor)

    data = form_data(client.get(revert_url(claim, draft_version)))
    data["change_reason"] = "Back to the first venue"
    assert client.post(revert_url(claim, draft_version), data).status_code == 302

    claim.refresh_from_db()
    assert claim.is_published


def test_a_user_who_may_only_view_cannot_post_a_revert(client, django_user_model, make_claim):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("vic", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_claim"))
    client.force_login(viewer)
    claim = make_claim(context="kept")
    old = claim.history.first()

    assert client.get(revert_url(claim, old)).status_code == 200
    response = client.post(revert_url(claim, old), {"text": "overwritten", "context": "lost"})

    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.context == "kept"


def test_a_revert_restores_the_versions_topics_with_the_reason(
    client, editor, form_data, make_claim, make_topic
):
    client.force_login(editor)
    claim = make_claim()
    claim.set_topics([make_topic(name="Policing")], reason="Tagged", by=editor)
    old = claim.history.first()
    claim.set_topics([make_topic(name="Housing")], reason="Retagged", by=editor)

    data = form_data(client.get(revert_url(claim, old)))
    data["change_reason"] = "Housing was wrong"
    assert client.post(revert_url(claim, old), data).status_code == 302

    assert [topic.name for topic in claim.topics.all()] == ["Policing"]
    entry = claim.history.first()
    assert (entry.history_user, entry.history_change_reason) == (editor, "Housing was wrong")


def test_a_revert_records_only_what_it_changed(client, editor, form_data, make_claim):
    from datetime import timedelta

    client.force_login(editor)
    claim = make_claim(context="the original venue")
    old = claim.history.first()
    # An import gives the claim its external id and its original date later.
    claim.external_id = "factbase-123"
    claim.created_at -= timedelta(days=30)
    claim.context = "a wrong venue"
    claim.save_recorded(reason="Imported", by=None)

    data = form_data(client.get(revert_url(claim, old)))
    data["change_reason"] = "Undo the wrong venue"
    assert client.post(revert_url(claim, old), data).status_code == 302

    claim.refresh_from_db()
    assert (claim.external_id, claim.context) == ("factbase-123", "the original venue")
    entry, before = claim.history.all()[:2]
    assert entry.history_change_reason == "Undo the wrong venue"
    changed = set(entry.diff_against(before).changed_fields)
    assert changed <= {"context", "updated_at"}
    history = client.get(reverse("admin:claims_claim_history", args=[claim.pk])).content.decode()
    assert "factbase-123</del>" not in history


def test_the_revert_page_of_a_deleted_claim_or_an_unknown_version_is_not_found(
    admin_client, make_claim
):
    claim = make_claim()
    old = claim.history.first()
    other = make_claim()

    for version in ("999999", "abc"):
        url = reverse("admin:claims_claim_simple_history", args=[claim.pk, version])
        assert admin_client.get(url).status_code == 404
    # Another claim's version is no version of this one.
    url = reverse("admin:claims_claim_simple_history", args=[other.pk, old.history_id])
    assert admin_client.get(url).status_code == 404
    claim.delete()
    assert admin_client.get(revert_url(claim, old)).status_code == 404
    assert admin_client.post(revert_url(claim, old), {"text": "back"}).status_code == 404


def test_a_refusal_after_validation_shows_the_revert_form_again(
    client, editor, form_data, make_claim, monkeypatch
):
    from django.core.exceptions import ValidationError

    from claims.models import Claim

    client.force_login(editor)
    claim = make_claim(context="first venue")
    old = claim.history.first()
    claim.context = "second venue"
    claim.save_recorded(reason="Moved", by=editor)
    claim.rate("in_review", reason="Checking", by=editor)

    def refuse(self, *args, **kwargs):
        raise ValidationError("Someone rated it meanwhile.")

    monkeypatch.setattr(Claim, "rate", refuse)
    data = form_data(client.get(revert_url(claim, old)))
    data["change_reason"] = "Back to the first version"
    response = client.post(revert_url(claim, old), data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.non_field_errors() == ["Someone rated it meanwhile."]
    assert form["change_reason"].value() == "Back to the first version"
    claim.refresh_from_db()
    assert (claim.context, claim.status) == ("second venue", "in_review")


def test_the_revert_page_of_a_deleted_speaker_is_not_found(admin_client, make_speaker):
    speaker = make_speaker(description="the original")
    old = speaker.history.first()
    url = reverse("admin:claims_speaker_simple_history", args=[speaker.pk, old.history_id])
    assert admin_client.get(url).status_code == 200
    speaker.delete()

    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url, {"name": "Back", "slug": "back"}).status_code == 404
