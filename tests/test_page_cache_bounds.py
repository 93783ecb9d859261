"""
What one client can put in the page cache is bounded (claims/caching.py): a
query parameter a page does not read makes no second copy, and a response
over LEDGER_PAGE_CACHE_MAX_BYTES is served but not kept.
"""

import pytest
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver

from claims import views
from claims.caching import QUERY_PARAMETERS, page_key

UNUSED_PARAMETER_URLS = [
    "/claims/?cb={n}",
    "/claims/?q=figures&cb={n}",
    "/claims/{claim}/?cb={n}",
    "/speakers/{speaker}/?cb={n}",
    "/feeds/claims/?cb={n}",
    "/sitemap.xml?cb={n}",
    "/sitemap-claims.xml?cb={n}",
    "/sitemap-claims.xml?p=1&cb={n}",
    "/api/claims/?cb={n}",
    "/api/claims/{claim}/?cb={n}",
    "/ledger/entries.json?after=0&cb={n}",
]


@pytest.fixture
def verdict(make_verdict):
    return make_verdict(summary="The figures say otherwise.")


def _stored(response):
    # The request as the page saw it: without the parameters it does not read.
    return cache.get(page_key(response.wsgi_request))


@pytest.mark.parametrize("template", UNUSED_PARAMETER_URLS)
def test_urls_that_differ_by_an_unused_parameter_are_one_cache_entry(
    client, verdict, template, django_assert_num_queries
):
    first_url = template.format(claim=verdict.slug, speaker=verdict.speaker.slug, n=1)
    first = client.get(first_url)
    assert first.status_code == 200
    assert _stored(first) is not None

    # No query: the page built for ?cb=1.
    with django_assert_num_queries(0):
        second = client.get(first_url.replace("cb=1", "cb=2"))

    assert second.status_code == 200
    assert second["ETag"] == first["ETag"]
    assert second.content == first.content


def test_the_order_of_the_parameters_makes_no_second_copy(
    client, verdict, django_assert_num_queries
):
    client.get("/claims/?q=figures&status=false")

    with django_assert_num_queries(0):
        client.get("/claims/?status=false&q=figures")


def test_the_parameters_a_page_reads_still_make_their_own_page(client, verdict):
    found = client.get("/claims/?q=said")
    none_found = client.get("/claims/?q=nothing-like-this")

    assert found["ETag"] != none_found["ETag"]
    assert verdict.text.encode() in found.content
    assert verdict.text.encode() not in none_found.content


def test_an_unused_parameter_never_reaches_the_page(client, make_claim, monkeypatch):
    make_claim(published=True), make_claim(published=True)
    monkeypatch.setattr(views, "PAGE_SIZE", 1)

    response = client.get("/claims/?utm_source=newsletter-of-the-week&status=")

    # The next page's link keeps the filters the page reads, and nothing else.
    assert b'href="?status=&amp;page=2"' in response.content
    assert b"newsletter-of-the-week" not in response.content


def test_an_oversized_response_is_served_but_not_kept(
    client, verdict, settings, django_assert_num_queries
):
    settings.LEDGER_PAGE_CACHE_MAX_BYTES = 1000
    url = verdict.get_absolute_url()

    response = client.get(url)

    assert response.status_code == 200
    assert len(response.content) > 1000
    assert b"The figures say otherwise." in response.content
    assert _stored(response) is None
    # Built again: the claim with its joins, topics, evidence, corrections,
    # votes, other desks' reviews.
    with django_assert_num_queries(6):
        assert client.get(url).content == response.content


def test_a_response_within_the_limit_is_kept(client, verdict, settings):
    url = verdict.get_absolute_url()
    response = client.get(url)
    settings.LEDGER_PAGE_CACHE_MAX_BYTES = len(response.content)
    cache.clear()

    assert _stored(client.get(url)) is not None


def _patterns(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", pattern.callback


def _cached_publicly(callback):
    # A Feed is an instance whose __call__ carries the decorator's mark.
    return getattr(callback, "cached_publicly", False) or getattr(
        type(callback).__call__, "cached_publicly", False
    )


def test_every_cached_url_names_the_parameters_it_reads():
    cached = {name for name, callback in _patterns(get_resolver()) if _cached_publicly(callback)}

    assert "claims:feed" in cached and "sitemap" in cached
    assert cached - set(QUERY_PARAMETERS) == set()
