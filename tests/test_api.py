"""The read-only JSON API: published claims, the list's filters and search, its OpenAPI schema."""

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator

from claims.models import Claim


@pytest.fixture
def openapi(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    return spec


def validate(openapi, path, response):
    """Validate a response against the schema the OpenAPI document gives its path."""
    assert response.status_code == 200
    operation = openapi["paths"][path]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    validator = Draft202012Validator(
        {**schema, "components": openapi["components"]},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    validator.validate(response.json())
    return response.json()


def properties(openapi, name):
    return set(openapi["components"]["schemas"][name]["properties"])


def test_the_list_matches_its_schema(client, seeded, openapi):
    body = validate(openapi, "/api/claims/", client.get("/api/claims/"))
    assert body["count"] == 4
    assert [item["slug"] for item in body["items"]] == list(
        Claim.objects.published().values_list("slug", flat=True)
    )
    assert set(body["items"][0]) == properties(openapi, "ClaimOut")


def test_a_claim_matches_its_schema_with_evidence_and_corrections(
    client, make_verdict, openapi, editor, make_editor
):
    claim = make_verdict(status="half_true")
    # Another editor approves the new verdict first: Erin writes it, so hers does not count.
    claim.approve(by=make_editor(), status="false", summary="Worse than we said.")
    claim.rate("false", reason="New figures", by=editor, summary="Worse than we said.")
    url = reverse("api:claim", args=[claim.slug])
    body = validate(openapi, "/api/claims/{slug}/", client.get(url))

    assert set(body) == properties(openapi, "ClaimDetailOut")
    assert body["status"] == "false" and body["status_label"] == "False"
    assert body["rating_value"] == 1
    assert body["summary"] == "Worse than we said."
    assert body["url"].endswith(claim.get_absolute_url())
    assert body["speaker"]["name"] == claim.speaker.name
    assert body["source"]["url"] == claim.source.url
    assert body["evidence"][0]["stance"] == "refutes"
    assert [c["kind"] for c in body["corrections"]] == ["rating_change"]
    assert body["corrections"][0]["previous_status"] == "half_true"
    assert body["reviewer"] == "Ravi"


def test_the_list_takes_the_pages_filters_and_search(client, seeded, openapi):
    by_speaker = client.get("/api/claims/", {"speaker": "security-bureau-spokesman"})
    slugs = {item["slug"] for item in validate(openapi, "/api/claims/", by_speaker)["items"]}
    assert slugs == set(
        Claim.objects.published()
        .filter(speaker__slug="security-bureau-spokesman")
        .values_list("slug", flat=True)
    )
    both = client.get("/api/claims/", {"speaker": "security-bureau-spokesman", "q": "evidence"})
    assert [item["slug"] for item in both.json()["items"]] == [
        "law-enforcement-based-on-evidence-not-political-stance"
    ]
    assert client.get("/api/claims/", {"topic": "charities"}).json() == {
        "items": [],
        "count": 0,
        "more": False,
    }


def test_a_bad_filter_is_a_clear_client_error(client, seeded):
    response = client.get("/api/claims/", {"status": "fake"})
    assert response.status_code == 422
    assert "status" in str(response.json()["detail"])


def test_the_list_is_paginated(client, make_claim):
    for _ in range(3):
        make_claim(published=True)
    body = client.get("/api/claims/", {"page_size": 2, "page": 2}).json()
    assert body["count"] == 3
    assert len(body["items"]) == 1


def test_the_docs_page_uses_no_cdn(client, db):
    page = client.get("/api/docs/").content.decode()
    assert "cdn." not in page and "unpkg" not in page
