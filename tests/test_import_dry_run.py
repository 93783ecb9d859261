"""--dry-run checks and counts, and writes nothing."""

from django.contrib.auth import get_user_model

from claims.models import Claim, Correction, Speaker, Topic
from tests.interchange_samples import CSV, HEADER, csv_row


def test_a_dry_run_counts_what_it_would_do_and_writes_nothing(import_claims, write_file):
    output = import_claims(write_file("claims.csv", CSV), "--dry-run")

    assert "Dry run, nothing written; would import 2 row(s)" in output
    assert "claims: 2 created, 0 updated, 0 unchanged" in output
    assert Claim.objects.count() == Speaker.objects.count() == Topic.objects.count() == 0
    assert Claim.history.count() == 0
    assert not get_user_model().objects.exists()


def test_a_dry_run_counts_the_corrections_it_would_issue(import_claims, write_file, make_claim):
    claim = make_claim(external_id="hk-1", published=True)
    path = write_file("claims.csv", HEADER + csv_row(status="false"))

    dry = import_claims(path, "--dry-run")
    assert not Correction.objects.exists()
    real = import_claims(path)

    assert "corrections: 1 created" in dry
    assert "corrections: 1 created" in real
    assert Correction.objects.get().claim == claim
