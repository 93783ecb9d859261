"""
A second claim of the same speaker, source and text is refused: imports and
exports tell claims without an external ID apart by those three, so the
ledger's own export of such a pair could not be imported back.
"""

from django.core.management import call_command
from django.urls import reverse

from claims.models import Claim


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def test_the_admin_refuses_a_claim_the_ledger_already_has(
    admin_client, form_data, make_claim
):
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
    make_claim(
        text=first.text, speaker=first.speaker, source=first.source, external_id="desk-2"
    )
    twin = Claim(
        text=first.text, speaker=first.speaker, source=first.source, external_id="desk-3"
    )
    twin.full_clean()  # both have an ID: allowed
    path = str(tmp_path / "export.csv")
    call_command("export_claims", "--format", "csv", "--output", path)

    output = import_claims(path)

    assert "0 created, 0 updated, 2 unchanged" in output
