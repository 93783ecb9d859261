"""The Atom feed and the sitemap parse as XML, list only published items, with absolute URLs."""

from xml.etree import ElementTree

import pytest

from claims.models import Claim, Speaker, Topic

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def site(settings, seeded):
    settings.LEDGER_SITE_URL = "https://factcheck.example.org"


def test_the_feed_lists_the_latest_published_claims_with_their_verdicts(client, site):
    response = client.get("/feeds/claims/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)

    links = [entry.find(f"{ATOM}link").get("href") for entry in feed.iter(f"{ATOM}entry")]
    published = Claim.objects.published()
    assert links == [f"https://factcheck.example.org{c.get_absolute_url()}" for c in published]
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert all(title.startswith("Unverified: ") for title in titles)
    categories = {c.get("term") for c in feed.iter(f"{ATOM}category")}
    assert "Unverified" in categories and "NGO closures" in categories


def test_a_new_verdict_leads_the_feed(client, site, make_verdict):
    claim = make_verdict(status="false")
    feed = ElementTree.fromstring(client.get("/feeds/claims/").content)
    first = next(feed.iter(f"{ATOM}entry"))
    assert first.find(f"{ATOM}title").text.startswith("False: ")
    assert first.find(f"{ATOM}id").text.endswith(claim.get_absolute_url())


def test_the_sitemap_lists_published_claims_speakers_and_topics_with_lastmod(client, site):
    response = client.get("/sitemap.xml")
    sitemap = ElementTree.fromstring(response.content)
    entries = {
        url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod").text
        for url in sitemap.iter(f"{SITEMAP}url")
    }
    base = "https://factcheck.example.org"
    expected = {base + claim.get_absolute_url() for claim in Claim.objects.published()}
    expected |= {
        base + speaker.get_absolute_url()
        for speaker in Speaker.objects.filter(claims__published_at__isnull=False).distinct()
    }
    expected |= {
        base + topic.get_absolute_url()
        for topic in Topic.objects.filter(claims__published_at__isnull=False).distinct()
    }
    assert set(entries) == expected
    assert all(lastmod for lastmod in entries.values())
    for draft in Claim.objects.drafts():
        assert base + draft.get_absolute_url() not in entries
