"""Only GET, HEAD and OPTIONS reach the API; anything else is a 405 naming what is allowed."""

import pytest
from django.urls import reverse


@pytest.fixture
def urls(seeded):
    return ["/api/claims/", reverse("api:claim", args=["no-direct-threat-against-amnesty-offices"])]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_not_allowed(client, urls, method):
    for url in urls:
        response = getattr(client, method)(url, data={}, content_type="application/json")
        assert response.status_code == 405
        assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_head_answers_like_get_without_a_body(client, urls):
    for url in urls:
        get, head = client.get(url), client.head(url)
        assert head.status_code == 200
        assert head.content == b""
        assert head["Content-Length"] == str(len(get.content))
        assert head["ETag"] == get["ETag"]


def test_options_lists_the_allowed_methods(client, urls):
    for url in urls:
        response = client.options(url)
        assert response.status_code == 200
        assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_the_schema_documents_only_reads(client, db):
    paths = client.get("/api/schema/").json()["paths"]
    assert set(paths) == {"/api/claims/", "/api/claims/{slug}/"}
    for operations in paths.values():
        assert set(operations) == {"get"}


@pytest.mark.parametrize(
    "url", ["/claims/", "/claims/no-direct-threat-against-amnesty-offices/", "/feeds/claims/"]
)
def test_the_pages_are_read_only_too(client, seeded, url):
    assert client.post(url).status_code == 405
    assert client.head(url).status_code == 200


def test_a_blank_search_is_no_search(client, seeded):
    assert client.get("/api/claims/", {"q": "   "}).json()["count"] == 4
