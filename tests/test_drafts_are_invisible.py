"""Drafts do not exist for the public: not in pages, lists, counts, feeds, sitemaps or the API."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from claims import search
from claims.models import Claim, Speaker


@pytest.fixture
def drafts(seeded):
    return list(Claim.objects.drafts())


def test_a_drafts_urls_are_not_found_everywhere(client, drafts):
    for draft in drafts:
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get(draft.get_history_url()).status_code == 404
        api_url = reverse("api:claim", args=[draft.slug])
        assert client.get(api_url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/claims/",
        "/claims/?q=Amnesty",
        "/speakers/security-bureau-spokesman/",
        "/topics/national-security-law/",
        "/sources/{source}/",
        "/feeds/claims/",
        "/sitemap.xml",
        "/sitemap-claims.xml",
        "/sitemap-speakers.xml",
        "/sitemap-topics.xml",
    ],
)
def test_no_list_shows_a_draft(client, drafts, url):
    source = drafts[0].source_id
    content = client.get(url.format(source=source)).content.decode()
    for draft in drafts:
        assert escape(draft.text) not in content
        assert draft.slug not in content


@pytest.mark.parametrize("query", [{}, {"q": "Amnesty"}, {"q": "Hong Kong"}])
def test_the_api_lists_and_counts_no_draft(client, drafts, query):
    body = client.get("/api/claims/", query).json()
    listed = {item["slug"] for item in body["items"]}
    assert listed and not listed & {draft.slug for draft in drafts}
    assert {item["text"] for item in body["items"]}.isdisjoint(draft.text for draft in drafts)
    assert body["count"] == len(listed)


def test_more_drafts_than_a_search_ranks_change_nothing_the_public_sees(client, drafts):
    """Drafts newer than every published claim, more of them than a search ranks."""
    speaker, source = drafts[0].speaker, drafts[0].source
    Claim.objects.bulk_create(
        Claim(
            text=f"Amnesty draft {number}",
            slug=f"amnesty-draft-{number}",
            speaker=speaker,
            source=source,
        )
        for number in range(search.CANDIDATES + 1)
    )
    published = set(Claim.objects.published().values_list("slug", flat=True))
    page = client.get("/claims/", {"q": "Amnesty"})
    found = {claim.slug for claim in page.context["page"].object_list}
    assert found and found <= published
    assert page.context["page"].paginator.count == len(found)
    body = client.get("/api/claims/", {"q": "Amnesty"}).json()
    assert {item["slug"] for item in body["items"]} == found
    assert body["count"] == len(found)


def test_a_speaker_with_only_drafts_does_not_exist_publicly(client, drafts):
    speaker = Speaker.objects.get(slug="financial-services-minister")
    assert not speaker.claims.published().exists()
    assert client.get(speaker.get_absolute_url()).status_code == 404
    assert speaker.get_absolute_url() not in client.get("/sitemap-speakers.xml").content.decode()


def test_the_scorecard_and_the_api_count_only_published_claims(client, drafts):
    response = client.get("/api/claims/")
    assert response.json()["count"] == Claim.objects.published().count() == 4
    scorecard = client.get("/speakers/kyle-ward/").content.decode()
    # Kyle Ward has one published claim and one draft in the seed.
    assert '<td><a href="/claims/?speaker=kyle-ward&amp;status=unverified">1</a></td>' in scorecard


def test_an_unpublished_claim_disappears_from_the_public(client, make_verdict, editor):
    claim = make_verdict()
    assert client.get(claim.get_absolute_url()).status_code == 200
    claim.unpublish(reason="Sent back for checking", by=editor)
    assert client.get(claim.get_absolute_url()).status_code == 404
    assert escape(claim.text) not in client.get("/claims/").content.decode()
