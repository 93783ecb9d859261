"""export_claims writes the interchange columns as CSV or JSON Lines, or a ClaimReview DataFeed."""

import csv
import io
import json

from django.core.management import call_command

from claims.interchange.rows import ALL_COLUMNS, COLUMNS


def export(*args):
    out = io.StringIO()
    call_command("export_claims", *args, stdout=out)
    return out.getvalue()


def test_csv_has_the_contract_columns_first(make_claim, make_topic, editor):
    claim = make_claim(text="Crime halved.", said_on="2024-01-01", external_id="x-1")
    claim.set_topics([make_topic(name="Crime"), make_topic(name="Policing")], reason="t", by=editor)

    rows = list(csv.DictReader(io.StringIO(export("--format", "csv"))))

    assert list(rows[0]) == ALL_COLUMNS
    assert ALL_COLUMNS[: len(COLUMNS)] == COLUMNS
    assert rows[0]["claim_text"] == "Crime halved."
    assert rows[0]["external_id"] == "x-1"
    assert rows[0]["said_on"] == "2024-01-01"
    assert rows[0]["topics"] == "Crime;Policing"
    assert rows[0]["status"] == "unverified"


def test_published_only_leaves_out_drafts(make_claim):
    make_claim(text="A draft.")
    make_claim(text="Public.", published=True)

    lines = export("--format", "jsonl", "--published-only").splitlines()

    assert [json.loads(line)["claim_text"] for line in lines] == ["Public."]


def test_claimreview_is_a_datafeed_of_verdicts(make_claim, editor, settings):
    settings.LEDGER_SITE_URL = "https://ledger.example.org"
    settings.LEDGER_PUBLISHER_NAME = "Example Checks"
    checked = make_claim(text="Crime halved.")
    checked.rate("mostly_false", reason="Checked", by=editor, summary="It fell by a fifth.")
    make_claim(text="Not checked yet.")

    feed = json.loads(export("--format", "claimreview"))

    assert feed["@type"] == "DataFeed"
    [review] = feed["dataFeedElement"]
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "Crime halved."
    assert review["url"] == f"https://ledger.example.org/claims/{checked.slug}/"
    assert review["author"]["name"] == "Example Checks"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly false",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert review["reviewBody"] == "It fell by a fifth."
    assert review["itemReviewed"]["author"]["name"] == checked.speaker.name


def test_an_output_path_that_cannot_be_written_is_a_clear_error(tmp_path):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_claims", "--output", str(tmp_path / "missing" / "x.csv"))


def test_an_exported_claimreview_is_the_one_on_the_claims_page(client, make_verdict):
    from tests.test_claimreview_jsonld import json_ld

    claim = make_verdict(status="mostly_false", said_on="2021-10-20")
    on_page = json_ld(client.get(claim.get_absolute_url()).content.decode())

    (exported,) = json.loads(export("--format", "claimreview"))["dataFeedElement"]

    topics = list(claim.topics.values_list("name", flat=True))
    assert exported.pop("keywords", []) == topics
    assert on_page.pop("@context") == "https://schema.org"
    assert exported == on_page
