"""Two people open the same claim and both save: the second save is refused and loses nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Evidence


@pytest.fixture
def erin(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def ravi(reviewer):
    client = Client()
    client.force_login(reviewer)
    return client


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def test_the_second_save_is_refused_naming_who_changed_it(erin, ravi, form_data, make_claim):
    claim = make_claim(context="on the radio")
    erins_form = form_data(erin.get(change_url(claim)))
    ravis_form = form_data(ravi.get(change_url(claim)))

    erins_form.update(context="on TV", change_reason="Checked the recording")
    assert erin.post(change_url(claim), erins_form).status_code == 302
    ravis_form.update(context="in parliament", summary="Ravi's draft summary")
    response = ravi.post(change_url(claim), ravis_form)

    assert response.status_code == 200
    form = response.context["adminform"].form
    (error,) = form.non_field_errors()
    assert error.startswith("erin changed this claim at ")
    assert "(Checked the recording) after you opened it. Nothing was saved" in error
    # Ravi's input is on the form, Erin's change in the database.
    assert form["context"].value() == "in parliament"
    assert form["summary"].value() == "Ravi's draft summary"
    claim.refresh_from_db()
    assert (claim.context, claim.summary) == ("on TV", "")


def test_saving_again_after_the_warning_keeps_the_second_edit(erin, ravi, form_data, make_claim):
    claim = make_claim(context="on the radio")
    ravis_form = form_data(ravi.get(change_url(claim)))
    erins_form = form_data(erin.get(change_url(claim)))
    erins_form["context"] = "on TV"
    erin.post(change_url(claim), erins_form)

    ravis_form["context"] = "in parliament"
    refused = ravi.post(change_url(claim), ravis_form)
    resubmitted = form_data(refused)
    assert resubmitted["context"] == "in parliament"
    assert ravi.post(change_url(claim), resubmitted).status_code == 302

    claim.refresh_from_db()
    assert claim.context == "in parliament"


def test_an_evidence_edit_by_someone_else_also_refuses_the_save(
    erin, ravi, form_data, make_claim, editor
):
    claim = make_claim()
    evidence = Evidence(claim=claim, title="Census table", url="https://example.org/census")
    evidence.save_recorded(reason="Added", by=editor)
    ravis_form = form_data(ravi.get(change_url(claim)))

    evidence.excerpt = "Population fell 1.2%."
    evidence.save_recorded(reason="Quoted the table", by=editor)
    ravis_form["evidence-0-excerpt"] = "Population rose."
    response = ravi.post(change_url(claim), ravis_form)

    assert response.status_code == 200
    assert "erin changed this claim" in response.context["adminform"].form.non_field_errors()[0]
    evidence.refresh_from_db()
    assert evidence.excerpt == "Population fell 1.2%."


def test_a_post_without_a_version_is_refused(ravi, form_data, make_claim):
    claim = make_claim(context="on the radio")
    data = form_data(ravi.get(change_url(claim)))
    del data["version"]
    data["context"] = "changed"

    response = ravi.post(change_url(claim), data)

    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.context == "on the radio"


def test_a_stale_post_on_a_claim_without_history_is_refused_plainly(
    ravi, form_data, make_speaker, make_source
):
    from claims.models import Claim

    # A row that came without history (a restore from elsewhere): bulk_create records none.
    (claim,) = Claim.objects.bulk_create(
        [
            Claim(
                text="Crime halved.",
                slug="crime-halved",
                speaker=make_speaker(),
                source=make_source(),
            )
        ]
    )
    data = form_data(ravi.get(change_url(claim)))
    data.update(version="3-0", context="changed")

    response = ravi.post(change_url(claim), data)

    assert response.status_code == 200
    (error,) = response.context["adminform"].form.non_field_errors()
    assert error.startswith("This claim is not at the version this form was opened at.")
    claim.refresh_from_db()
    assert claim.context == ""
