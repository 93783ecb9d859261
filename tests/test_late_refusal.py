"""
A workflow method that refuses after the claim form validated (the claim
changed in between) leaves nothing saved and shows the form again, with the
user's input and the refusal on it.
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
