"""Public responses are cacheable by a CDN: Cache-Control, ETag, Last-Modified, 304, no cookie."""

import pytest
from django.urls import reverse
from django.utils.http import http_date

URLS = [
    "/claims/",
    "/claims/?q=threat",
    "/claims/no-direct-threat-against-amnesty-offices/",
    "/claims/no-direct-threat-against-amnesty-offices/history/",
    "/speakers/kyle-ward/",
    "/topics/ngo-closures/",
    "/methodology/",
    "/feeds/claims/",
    "/sitemap.xml",
    "/api/claims/",
    "/api/claims/no-direct-threat-against-amnesty-offices/",
    "/api/schema/",
    "/ledger/",
    "/ledger/head.json",
    "/ledger/entries.json",
    "/ledger/entries/1.json",
]


@pytest.fixture
def urls(seeded, make_verdict):
    return [*URLS, make_verdict().get_absolute_url()]


def test_public_responses_are_cacheable_and_set_no_cookie(client, urls, settings):
    settings.LEDGER_PUBLIC_MAX_AGE = 600
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        expected = {"public", "max-age=600"}
        if url.startswith("/ledger/") and url.endswith(".json"):
            # Read as one chain across requests: a cache must revalidate each.
            expected = {"public", "no-cache", "max-age=0"}
        assert set(response["Cache-Control"].split(", ")) == expected, url
        assert response.has_header("ETag") and response.has_header("Last-Modified"), url
        assert not response.cookies, url
        assert "Set-Cookie" not in response.headers, url
        assert "Cookie" not in response.headers.get("Vary", ""), url


def test_a_conditional_get_is_answered_with_304(client, urls, django_assert_num_queries):
    for url in urls:
        first = client.get(url)
        # The last-change query only: the page is not built.
        with django_assert_num_queries(1):
            by_etag = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert by_etag.status_code == 304, url
        assert by_etag.content == b""
        assert by_etag["Cache-Control"]
        by_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
        assert by_date.status_code == 304, url


def test_a_change_anywhere_public_makes_pages_fresh_again(client, seeded, editor):
    from claims.models import Speaker

    url = reverse("claims:detail", args=["no-direct-threat-against-amnesty-offices"])
    first = client.get(url)
    speaker = Speaker.objects.get(slug="kyle-ward")
    speaker.description = "former deputy secretary general"
    speaker.save_recorded(reason="Role changed", by=editor)
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    assert b"former deputy secretary general" in again.content
    assert again["ETag"] != first["ETag"]


def test_different_queries_have_different_etags(client, seeded):
    assert client.get("/claims/")["ETag"] != client.get("/claims/?q=threat")["ETag"]


def test_last_modified_is_the_ledgers_last_change_even_on_the_feed_and_sitemap(
    client, seeded, make_verdict
):
    claim = make_verdict()
    latest = max(
        claim.history.latest().history_date,
        claim.evidence.get().history.latest().history_date,
    )
    for url in ["/feeds/claims/", "/sitemap.xml", "/claims/"]:
        response = client.get(url)
        assert response["Last-Modified"] == http_date(latest.timestamp()), url


def test_a_change_recorded_with_an_older_date_still_refreshes_pages(client, seeded, editor):
    # A long import dates its history when it starts and commits later, so an
    # entry can arrive dated before a change a reader has already seen.
    import datetime

    from claims.models import Speaker

    url = reverse("claims:detail", args=["no-direct-threat-against-amnesty-offices"])
    first = client.get(url)
    speaker = Speaker.objects.get(slug="kyle-ward")
    speaker.description = "former deputy secretary general"
    speaker._history_date = datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC)
    speaker.save_recorded(reason="Imported role", by=editor)

    again = client.get(url, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 200
    assert "former deputy secretary general" in again.content.decode()
