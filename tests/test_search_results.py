"""
A search finds exactly the published claims that match every word and the
filters: drafts and other claims never crowd them out, counts and pages are
truthful, and past the cap the page says so.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from claims import search
from claims.models import Claim


@pytest.fixture
def bulk_claims(make_speaker, make_source):
    """`count` claims whose text contains `text`, newer than any made before."""

    def make(count, text, *, published=True, speaker=None):
        speaker = speaker or make_speaker()
        source = make_source()
        start = Claim._base_manager.count()
        claims = [
            Claim(
                text=f"{text} number {start + number}",
                slug=f"bulk-{start + number}",
                speaker=speaker,
                source=source,
                published_at=timezone.now() if published else None,
            )
            for number in range(count)
        ]
        return Claim.objects.bulk_create(claims)

    return make


def page_slugs(response):
    assert response.status_code == 200
    return [claim.slug for claim in response.context["page"].object_list]


def test_newer_drafts_do_not_hide_a_published_match(client, make_claim, bulk_claims):
    published = make_claim(published=True, text="Zebras crossed the road.")
    bulk_claims(search.CANDIDATES + 5, "Zebras in a draft", published=False)

    response = client.get(reverse("claims:list"), {"q": "zebras"})
    assert page_slugs(response) == [published.slug]
    assert response.context["page"].paginator.count == 1
    body = client.get("/api/claims/", {"q": "zebras"}).json()
    assert body["count"] == 1
    assert [item["slug"] for item in body["items"]] == [published.slug]


def test_a_filter_finds_a_match_older_than_the_ranked_candidates(
    client, make_claim, make_speaker, bulk_claims
):
    speaker = make_speaker(name="Quiet Quentin")
    old = make_claim(published=True, text="Taxes went up.", speaker=speaker)
    bulk_claims(search.CANDIDATES + 5, "Taxes went down")

    response = client.get(reverse("claims:list"), {"q": "taxes", "speaker": speaker.slug})
    assert page_slugs(response) == [old.slug]
    body = client.get("/api/claims/", {"q": "taxes", "speaker": speaker.slug}).json()
    assert [item["slug"] for item in body["items"]] == [old.slug]


def test_pages_reach_every_match_past_the_ranked_candidates(client, bulk_claims):
    matches = bulk_claims(search.CANDIDATES + 60, "Rainfall doubled")
    bulk_claims(3, "Rainfall halved", published=False)

    first = client.get(reverse("claims:list"), {"q": "rainfall doubled"})
    paginator = first.context["page"].paginator
    assert paginator.count == len(matches)
    seen = []
    for number in paginator.page_range:
        seen += page_slugs(client.get(reverse("claims:list"), {"q": "rainfall", "page": number}))
    assert sorted(seen) == sorted(claim.slug for claim in matches)
    # The newest CANDIDATES are ranked first; the rest follow newest first.
    newest_first = [claim.slug for claim in sorted(matches, key=lambda claim: -claim.pk)]
    assert set(seen[: search.CANDIDATES]) == set(newest_first[: search.CANDIDATES])
    assert seen[search.CANDIDATES :] == newest_first[search.CANDIDATES :]
    assert "more than" not in first.content.decode()

    body = client.get("/api/claims/", {"q": "rainfall", "page": 6}).json()
    assert body["count"] == len(matches)
    assert len(body["items"]) == len(matches) - 5 * 50


def test_more_matches_than_the_cap_are_counted_as_more(client, bulk_claims):
    matches = bulk_claims(search.RESULTS + 1, "Sunshine")

    response = client.get(reverse("claims:list"), {"q": "sunshine"})
    paginator = response.context["page"].paginator
    assert paginator.count == search.RESULTS
    assert f"More than {search.RESULTS} claims match" in response.content.decode()
    last = client.get(reverse("claims:list"), {"q": "sunshine", "page": paginator.num_pages})
    # The cap keeps the newest matches: the oldest one is the one left out.
    assert matches[0].slug not in page_slugs(last)
    assert len(page_slugs(last)) == search.RESULTS - (paginator.num_pages - 1) * 50

    body = client.get("/api/claims/", {"q": "sunshine"}).json()
    assert body["count"] == search.RESULTS
    assert body["more"] is True
    assert client.get("/api/claims/", {"q": "nothing-like-it"}).json()["more"] is False
