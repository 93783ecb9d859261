"""The Atom feed and the sitemap parse as XML, list only published items, with absolute URLs."""

from xml.etree import ElementTree

import pytest

from claims.models import Claim, Speaker, Topic
from claims.sitemaps import ClaimSitemap

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


def sitemap_index(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    index = ElementTree.fromstring(response.content)
    assert index.tag == f"{SITEMAP}sitemapindex"
    return {
        item.find(f"{SITEMAP}loc").text: item.find(f"{SITEMAP}lastmod").text
        for item in index.iter(f"{SITEMAP}sitemap")
    }


def sitemap_entries(client, location):
    """A section's page, by its absolute URL in the index, as {loc: lastmod}."""
    path = location.removeprefix("https://factcheck.example.org")
    response = client.get(path)
    assert response.status_code == 200, path
    urlset = ElementTree.fromstring(response.content)
    assert urlset.tag == f"{SITEMAP}urlset"
    return {
        url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod").text
        for url in urlset.iter(f"{SITEMAP}url")
    }


def all_sitemap_entries(client):
    entries = {}
    for location in sitemap_index(client):
        entries |= sitemap_entries(client, location)
    return entries


def test_the_sitemap_is_an_index_of_the_sections_with_their_last_change(client, site):
    index = sitemap_index(client)
    base = "https://factcheck.example.org"
    assert set(index) == {
        f"{base}/sitemap-claims.xml",
        f"{base}/sitemap-speakers.xml",
        f"{base}/sitemap-topics.xml",
    }
    newest = max(claim.updated_at for claim in Claim.objects.published())
    assert index[f"{base}/sitemap-claims.xml"] == newest.isoformat()
    assert all(lastmod for lastmod in index.values())


def test_the_sitemap_lists_published_claims_speakers_and_topics_with_lastmod(client, site):
    entries = all_sitemap_entries(client)
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


def test_every_published_claim_is_in_a_page_of_the_index_however_many(
    client, site, monkeypatch, make_claim
):
    # Django caps a sitemap at Sitemap.limit (50,000) URLs: the index lists as
    # many pages of a section as its claims fill. Two a page here.
    monkeypatch.setattr(ClaimSitemap, "limit", 2)
    for _ in range(3):
        make_claim(published=True)
    make_claim()  # a draft
    published = Claim.objects.published()
    pages = -(-published.count() // 2)

    index = sitemap_index(client)
    base = "https://factcheck.example.org/sitemap-claims.xml"
    claim_pages = [location for location in index if location.startswith(base)]
    assert claim_pages == [base] + [f"{base}?p={number}" for number in range(2, pages + 1)]
    listed = [loc for page in claim_pages for loc in sitemap_entries(client, page)]
    assert sorted(listed) == sorted(
        f"https://factcheck.example.org{claim.get_absolute_url()}" for claim in published
    )


@pytest.mark.parametrize(
    "path", ["/sitemap-claims.xml?p=99", "/sitemap-claims.xml?p=two", "/sitemap-votes.xml"]
)
def test_a_sitemap_page_that_does_not_exist_is_a_404(client, site, path):
    assert client.get(path).status_code == 404
