"""What an editor may do in the admin: publish, unpublish, re-rate and retract; never delete."""

import pytest
from django.urls import reverse

from claims.models import Claim, Correction


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def test_an_editor_publishes_a_verdict_with_a_reason(
    as_editor, form_data, make_claim, editor, reviewer
):
    claim = make_claim(status="in_review")
    claim.rate(
        "mostly_false",
        summary="The figure counts one district only.",
        reason="Checked",
        by=reviewer,
    )
    data = form_data(as_editor.get(change_url(claim)))
    data.update(is_published="on", change_reason="Signed off by the desk")

    response = as_editor.post(change_url(claim), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    claim.refresh_from_db()
    assert (claim.status, claim.is_published) == ("mostly_false", True)
    latest = claim.history.first()
    assert (latest.history_user, latest.history_change_reason) == (editor, "Signed off by the desk")
    assert not claim.corrections.exists()


def test_an_editor_changing_a_published_verdict_issues_a_correction(
    as_editor, form_data, make_claim, editor, make_editor
):
    claim = make_claim(status="false", summary="No such law.", published=True)
    # The panel (by default one editor other than the one writing it) agreed on the new words.
    claim.approve(
        by=make_editor(), status="misleading", summary="The law exists but says something else."
    )
    data = form_data(as_editor.get(change_url(claim)))
    data.update(
        status="misleading",
        summary="The law exists but says something else.",
        change_reason="A reader sent the gazette notice",
    )

    assert as_editor.post(change_url(claim), data).status_code == 302

    correction = claim.corrections.get()
    assert (correction.kind, correction.previous_status, correction.new_status) == (
        Correction.Kind.RATING_CHANGE,
        "false",
        "misleading",
    )
    assert (correction.note, correction.created_by) == ("A reader sent the gazette notice", editor)


def test_an_editor_retracts_by_setting_a_published_verdict_back_to_unverified(
    as_editor, form_data, make_claim
):
    claim = make_claim(status="false", summary="No such law.", published=True)
    data = form_data(as_editor.get(change_url(claim)))
    data.update(status="unverified", change_reason="Our source recanted")

    assert as_editor.post(change_url(claim), data).status_code == 302

    claim.refresh_from_db()
    assert (claim.status, claim.summary, claim.is_published) == ("unverified", "", True)
    assert claim.corrections.get().kind == Correction.Kind.RETRACTION


def test_an_editor_unpublishes_a_claim(as_editor, form_data, make_claim):
    claim = make_claim(published=True)
    data = form_data(as_editor.get(change_url(claim)))
    del data["is_published"]
    data["change_reason"] = "Published by mistake"

    assert as_editor.post(change_url(claim), data).status_code == 302

    claim.refresh_from_db()
    assert not claim.is_published
    assert claim.history.first().history_change_reason == "Published by mistake"


def test_a_published_verdict_without_a_summary_is_refused_not_half_saved(
    as_editor, form_data, make_claim
):
    claim = make_claim(context="on the radio")
    data = form_data(as_editor.get(change_url(claim)))
    data.update(status="false", is_published="on", context="on TV", change_reason="Done")

    response = as_editor.post(change_url(claim), data)

    assert response.status_code == 200
    assert "summary" in str(response.context["adminform"].form.errors)
    claim.refresh_from_db()
    assert (claim.status, claim.context, claim.is_published) == (
        "unverified",
        "on the radio",
        False,
    )


def test_an_editor_deletes_no_claim_and_no_topic(as_editor, make_claim, make_topic):
    claim, topic = make_claim(), make_topic()

    for url in (
        reverse("admin:claims_claim_delete", args=[claim.pk]),
        reverse("admin:claims_topic_delete", args=[topic.pk]),
    ):
        assert as_editor.post(url, {"post": "yes"}).status_code == 403
    response = as_editor.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "delete_selected", "_selected_action": [claim.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_only_a_superuser_deletes_a_claim(admin_client, make_claim):
    claim = make_claim()
    url = reverse("admin:claims_claim_delete", args=[claim.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Claim.objects.filter(pk=claim.pk).exists()


def test_nobody_edits_historical_records_in_the_admin(as_editor, admin_client, make_claim):
    make_claim()
    for client in (as_editor, admin_client):
        assert client.get("/admin/claims/historicalclaim/").status_code == 404


def test_an_editor_creates_a_verdict_in_one_save_and_another_publishes_it(
    as_editor, form_data, make_speaker, make_source, editor, make_editor
):
    url = reverse("admin:claims_claim_add")
    data = form_data(as_editor.get(url))
    data.update(
        text="The harbour tunnel is free.",
        speaker=make_speaker().pk,
        source=make_source().pk,
        status="false",
        summary="Tolls are HK$20.",
        change_reason="Checked against the toll schedule",
    )

    response = as_editor.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    claim = Claim.objects.get(text="The harbour tunnel is free.")
    assert (claim.status, claim.is_published, claim.rated_by) == ("false", False, editor)
    as_editor.force_login(make_editor())
    published = as_editor.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "publish", "_selected_action": [claim.pk]},
    )
    assert published.status_code == 302
    claim.refresh_from_db()
    assert claim.is_published
    assert [entry.history_change_reason for entry in claim.history.all()] == [
        "Published from the claim list",
        "Checked against the toll schedule",
    ]


def test_an_editor_cannot_rewrite_an_issued_correction(as_editor, make_claim):
    claim = make_claim(published=True)
    correction = claim.issue_correction("update", "Added the date.", by=None)
    url = reverse("admin:claims_correction_change", args=[correction.pk])

    page = as_editor.get(url)
    response = as_editor.post(url, {"note": "Nothing happened."})

    assert page.status_code == 200
    assert 'name="note"' not in page.content.decode()
    assert response.status_code == 403
    correction.refresh_from_db()
    assert correction.note == "Added the date."
