"""A published verdict's page carries schema.org ClaimReview JSON-LD that agrees with the page."""

import json
import re

import pytest
from django.utils.html import escape

from claims.models import Claim, Speaker

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(page):
    blocks = JSON_LD.findall(page)
    assert len(blocks) <= 1
    return json.loads(blocks[0]) if blocks else None


@pytest.fixture
def verdict(make_verdict, settings):
    settings.LEDGER_SITE_URL = "https://factcheck.example.org"
    settings.LEDGER_PUBLISHER_NAME = "Example Fact Check"
    return make_verdict(status="mostly_false", said_on="2021-10-20")


def test_it_has_every_claimreview_field(client, verdict):
    verdict.refresh_from_db()
    review = json_ld(client.get(verdict.get_absolute_url()).content.decode())

    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"] == f"https://factcheck.example.org{verdict.get_absolute_url()}"
    assert review["claimReviewed"] == verdict.text
    assert review["datePublished"] == verdict.published_at.date().isoformat()
    assert review["author"] == {
        "@type": "Organization",
        "name": "Example Fact Check",
        "url": "https://factcheck.example.org/",
    }
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {
        "@type": "Person",
        "name": verdict.speaker.name,
        "jobTitle": "minister for the example",
        "sameAs": "https://example.org/m",
    }
    assert item["datePublished"] == "2021-10-20"
    assert item["firstAppearance"]["url"] == verdict.source.url
    assert item["appearance"][0]["url"] == verdict.source.url
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly false",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
    }


def test_it_matches_what_the_page_shows(client, verdict):
    page = client.get(verdict.get_absolute_url()).content.decode()
    review = json_ld(page)
    visible = JSON_LD.sub("", page)

    label = re.search(r'class="verdict-label">(.*?)<', visible).group(1)
    assert review["reviewRating"]["alternateName"] == label
    quoted = re.search(r'<blockquote class="claim-text"[^>]*>(.*?)</blockquote>', visible, re.S)
    assert escape(review["claimReviewed"]) == quoted.group(1)
    assert escape(review["itemReviewed"]["author"]["name"]) in visible
    assert escape(review["itemReviewed"]["author"]["jobTitle"]) in visible
    assert f'href="{review["itemReviewed"]["firstAppearance"]["url"]}"' in visible
    published = re.search(r'class="published-at" datetime="([^"]+)"', visible).group(1)
    assert published.startswith(review["datePublished"])
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page).group(1)
    assert review["url"] == canonical


@pytest.mark.parametrize(
    ("status", "label", "value"),
    [
        ("true", "True", 5),
        ("mostly_true", "Mostly true", 4),
        ("half_true", "Half true", 3),
        ("false", "False", 1),
        ("misleading", "Misleading", None),
        ("unproven", "Unproven", None),
    ],
)
def test_the_rating_follows_the_scale(client, make_verdict, status, label, value):
    claim = make_verdict(status=status)
    rating = json_ld(client.get(claim.get_absolute_url()).content.decode())["reviewRating"]
    assert rating["alternateName"] == label
    assert rating.get("ratingValue") == value
    assert ("bestRating" in rating) == (value is not None)


def test_an_organisation_speaker_is_an_organization(client, make_verdict, make_speaker):
    speaker = make_speaker(kind=Speaker.Kind.ORGANISATION, description="a charity")
    claim = make_verdict(speaker=speaker)
    review = json_ld(client.get(claim.get_absolute_url()).content.decode())
    author = review["itemReviewed"]["author"]
    assert author["@type"] == "Organization"
    assert "jobTitle" not in author


def test_a_government_body_is_a_government_organization(client, make_verdict, make_speaker):
    speaker = make_speaker(name="Security Bureau", kind=Speaker.Kind.GOVERNMENT_BODY)
    claim = make_verdict(speaker=speaker)
    review = json_ld(client.get(claim.get_absolute_url()).content.decode())
    assert review["itemReviewed"]["author"]["@type"] == "GovernmentOrganization"


@pytest.mark.parametrize("status", ["unverified", "in_review"])
def test_there_is_no_claimreview_without_a_verdict(client, make_claim, reviewer, editor, status):
    claim = make_claim()
    if status == "in_review":
        claim.rate(status, reason="Started checking", by=reviewer)
    claim.publish(by=editor)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert json_ld(page) is None
    assert Claim.objects.get(pk=claim.pk).status == status


def test_without_the_date_it_was_said_the_claim_has_no_date_of_its_own(
    client, make_verdict, make_source
):
    # schema.org's Claim.datePublished is when the claim was made; the source
    # may have reported it days later, and an import would read the source's
    # date back as said_on. The source's date stays on the appearance.
    source = make_source(published_on="2021-10-22")
    claim = make_verdict(source=source)
    assert claim.said_on is None
    item = json_ld(client.get(claim.get_absolute_url()).content.decode())["itemReviewed"]
    assert "datePublished" not in item
    assert item["firstAppearance"]["datePublished"] == "2021-10-22"
