"""
Every public page and API endpoint runs the same number of queries for one row
as for fifty: the joins live on the querysets (for_list, for_detail, ...).
Knowing whether a cached page is fresh takes no query (claims/caching.py).
"""

import pytest
from django.urls import reverse

from claims.models import Correction, Evidence, ExternalReview


@pytest.fixture
def ledger(make_speaker, make_source, make_topic, make_claim, editor):
    """`rows` published claims by one speaker from one source in one topic; the
    first also has `rows` topics, items of evidence, corrections, revisions
    and other desks' reviews."""

    def build(rows):
        speaker, source = make_speaker(slug="busy-speaker"), make_source()
        topics = [make_topic() for _ in range(rows)]
        claims = []
        for _ in range(rows):
            claim = make_claim(speaker=speaker, source=source, published=True)
            claim.set_topics(topics[:1], reason="Tagged", by=editor)
            claims.append(claim)
        busy = claims[0]
        busy.set_topics(topics, reason="Tagged", by=editor)
        for number in range(rows):
            Evidence(claim=busy, title=f"Item {number}").save_recorded(reason="Added", by=editor)
            busy.issue_correction(Correction.Kind.UPDATE, f"Update {number}", by=editor)
            busy.context = f"Revision {number}"
            busy.save_recorded(reason=f"Revision {number}", by=editor)
            ExternalReview(
                claim=busy, publisher_name=f"Desk {number}", label="錯誤"
            ).save_recorded(reason="Imported", by=editor)
        return {"claim": busy, "speaker": speaker, "source": source, "topic": topics[0]}

    return build


PAGES = {
    # count, the page with speaker and source, their topics
    "list": (lambda rows: reverse("claims:list"), 3),
    # ... and first the search index
    "search": (lambda rows: reverse("claims:list") + "?q=said", 4),
    # count, the page (joined to the speaker), their topics
    "filtered": (lambda rows: "/claims/?speaker=busy-speaker&status=unverified", 3),
    # the claim with speaker, source, reviewer; topics; evidence; corrections;
    # the panel's votes on its verdict; other desks' reviews
    "detail": (lambda rows: rows["claim"].get_absolute_url(), 6),
    # the claim, its history records, their topic rows, those
    # topics, the records' ledger entries, the panel's votes
    "history": (lambda rows: rows["claim"].get_history_url(), 6),
    # the speaker, the scorecard, count, the page, their topics
    "speaker": (lambda rows: rows["speaker"].get_absolute_url(), 5),
    # the source, count, the page, their topics
    "source": (lambda rows: rows["source"].get_absolute_url(), 4),
    # the topic, count, the page, their topics
    "topic": (lambda rows: rows["topic"].get_absolute_url(), 4),
    # nothing from the database
    "methodology": (lambda rows: reverse("claims:methodology"), 0),
    # the claims with speaker and source, their topics, their old slugs
    "feed": (lambda rows: reverse("claims:feed"), 3),
    # for each of claims, speakers and topics: count, newest change
    "sitemap": (lambda rows: "/sitemap.xml", 6),
    # count, the page
    "sitemap of claims": (lambda rows: "/sitemap-claims.xml", 2),
    "sitemap of speakers": (lambda rows: "/sitemap-speakers.xml", 2),
    # count, the page with speaker and source, their topics
    "api list": (lambda rows: "/api/claims/", 3),
    # ... and first the search index
    "api search": (lambda rows: "/api/claims/?q=said", 4),
    # the claim with speaker, source, reviewer; topics; evidence; corrections;
    # other desks' reviews
    "api claim": (lambda rows: reverse("api:claim", args=[rows["claim"].slug]), 5),
}


@pytest.mark.parametrize("rows", [1, 50])
def test_every_page_runs_a_fixed_number_of_queries(client, ledger, django_assert_num_queries, rows):
    built = ledger(rows)
    for page, (url, queries) in PAGES.items():
        with django_assert_num_queries(queries, info=page):
            response = client.get(url(built))
        assert response.status_code == 200, page
        assert built["claim"].slug.encode() in response.content or page in {
            "methodology",
            "sitemap",
            "sitemap of speakers",
        }
