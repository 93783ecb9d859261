"""
A second claim of the same speaker, source and text is refused: imports and
exports tell claims without an external ID apart by those three, so the
ledger's own export of such a pair could not be imported back.
"""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from claims.models import Claim


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def test_the_admin_refuses_a_claim_the_ledger_already_has(admin_client, form_data, make_claim):
    first = make_claim(text="Crime halved in a year.")
    url = reverse("admin:claims_claim_add")
    data = form_data(admin_client.get(url))
    data.update(text=first.text, speaker=first.speaker.pk, source=first.source.pk)

    response = admin_client.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["text"]
    assert errors == [
        "The ledger already has this claim from this speaker and source: "
        f"“Crime halved in a year.” (slug {first.slug}). Edit that claim instead; "
        "imports and exports could not tell the two apart."
    ]
    assert Claim.objects.count() == 1

    # The same words from another source are another claim.
    data.update(source=make_claim().source.pk)
    assert admin_client.post(url, data).status_code == 302
    assert Claim.objects.filter(text=first.text).count() == 2


def test_an_edit_may_not_turn_a_claim_into_its_twin(admin_client, form_data, make_claim):
    first = make_claim(text="Crime halved in a year.")
    second = make_claim(text="Crime fell.", speaker=first.speaker, source=first.source)
    data = form_data(admin_client.get(change_url(second)))
    data.update(text=first.text, change_reason="Quoted in full")

    response = admin_client.post(change_url(second), data)

    assert "already has this claim" in str(response.context["adminform"].form.errors)
    second.refresh_from_db()
    assert second.text == "Crime fell."


def test_a_pair_saved_before_the_rule_stays_editable(admin_client, form_data, make_claim):
    first = make_claim(text="Crime halved in a year.")
    twin = make_claim(text=first.text, speaker=first.speaker, source=first.source)
    data = form_data(admin_client.get(change_url(twin)))
    data.update(context="at a rally", change_reason="Added where it was said")

    assert admin_client.post(change_url(twin), data).status_code == 302
    twin.refresh_from_db()
    assert twin.context == "at a rally"


def test_claims_told_apart_by_their_external_ids_round_trip(make_claim, tmp_path, import_claims):
    first = make_claim(text="Crime halved in a year.", external_id="desk-1")
    make_claim(text=first.text, speaker=first.speaker, source=first.source, external_id="desk-2")
    twin = Claim(text=first.text, speaker=first.speaker, source=first.source, external_id="desk-3")
    twin.full_clean()  # both have an ID: allowed
    path = str(tmp_path / "export.csv")
    call_command("export_claims", "--format", "csv", "--output", path)

    output = import_claims(path)

    assert "0 created, 0 updated, 2 unchanged" in output


def test_an_external_id_on_one_side_only_does_not_tell_two_claims_apart(make_claim):
    # An import matches a row with an ID to a claim without one (it adopts it),
    # so either way round the two would be one claim to the next import.
    plain = make_claim(text="Crime halved in a year.")
    with_id = Claim(
        text=plain.text, speaker=plain.speaker, source=plain.source, external_id="desk-1"
    )
    with pytest.raises(ValidationError, match="already has this claim"):
        with_id.full_clean()

    other = make_claim(text="Rents doubled.", external_id="desk-2")
    without_id = Claim(text=other.text, speaker=other.speaker, source=other.source)
    with pytest.raises(ValidationError, match="already has this claim"):
        without_id.full_clean()


def test_a_copy_of_a_claim_is_its_twin(make_claim):
    claim = Claim.objects.get(pk=make_claim(text="Crime halved in a year.").pk)
    claim.pk = None  # the usual way to copy an instance

    with pytest.raises(ValidationError, match="already has this claim"):
        claim.full_clean()


def test_an_export_names_the_twins_saved_before_the_rule(make_claim, tmp_path):
    first = make_claim(text="Crime halved in a year.")
    twin = make_claim(text=first.text, speaker=first.speaker, source=first.source)
    make_claim(text="Rents doubled.", external_id="desk-1")
    path = tmp_path / "export.csv"
    errors = StringIO()

    call_command("export_claims", "--output", str(path), stderr=errors)

    assert errors.getvalue().splitlines() == [
        "1 group(s) of claims share a speaker, source and text, and not all of them have an "
        "external ID; importing this export will refuse all but the first of each. Edit or "
        "delete all but one of each in the admin, or re-import them with external IDs:",
        f"  {first.slug}, {twin.slug}",
    ]
    assert path.read_text(encoding="utf-8").count("Crime halved in a year.") == 2


def test_an_export_without_twins_warns_of_nothing(make_claim, tmp_path):
    first = make_claim(text="Crime halved in a year.", external_id="desk-1")
    make_claim(text=first.text, speaker=first.speaker, source=first.source, external_id="desk-2")
    errors = StringIO()

    call_command("export_claims", "--output", str(tmp_path / "export.csv"), stderr=errors)

    assert errors.getvalue() == ""


def test_a_claimreview_export_minds_only_twins_with_a_verdict(make_claim, editor, tmp_path):
    first = make_claim(text="Crime halved in a year.")
    make_claim(text=first.text, speaker=first.speaker, source=first.source)
    errors = StringIO()

    # Unverified claims have no ClaimReview: the pair is not in this export.
    call_command(
        "export_claims",
        "--format",
        "claimreview",
        "--output",
        str(tmp_path / "feed.json"),
        stderr=errors,
    )
    assert errors.getvalue() == ""

    first.rate("false", reason="Checked", by=editor, summary="It rose.")
    call_command("export_claims", "--output", str(tmp_path / "export.csv"), stderr=errors)
    assert "1 group(s)" in errors.getvalue()
