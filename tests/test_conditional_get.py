"""
Public responses are cacheable by a CDN: Cache-Control, ETag, Last-Modified, 304, no cookie.
Only the ETag earns a 304, and only a page that exists has one: a 404 is never kept.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils.http import http_date

from claims.models import Claim, Speaker

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
    "/sitemap-claims.xml",
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
        # Pages vary by the language cookie the switcher sets (tests/test_i18n.py),
        # data by nothing the client sends.
        data = url.startswith(("/api/", "/feeds/", "/sitemap")) or url.endswith(".json")
        vary = "" if data else "Accept-Language, Cookie"
        assert response.headers.get("Vary", "") == vary, url


def test_a_conditional_get_is_answered_with_304(client, urls, django_assert_num_queries):
    for url in urls:
        first = client.get(url)
        # No query: the versions come from the cache, and the page is not built.
        with django_assert_num_queries(0):
            by_etag = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert by_etag.status_code == 304, url
        assert by_etag.content == b""
        assert by_etag["Cache-Control"]
        assert by_etag["ETag"] == first["ETag"], url
        weak = client.get(url, headers={"If-None-Match": f'"other", W/{first["ETag"]}'})
        assert weak.status_code == 304, url


def test_if_modified_since_alone_gets_the_page(client, urls):
    # The date cannot tell a reader everything it has seen (see the next
    # tests), so the page is sent, from the server's cache when it is there.
    for url in urls:
        first = client.get(url)
        by_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
        assert by_date.status_code == 200, url
        assert by_date.content == first.content, url


def test_a_change_anywhere_public_makes_pages_fresh_again(client, seeded, editor):
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


def change_with_an_older_date(editor):
    # A long import dates its history when it starts and commits later, so an
    # entry can arrive dated before a change a reader has already seen.
    speaker = Speaker.objects.get(slug="kyle-ward")
    speaker.description = "former deputy secretary general"
    speaker._history_date = datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC)
    speaker.save_recorded(reason="Imported role", by=editor)


@pytest.mark.parametrize("validator", ["ETag", "Last-Modified"])
def test_a_change_recorded_with_an_older_date_still_refreshes_pages(
    client, seeded, editor, validator
):
    url = reverse("claims:detail", args=["no-direct-threat-against-amnesty-offices"])
    first = client.get(url)
    change_with_an_older_date(editor)

    header = {"ETag": "If-None-Match", "Last-Modified": "If-Modified-Since"}[validator]
    again = client.get(url, headers={header: first[validator]})

    assert again.status_code == 200
    assert "former deputy secretary general" in again.content.decode()


def not_found_urls(draft):
    return [
        draft.get_absolute_url(),
        draft.get_history_url(),
        reverse("api:claim", args=[draft.slug]),
        "/claims/no-such-claim/",
        "/speakers/no-such-speaker/",
        "/api/claims/no-such-claim/",
        "/sitemap-claims.xml?p=2",
        "/sitemap-no-such-section.xml",
    ]


def test_a_draft_or_unknown_url_is_a_404_to_every_conditional_get(client, seeded):
    draft = Claim.objects.drafts().first()
    seen = client.get("/claims/")
    for url in not_found_urls(draft):
        for headers in [
            {"If-Modified-Since": seen["Last-Modified"]},
            {"If-Modified-Since": http_date(datetime.datetime(2100, 1, 1).timestamp())},
            {"If-None-Match": "*"},
            {"If-None-Match": seen["ETag"]},
        ]:
            assert client.get(url, headers=headers).status_code == 404, (url, headers)


def test_a_404_has_no_validators_and_is_not_kept_by_caches(client, seeded, settings):
    settings.LEDGER_PUBLIC_MAX_AGE = 600
    draft = Claim.objects.drafts().first()
    for url in not_found_urls(draft):
        response = client.get(url)
        assert response.status_code == 404, url
        assert not response.has_header("ETag") and not response.has_header("Last-Modified"), url
        assert set(response["Cache-Control"].split(", ")) == {"no-cache", "max-age=0"}, url
    bad_query = client.get("/api/claims/?status=nonsense")
    assert bad_query.status_code == 422
    assert not bad_query.has_header("ETag")
    assert "public" not in bad_query["Cache-Control"]


def test_an_etag_held_for_a_published_claim_gets_its_404_once_it_is_unpublished(
    client, make_verdict, editor
):
    claim = make_verdict()
    urls = [claim.get_absolute_url(), reverse("api:claim", args=[claim.slug])]
    held = {url: client.get(url)["ETag"] for url in urls}
    claim.unpublish(reason="Sent back for checking", by=editor)
    for url in urls:
        response = client.get(url, headers={"If-None-Match": held[url]})
        assert response.status_code == 404, url
        assert not response.has_header("ETag"), url
