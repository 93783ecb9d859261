"""The sample files in fixtures/ that the README points to import cleanly."""

from pathlib import Path

import pytest

from claims.models import UNKNOWN_PUBLISHER, Claim, ClaimStatus, ExternalReview, Speaker

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.mark.parametrize(
    ("name", "claims"),
    [("sample-claims.csv", 8), ("sample-claims.jsonl", 8), ("sample-claimreview.json", 2)],
)
def test_each_sample_file_imports(import_claims, name, claims):
    # The ClaimReview sample stands for our archive from another system, whose
    # markup names that system's desk or no one: the README imports it --as-own.
    own = ["--as-own"] if name.endswith(".json") else []

    output = import_claims(str(FIXTURES / name), *own)

    assert f"claims: {claims} created" in output
    assert Claim.objects.count() == claims
    assert not ExternalReview.objects.exists()
    if own:  # our verdicts, each with its status
        assert not Claim.objects.filter(status=ClaimStatus.UNVERIFIED).exists()


def test_the_claimreview_sample_without_as_own_is_two_other_desks_reviews(import_claims):
    import_claims(str(FIXTURES / "sample-claimreview.json"))

    assert sorted(ExternalReview.objects.values_list("publisher_name", flat=True)) == [
        "Example Fact Check",
        UNKNOWN_PUBLISHER,
    ]
    assert set(Claim.objects.values_list("status", flat=True)) == {ClaimStatus.UNVERIFIED}


@pytest.mark.parametrize("name", ["sample-claims.csv", "sample-claims.jsonl"])
def test_the_samples_say_what_kind_each_speaker_is(import_claims, name):
    import_claims(str(FIXTURES / name))

    assert dict(Speaker.objects.values_list("name", "kind")) == {
        "Amnesty International": "organisation",
        "Anjhula Mya Singh Bais": "person",
        "Financial services minister": "person",
        "Kyle Ward": "person",
        "Security Bureau spokesman": "government_body",
    }
