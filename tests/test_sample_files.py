"""The sample files in fixtures/ that the README points to import cleanly."""

from pathlib import Path

import pytest

from claims.models import Claim, Speaker

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.mark.parametrize(
    ("name", "claims"),
    [("sample-claims.csv", 8), ("sample-claims.jsonl", 8), ("sample-claimreview.json", 2)],
)
def test_each_sample_file_imports(import_claims, name, claims):
    output = import_claims(str(FIXTURES / name))

    assert f"claims: {claims} created" in output
    assert Claim.objects.count() == claims


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
