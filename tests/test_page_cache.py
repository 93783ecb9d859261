"""
Public pages and API responses are kept in the server's cache with the
versions of what they show: served without a query until one of those
changes, and built afresh on the next request after (claims/caching.py).
"""

import logging

import pytest
from django.db import connection
from django.urls import reverse

from claims.models import Claim

CACHED_URLS = [
    "/claims/",
    "/claims/?q=figures",
    "/speakers/{speaker}/",
    "/claims/{claim}/",
    "/claims/{claim}/history/",
    "/feeds/claims/",
    "/sitemap.xml",
    "/api/claims/",
    "/api/claims/{claim}/",
    "/ledger/",
    "/ledger/head.json",
]


@pytest.fixture
def verdict(make_verdict):
    return make_verdict(summary="The figures say otherwise.")


def _rewrite_summary_behind_the_ledgers_back(claim, summary):
    """A change that leaves no history, so the ledger's head stays where it was."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE claims_claim SET summary = %s WHERE id = %s", [summary, claim.pk])


def test_it_serves_every_public_page_from_the_cache_without_a_query(
    client, verdict, django_assert_num_queries
):
    for template in CACHED_URLS:
        url = template.format(claim=verdict.slug, speaker=verdict.speaker.slug)
        built = client.get(url)
        assert built.status_code == 200, url
        # One get_many of the page and its versions from the cache; no query.
        with django_assert_num_queries(0, info=url):
            cached = client.get(url)
        assert cached.status_code == 200, url
        assert cached.content == built.content, url
        assert cached["ETag"] == built["ETag"], url
        assert cached["Cache-Control"] == built["Cache-Control"], url


def test_a_cached_page_is_what_was_built_not_what_the_tables_hold_now(client, verdict):
    url = verdict.get_absolute_url()
    assert b"The figures say otherwise." in client.get(url).content

    _rewrite_summary_behind_the_ledgers_back(verdict, "Rewritten without a record.")

    assert b"The figures say otherwise." in client.get(url).content


def test_a_recorded_change_shows_on_the_next_request(client, verdict, editor, make_editor):
    # Another editor approves the new words first: Erin writes them, so hers does not count.
    verdict.approve(by=make_editor(), status="true", summary="New figures say it is true.")
    url = verdict.get_absolute_url()
    api_url = reverse("api:claim", args=[verdict.slug])
    client.get(url), client.get(api_url), client.get("/claims/")

    claim = Claim.objects.get(pk=verdict.pk)
    claim.rate("true", reason="New figures", by=editor, summary="New figures say it is true.")

    assert b"New figures say it is true." in client.get(url).content
    assert client.get(api_url).json()["status"] == "true"
    assert b"status-true" in client.get("/claims/").content


def test_a_change_to_the_speaker_the_evidence_or_a_topic_shows_on_the_next_request(
    client, verdict, editor, make_topic
):
    url = verdict.get_absolute_url()
    client.get(url)

    speaker = verdict.speaker
    speaker.description = "former minister for the example"
    speaker.save_recorded(reason="Left office", by=editor)
    assert b"former minister for the example" in client.get(url).content

    evidence = verdict.evidence.get()
    evidence.title = "Revised official figures"
    evidence.save_recorded(reason="Revised", by=editor)
    assert b"Revised official figures" in client.get(url).content

    verdict.set_topics([make_topic(name="Public spending")], reason="Tagged", by=editor)
    assert b"Public spending" in client.get(url).content


def test_an_edit_through_the_admin_shows_on_the_public_page_immediately(
    client, verdict, editor, make_editor, form_data
):
    from django.test import Client

    # Another editor approves the new words first: Erin writes them, so hers does not count.
    verdict.approve(
        by=make_editor(), status="false", summary="Corrected: the figures were misread."
    )
    url = verdict.get_absolute_url()
    assert b"The figures say otherwise." in client.get(url).content
    desk = Client()
    desk.force_login(editor)
    change_url = reverse("admin:claims_claim_change", args=[verdict.pk])
    data = form_data(desk.get(change_url))
    data.update(summary="Corrected: the figures were misread.", change_reason="Misread")

    assert desk.post(change_url, data).status_code == 302

    assert b"Corrected: the figures were misread." in client.get(url).content


def test_no_page_is_kept_when_caches_may_not_keep_it(
    client, verdict, settings, django_assert_num_queries
):
    settings.LEDGER_PUBLIC_MAX_AGE = 0
    url = verdict.get_absolute_url()
    client.get(url)
    # the claim with its joins, topics, evidence, corrections, votes, other desks' reviews
    with django_assert_num_queries(6):
        client.get(url)


def test_a_cache_that_does_not_answer_only_costs_building_the_page(
    client, verdict, settings, caplog
):
    # Nothing listens on port 9 of this machine: every cache call fails.
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    with caplog.at_level(logging.WARNING, logger="claims.caching"):
        response = client.get(verdict.get_absolute_url())

    assert response.status_code == 200
    assert b"The figures say otherwise." in response.content
    assert "The page cache could not be read" in caplog.text
