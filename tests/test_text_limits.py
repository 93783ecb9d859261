"""
Every text field has a limit, kept on the model field: forms, full_clean()
and the importer refuse the same values (a 50 MB summary once imported).
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.urls import reverse

from claims.interchange.rows import MAX_LENGTHS
from claims.models import Claim, Correction, Evidence
from claims.models.claim import CHANGE_REASON_MAX_LENGTH
from tests.interchange_samples import HEADER, csv_row

LIMITS = [
    (Claim, "text", 2000),
    (Claim, "summary", 5000),
    (Claim, "context", 300),
    (Evidence, "excerpt", 5000),
    (Correction, "note", 2000),
]


@pytest.mark.parametrize(("model", "field", "limit"), LIMITS)
def test_full_clean_refuses_one_character_over_the_limit(make_claim, model, field, limit):
    claim = make_claim()
    instance = {
        Claim: claim,
        Evidence: Evidence(claim=claim, title="Figures"),
        Correction: Correction(claim=claim, kind="correction", note="Fixed."),
    }[model]
    setattr(instance, field, "x" * limit)
    instance.full_clean()
    setattr(instance, field, "x" * (limit + 1))
    with pytest.raises(ValidationError) as refusal:
        instance.full_clean()
    assert field in refusal.value.message_dict


def test_the_importer_reads_its_limits_off_the_models():
    assert MAX_LENGTHS["summary"] == 5000
    assert MAX_LENGTHS["claim_text"] == 2000
    assert MAX_LENGTHS["context"] == 300


def test_the_importer_refuses_a_summary_over_the_limit(write_file, import_claims):
    path = write_file("claims.csv", HEADER + csv_row(summary="x" * 5001))

    with pytest.raises(
        CommandError, match=r"claims\.csv:2: summary: is 5001 characters long; the limit is 5000"
    ):
        import_claims(path)
    assert not Claim.objects.exists()


def test_the_admin_refuses_a_summary_over_the_limit(admin_client, form_data, make_claim):
    claim = make_claim()
    change = reverse("admin:claims_claim_change", args=[claim.pk])
    data = form_data(admin_client.get(change)) | {"summary": "x" * 5001}

    response = admin_client.post(change, data)

    assert response.status_code == 200
    assert "summary" in response.context["adminform"].form.errors
    claim.refresh_from_db()
    assert claim.summary == ""


def test_a_reason_over_the_limit_is_refused_by_the_verbs(make_claim, editor):
    claim = make_claim()
    with pytest.raises(ValidationError, match=f"at most {CHANGE_REASON_MAX_LENGTH} characters"):
        claim.rate("in_review", reason="x" * (CHANGE_REASON_MAX_LENGTH + 1), by=editor)
    claim.refresh_from_db()
    assert claim.status == "unverified"


def test_a_correction_note_over_the_limit_is_refused(make_claim, editor):
    claim = make_claim(published=True)
    with pytest.raises(ValidationError) as refusal:
        claim.issue_correction("correction", "x" * 2001, by=editor)
    assert "note" in refusal.value.message_dict
    assert not claim.corrections.exists()
