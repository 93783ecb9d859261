"""
import_claims reads ClaimReview in its four shapes (one object, an array, a
DataFeed, HTML pages with ld+json blocks), maps ratings onto our statuses and
keeps the original rating in the history.
"""

import json

import pytest
from django.conf import settings
from django.core.management.base import CommandError

from claims.models import Claim


def review(number=1, rating=None, **extra):
    """
    One of our own reviews, as export_claims writes them: its author is our
    publisher, which alone makes it our verdict (docs/external-reviews.md).
    """
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "author": {"@type": "Organization", "name": settings.LEDGER_PUBLISHER_NAME},
        "url": f"https://factcheck.example.org/checks/{number}",
        "claimReviewed": f"Crime halved in {2000 + number}.",
        "datePublished": "2024-03-01",
        "reviewRating": rating or {"@type": "Rating", "alternateName": "Pants on Fire!"},
        "reviewBody": "Police figures show a small rise.",
        "itemReviewed": {
            "@type": "Claim",
            "datePublished": "2024-02-01T09:00:00Z",
            "author": {"@type": "Person", "name": "Jo Lee", "jobTitle": "mayor"},
            "appearance": [
                {
                    "@type": "CreativeWork",
                    "url": "https://news.example.org/crime",
                    "headline": "Mayor on crime",
                    "publisher": {"@type": "Organization", "name": "Daily Example"},
                }
            ],
        },
    } | extra


def test_it_imports_a_single_claimreview(import_claims, write_file):
    import_claims(write_file("review.json", json.dumps(review())))

    claim = Claim.objects.get()
    assert claim.text == "Crime halved in 2001."
    assert claim.external_id == "https://factcheck.example.org/checks/1"
    assert claim.status == Claim.Status.FALSE
    assert claim.summary == "Police figures show a small rise."
    assert str(claim.said_on) == "2024-02-01"
    assert (claim.speaker.name, claim.speaker.description) == ("Jo Lee", "mayor")
    assert (claim.source.url, claim.source.title, claim.source.publisher) == (
        "https://news.example.org/crime",
        "Mayor on crime",
        "Daily Example",
    )
    assert not claim.is_published


def test_it_imports_an_array_of_claimreviews(import_claims, write_file):
    import_claims(write_file("reviews.json", json.dumps([review(1), review(2)])))

    assert Claim.objects.count() == 2


def test_it_imports_a_datafeed(import_claims, write_file):
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [
            review(1),
            {"@type": "DataFeedItem", "item": review(2)},
        ],
    }

    import_claims(write_file("feed.json", json.dumps(feed)))

    assert Claim.objects.count() == 2


def test_it_imports_the_claimreviews_of_html_pages(import_claims, write_file):
    page = f"""<!doctype html>
<html><head>
<script type="application/ld+json">{json.dumps({"@type": "Organization", "name": "Desk"})}</script>
<script type="application/ld+json">
{json.dumps({"@context": "https://schema.org", "@graph": [review(1), review(2)]})}
</script>
</head><body><p>Crime did not halve.</p></body></html>
"""

    import_claims(write_file("check.html", page))

    assert Claim.objects.count() == 2


@pytest.mark.parametrize(
    ("rating", "status"),
    [
        ({"ratingValue": 1, "bestRating": 5, "worstRating": 1}, "false"),
        ({"ratingValue": 4, "bestRating": 5, "worstRating": 1}, "mostly_true"),
        ({"ratingValue": 10, "bestRating": 10, "worstRating": 0}, "true"),
        ({"ratingValue": 0, "bestRating": 10, "worstRating": 0}, "false"),
        # A scale given as null is schema.org's default, 1 to 5.
        ({"ratingValue": 2, "bestRating": None, "worstRating": None}, "mostly_false"),
        ({"alternateName": "Refuted"}, "false"),
        ({"alternateName": "Not Enough Evidence"}, "unproven"),
        ({"alternateName": "Conflicting Evidence/Cherrypicking"}, "misleading"),
        ({"alternateName": "Barely True"}, "mostly_false"),
    ],
)
def test_it_maps_ratings_onto_our_statuses(import_claims, write_file, rating, status):
    import_claims(
        write_file("review.json", json.dumps(review(rating={"@type": "Rating"} | rating)))
    )

    assert Claim.objects.get().status == status


