"""
Whose review a ClaimReview is: ours only when its author (or publisher) is
LEDGER_PUBLISHER_NAME, or the run says --as-own. A review naming no
organisation, as a scraped one stripped of its author is, is another desk's,
of an unknown publisher: it never sets our status, and never reaches our
JSON-LD, export or feed (docs/external-reviews.md, "The provenance rule").
"""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from claims.models import UNKNOWN_PUBLISHER, Claim, ClaimStatus, ExternalReview

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
AUTHORLESS = str(FIXTURES / "claimreview" / "authorless-zh-hant.json")
CLAIM_TEXT = "颱風過後，淹水的高速公路上出現一條鯊魚"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def our_claimreview_export():
    out = StringIO()
    call_command("export_claims", "--format", "claimreview", stdout=out)
    return out.getvalue()


def our_claimreview_feed():
    """
    The export, parsed, without its dateModified: that is the time of the
    export, so two exports a second apart differ there and nowhere else.
    """
    feed = json.loads(our_claimreview_export())
    del feed["dateModified"]
    return feed


def test_an_authorless_review_is_an_unknown_publishers_and_the_claim_a_draft(client, import_claims):
    output = import_claims(AUTHORLESS)

    review = ExternalReview.objects.get()
    assert (review.publisher_name, review.label, review.mapped_status) == (
        UNKNOWN_PUBLISHER,
        "錯誤",
        ClaimStatus.FALSE,
    )
    assert review.url == "https://scraped.example.tw/fact/20230412-shark"
    assert "external reviews: 1 created" in output
    claim = Claim.objects.get()
    assert (claim.text, claim.speaker.name) == (CLAIM_TEXT, "王小明")
    assert claim.status == ClaimStatus.UNVERIFIED
    assert (claim.summary, claim.is_published) == ("", False)
    assert client.get(claim.get_absolute_url()).status_code == 404
    assert client.get(reverse("api:claim", args=[claim.slug])).status_code == 404
    assert CLAIM_TEXT not in our_claimreview_export()
    assert CLAIM_TEXT not in client.get(reverse("claims:feed")).content.decode()


@pytest.mark.parametrize(
    "naming_no_one",
    [
        {},
        {"author": None},
        {"author": ""},
        {"author": []},
        {"author": {"@type": "Organization"}},
        {"author": {"@type": "Organization", "name": "  "}, "publisher": None},
    ],
)
def test_every_way_of_naming_no_one_is_the_unknown_publisher(
    import_claims, write_file, naming_no_one
):
    review = json.loads(Path(AUTHORLESS).read_text(encoding="utf-8")) | naming_no_one

    import_claims(write_file("review.json", json.dumps(review, ensure_ascii=False)))

    assert ExternalReview.objects.get().publisher_name == UNKNOWN_PUBLISHER
    assert Claim.objects.get().status == ClaimStatus.UNVERIFIED


def test_an_authorless_review_leaves_our_published_verdict_and_is_shown_as_unknown(
    client, make_verdict, make_speaker, import_claims
):
    ours = make_verdict(
        status="true",
        summary="照片是真的，拍攝於水族館外。",
        text=CLAIM_TEXT,
        speaker=make_speaker(name="王小明"),
    )
    export_before = our_claimreview_feed()

    import_claims(AUTHORLESS)

    ours.refresh_from_db()
    assert ours.status == ClaimStatus.TRUE
    assert ours.summary == "照片是真的，拍攝於水族館外。"
    assert ExternalReview.objects.get().claim == ours
    page = client.get(ours.get_absolute_url()).content.decode()
    assert f'<bdi class="external-publisher">{UNKNOWN_PUBLISHER}</bdi>' in page
    (markup,) = JSON_LD.findall(page)
    assert json.loads(markup)["reviewRating"]["alternateName"] == "True"
    assert "錯誤" not in markup and UNKNOWN_PUBLISHER not in markup
    assert export_before["dataFeedElement"]
    assert our_claimreview_feed() == export_before
    feed = client.get(reverse("claims:feed")).content.decode()
    assert UNKNOWN_PUBLISHER not in feed and "錯誤" not in feed


def test_an_authorless_review_with_as_own_is_our_verdict(import_claims):
    output = import_claims(AUTHORLESS, "--as-own")

    claim = Claim.objects.get()
    assert claim.status == ClaimStatus.FALSE
    assert not ExternalReview.objects.exists()
    assert "external reviews" not in output
    assert "錯誤" in claim.history.first().history_change_reason


def test_a_review_whose_author_is_our_publisher_is_ours_without_as_own(
    import_claims, write_file, settings
):
    settings.LEDGER_PUBLISHER_NAME = "事實查核台"
    review = json.loads(Path(AUTHORLESS).read_text(encoding="utf-8"))
    review["author"] = {"@type": "Organization", "name": " 事實查核台 "}

    import_claims(write_file("review.json", json.dumps(review, ensure_ascii=False)))

    assert Claim.objects.get().status == ClaimStatus.FALSE
    assert not ExternalReview.objects.exists()


def test_our_own_export_imports_back_as_ours_without_as_own(
    make_verdict, make_speaker, import_claims, tmp_path, settings
):
    settings.LEDGER_PUBLISHER_NAME = "事實查核台"
    make_verdict(
        status="false",
        summary="颱風過後沒有鯊魚。",
        text=CLAIM_TEXT,
        speaker=make_speaker(name="王小明"),
    )
    path = tmp_path / "ours.json"
    call_command("export_claims", "--format", "claimreview", "--output", str(path))
    (element,) = json.loads(path.read_text(encoding="utf-8"))["dataFeedElement"]
    assert element["author"]["name"] == "事實查核台"
    Claim.objects.all().delete()

    output = import_claims(str(path))

    claim = Claim.objects.get()
    assert (claim.text, claim.status, claim.summary) == (CLAIM_TEXT, "false", "颱風過後沒有鯊魚。")
    assert not ExternalReview.objects.exists()
    assert "external reviews" not in output


@pytest.mark.parametrize("author", [42, [7, 8], {"name": {"@value": "AFP"}}])
def test_an_author_given_as_something_else_is_refused_not_taken_for_unknown(
    import_claims, write_file, author
):
    review = json.loads(Path(AUTHORLESS).read_text(encoding="utf-8")) | {"author": author}
    path = write_file("review.json", json.dumps(review, ensure_ascii=False))

    with pytest.raises(CommandError) as raised:
        import_claims(path)

    assert f"{path}:1: $.author.name: names no publisher" in str(raised.value)
    assert not Claim.objects.exists()
