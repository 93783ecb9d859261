"""
The claim form writes an edit as the last step of its validation, under the
claim's row lock: a workflow method that refuses then (the claim changed in a
way the form could not foresee) leaves nothing saved and shows the form
again, with the user's input and the refusal on it. So does an evidence form
that refuses after the claim form wrote its edit.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims.models import Claim


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


@pytest.fixture
def rate_refuses(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise ValidationError({"status": "Someone rated it meanwhile."})

    monkeypatch.setattr(Claim, "rate", refuse)


def test_a_late_refusal_keeps_the_input_and_saves_nothing(
    client, reviewer, form_data, make_claim, rate_refuses
):
    client.force_login(reviewer)
    claim = make_claim(context="on the radio")
    entries = claim.history.count()
    data = form_data(client.get(change_url(claim)))
    data.update(
        status="false",
        summary="The census says otherwise.",
        context="on TV",
        change_reason="Census",
    )

    response = client.post(change_url(claim), data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["status"] == ["Someone rated it meanwhile."]
    assert (form["context"].value(), form["summary"].value()) == (
        "on TV",
        "The census says otherwise.",
    )
    claim.refresh_from_db()
    assert (claim.context, claim.status) == ("on the radio", "unverified")
    assert claim.history.count() == entries


def test_a_late_refusal_naming_a_field_not_on_the_form_is_a_form_error(
    client, editor, form_data, make_claim, monkeypatch
):
    def refuse(self, **kwargs):
        raise ValidationError({"published_at": "This claim is already published."})

    monkeypatch.setattr(Claim, "publish", refuse)
    client.force_login(editor)
    claim = make_claim()
    data = form_data(client.get(change_url(claim)))
    data.update(is_published="on", change_reason="Ready")

    response = client.post(change_url(claim), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "This claim is already published."
    ]
    claim.refresh_from_db()
    assert not claim.is_published


def test_an_evidence_form_refusing_after_the_claim_form_wrote_keeps_nothing(
    client, editor, make_editor, form_data, make_claim
):
    client.force_login(editor)
    claim = make_claim(context="on the radio")
    # Another editor approves the verdict first: Erin writes it, so hers does not count.
    claim.approve(by=make_editor(), status="false", summary="The census says otherwise.")
    entries = claim.history.count()
    data = form_data(client.get(change_url(claim)))
    data.update(
        {
            "status": "false",
            "summary": "The census says otherwise.",
            "is_published": "on",
            "context": "on TV",
            "change_reason": "Census",
            # Neither a URL nor a title: the evidence form refuses it.
            "evidence-TOTAL_FORMS": "1",
            "evidence-0-position": "1",
            "evidence-0-stance": "refutes",
            "evidence-0-excerpt": "Population fell.",
        }
    )

    response = client.post(change_url(claim), data)

    assert response.status_code == 200
    (inline,) = [
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "evidence"
    ]
    assert inline.formset.errors[0]["__all__"] == ["Evidence needs a URL or a title."]
    form = response.context["adminform"].form
    assert not form.errors
    # The page shows the claim's record as it stays, not the undone publication.
    assert form.instance.published_at is None
    claim.refresh_from_db()
    assert (claim.status, claim.context, claim.is_published) == (
        "unverified",
        "on the radio",
        False,
    )
    assert claim.history.count() == entries
    assert not claim.corrections.exists()

    data["evidence-0-title"] = "Census table"
    assert client.post(change_url(claim), data).status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.context, claim.is_published) == ("false", "on TV", True)
    assert claim.evidence.get().title == "Census table"