def test_it_keeps_the_original_rating_label_in_the_history(import_claims, write_file):
    import_claims(write_file("review.json", json.dumps(review())))

    entry = Claim.objects.get().history.get()
    assert entry.history_change_reason == 'imported from review.json (rated "Pants on Fire!")'


def test_what_a_review_leaves_out_leaves_the_claim_alone(import_claims, write_file, make_claim):
    claim = make_claim(
        external_id="https://factcheck.example.org/checks/1",
        text="Crime halved in 2001.",
        summary="Our own summary.",
        context="at a rally",
        language="en-GB",
    )
    bare = review()
    del bare["reviewBody"]

    import_claims(write_file("review.json", json.dumps(bare)))

    claim.refresh_from_db()
    assert claim.status == Claim.Status.FALSE
    assert (claim.summary, claim.context, claim.language) == (
        "Our own summary.",
        "at a rally",
        "en-GB",
    )


def test_reviews_sharing_a_page_url_are_matched_by_speaker_source_and_text(
    import_claims, write_file
):
    page = "https://factcheck.example.org/roundup"
    path = write_file("reviews.json", json.dumps([review(1, url=page), review(2, url=page)]))
    import_claims(path)

    output = import_claims(path)

    assert sorted(Claim.objects.values_list("external_id", flat=True)) == ["", ""]
    assert "claims: 0 created, 0 updated, 2 unchanged" in output


def test_a_url_too_long_for_an_external_id_is_not_one(import_claims, write_file):
    url = "https://factcheck.example.org/checks/" + "x" * 200
    path = write_file("review.json", json.dumps(review(url=url)))

    import_claims(path)

    assert Claim.objects.get().external_id == ""


@pytest.mark.parametrize(
    "identifier",
    [
        "ID-1",
        7,
        {"@type": "PropertyValue", "value": "ID-1"},
        [{"@type": "PropertyValue", "value": "ID-1"}, "other"],
        ["ID-1"],
    ],
)
def test_an_identifier_in_any_of_schema_orgs_shapes_is_the_external_id(
    import_claims, write_file, identifier
):
    # Pretty-printed, so its objects sit on other lines than in one-line JSON.
    path = write_file("review.json", json.dumps(review(identifier=identifier), indent=2))

    import_claims(path)
    import_claims(write_file("again.json", json.dumps(review(identifier=identifier))))

    assert Claim.objects.get().external_id == ("7" if identifier == 7 else "ID-1")


def test_an_identifier_that_is_not_text_is_refused(import_claims, write_file):
    path = write_file("review.json", json.dumps(review(identifier=[{"value": {"id": 1}}])))

    with pytest.raises(CommandError) as raised:
        import_claims(path)

    assert f"{path}:1: $.identifier: must be text, not an object" in str(raised.value)


def test_a_url_that_is_not_text_is_named_as_the_url(import_claims, write_file):
    path = write_file("review.json", json.dumps(review(url={"@id": "x"})))

    with pytest.raises(CommandError) as raised:
        import_claims(path)

    assert f"{path}:1: $.url: must be text, not an object" in str(raised.value)


@pytest.mark.parametrize(
    "content",
    [
        json.dumps(review()),
        json.dumps([review()]),
        f'<html><script type="application/ld+json">{json.dumps(review())}</script></html>',
    ],
)
def test_it_guesses_claimreview_from_the_content(import_claims, write_file, content):
    import_claims(write_file("export.txt", content))

    assert Claim.objects.get().text == "Crime halved in 2001."
