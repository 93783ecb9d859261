"""
A NUL character in a URL's path or query is refused with a 400 before any
view runs (claims/middleware.py): PostgreSQL cannot hold one in text, so a
lookup with it was a 500 (DataError) there and a 404 on SQLite.
"""

import pytest
from django.urls import reverse

AUTOCOMPLETE = {"app_label": "claims", "model_name": "claim", "field_name": "speaker"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/claims/%00/",
        "/claims/%00/",
        "/api/claims/?q=%00",
        "/claims/?speaker=a%00b",
        "/ledger/entries.json?after=%00",
    ],
)
def test_a_public_url_with_a_nul_is_a_bad_request(client, url):
    response = client.get(url)

    assert response.status_code == 400
    assert b"NUL" in response.content


@pytest.mark.parametrize(
    ("url", "query"),
    [
        (reverse("admin:autocomplete"), {**AUTOCOMPLETE, "term": "\x00"}),
        (reverse("admin:claims_claim_changelist"), {"status__exact": "\x00"}),
        (reverse("admin:claims_claim_changelist"), {"q": "figures\x00"}),
        ("/admin/claims/claim/%00/change/", {}),
    ],
)
def test_an_admin_url_with_a_nul_is_a_bad_request(client, reviewer, url, query):
    client.force_login(reviewer)

    response = client.get(url, query)

    assert response.status_code == 400


@pytest.mark.django_db
def test_a_nul_spelled_out_in_the_query_is_not_a_nul(client):
    # "%2500" is the text "%00", which a search may look for.
    assert client.get("/claims/?q=%2500").status_code == 200


@pytest.mark.django_db
def test_a_session_cookie_with_a_nul_is_a_bad_request(client):
    # A quoted cookie value may spell characters in octal: this is eight NULs.
    cookie = 'sessionid="' + "\\000" * 8 + '"'

    response = client.get(reverse("admin:index"), headers={"cookie": cookie})

    assert response.status_code == 400
