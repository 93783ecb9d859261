"""
Text XML 1.0 cannot carry (C0 controls but tab, LF and CR; noncharacters;
lone surrogates) is refused wherever it enters, and text stored before that
rule, or past it, never breaks the feed, the sitemaps or any other output.
"""

import json
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.urls import reverse

from claims.models import Claim, Correction, Evidence, Source, Speaker, Topic
from tests.hostile_strings import NOT_XML
from tests.interchange_samples import HEADER, csv_row

ATOM = "{http://www.w3.org/2005/Atom}"
# What a database can hold: a lone surrogate is refused before it gets there.
STORABLE = {key: value for key, value in NOT_XML.items() if key != "lone_surrogate"}


def _refused(instance, field):
    with pytest.raises(ValidationError) as refusal:
        instance.full_clean()
    assert field in refusal.value.message_dict, refusal.value.message_dict


@pytest.mark.parametrize("value", NOT_XML.values(), ids=NOT_XML.keys())
def test_every_text_field_refuses_what_xml_cannot_carry(value, make_claim):
    claim = make_claim()
    for _model, field, base in [
        (Claim, "text", claim),
        (Claim, "summary", claim),
        (Claim, "context", claim),
        (Claim, "external_id", claim),
        (Speaker, "name", claim.speaker),
        (Speaker, "description", claim.speaker),
        (Source, "title", claim.source),
        (Source, "publisher", claim.source),
        (Source, "url", claim.source),
        (Topic, "name", Topic(name="Budget")),
        (Evidence, "title", Evidence(claim=claim, title="Figures")),
        (Evidence, "excerpt", Evidence(claim=claim, title="Figures")),
        (Correction, "note", Correction(claim=claim, kind="correction", note="Fixed.")),
    ]:
        original = getattr(base, field)
        setattr(base, field, f"{original} {value}" if field != "url" else f"{original}/{value}")
        _refused(base, field)
        setattr(base, field, original)


def test_tab_line_feed_and_carriage_return_are_kept(make_claim):
    claim = make_claim(summary="First line\r\nsecond\tline\nthird")
    claim.full_clean()


def test_the_admin_refuses_a_vertical_tab_in_a_speakers_name(admin_client, form_data):
    add = reverse("admin:claims_speaker_add")
    data = form_data(admin_client.get(add)) | {"name": "Kyle\x0bWard", "kind": "person"}

    response = admin_client.post(add, data)

    assert response.status_code == 200
    assert "U+000B" in str(response.context["adminform"].form.errors["name"])
    assert not Speaker.objects.exists()


def test_the_admin_refuses_a_noncharacter_in_a_claims_summary(admin_client, form_data, make_claim):
    claim = make_claim()
    change = reverse("admin:claims_claim_change", args=[claim.pk])
    data = form_data(admin_client.get(change)) | {"summary": "Checked \ufffe twice"}

    response = admin_client.post(change, data)

    assert response.status_code == 200
    assert "summary" in response.context["adminform"].form.errors


@pytest.mark.parametrize("key", ["vertical_tab", "noncharacter_fffe", "astral_noncharacter"])
@pytest.mark.parametrize("column", ["claim_text", "speaker_name", "summary", "topics", "context"])
def test_a_csv_import_refuses_it_with_file_line_and_field(write_file, import_claims, key, column):
    path = write_file("claims.csv", HEADER + csv_row(**{column: f"Kyle {NOT_XML[key]}"}))

    with pytest.raises(CommandError, match=rf"claims\.csv:2: {column}: holds U\+"):
        import_claims(path)
    assert not Claim.objects.exists()


def test_a_json_lines_import_refuses_an_escaped_control_character(write_file, import_claims):
    row = {"claim_text": "A claim.", "speaker_name": "Kyle Ward", "summary": "Line\u000bbreak"}
    path = write_file("claims.jsonl", json.dumps(row) + "\n")

    with pytest.raises(CommandError, match=r"claims\.jsonl:1: summary: holds U\+000B"):
        import_claims(path)
    assert not Claim.objects.exists()


# The review names no author: with --as-own it is our verdict, without it an
# unknown publisher's review; both refuse, naming the field's JSON path.
@pytest.mark.parametrize("as_own", [["--as-own"], []])
def test_a_claimreview_import_refuses_a_noncharacter(write_file, import_claims, as_own):
    where = r"\$\[0\]\.claimReviewed"
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://factcheck.example.org/review-1",
        "claimReviewed": "The budget \ufffe doubled.",
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Kyle Ward"},
            "appearance": {"@type": "CreativeWork", "url": "https://news.example.org/1"},
        },
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }
    path = write_file("reviews.json", json.dumps([review]))

    with pytest.raises(CommandError, match=rf"reviews\.json:\d+: {where}: holds U\+FFFE"):
        import_claims(path, "--format", "claimreview", *as_own)
    assert not Claim.objects.exists()


@pytest.fixture
def stored_past_the_rule(make_verdict, make_topic):
    """A published verdict whose every shown text holds each character, by raw writes."""
    claim = make_verdict()
    claim.topics.add(make_topic())
    everything = " ".join(STORABLE.values())
    # A raw write, as rows saved before the rule, or by a migration, would be.
    Claim.objects.filter(pk=claim.pk).update(
        text=f"Said {everything}", summary=f"Found {everything}", context=everything
    )
    Speaker.objects.filter(pk=claim.speaker_id).update(name=f"Kyle {everything}")
    # Within the columns' lengths, which PostgreSQL holds to.
    Topic.objects.filter(claims=claim).update(name="Budget \x0b\ufffe\x1b\U0001fffe")
    Source.objects.filter(pk=claim.source_id).update(title=f"Report {everything}")
    Evidence.objects.filter(claim=claim).update(title=everything, excerpt=everything)
    return claim


def test_the_feed_leaves_out_what_xml_cannot_carry(client, stored_past_the_rule):
    response = client.get("/feeds/claims/")

    assert response.status_code == 200
    feed = ElementTree.fromstring(response.content)
    (entry,) = feed.iter(f"{ATOM}entry")
    assert "Said Shift+Enter in Wordwrites this" in entry.find(f"{ATOM}title").text
    assert entry.find(f"{ATOM}author/{ATOM}name").text.startswith("Kyle Shift+Enter")
    categories = [category.get("term") for category in entry.iter(f"{ATOM}category")]
    assert any(term.startswith("Budget ") for term in categories)


def test_the_sitemaps_still_parse(client, stored_past_the_rule):
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locations = [element.text for element in index.iter() if element.tag.endswith("loc")]
    assert locations
    for location in locations:
        response = client.get(location.split("testserver", 1)[-1].split("example.org", 1)[-1])
        assert response.status_code == 200, location
        ElementTree.fromstring(response.content)


def test_the_pages_api_and_json_ld_still_answer(client, stored_past_the_rule):
    claim = stored_past_the_rule
    for url in (
        claim.get_absolute_url(),
        claim.speaker.get_absolute_url(),
        claim.source.get_absolute_url(),
        reverse("claims:list"),
    ):
        assert client.get(url).status_code == 200, url
    api = client.get(f"/api/claims/{claim.slug}/")
    assert api.status_code == 200
    assert api.json()["summary"].startswith("Found ")
    assert client.get("/api/claims/").status_code == 200
