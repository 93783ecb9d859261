"""
A problem in a Fact Check Tools API file names the real JSON path in that
file, with the API's own keys: a claim's `claimDate` at the claim, a page's
`publishDate` at the page, a review's `reviewDate` at the review; and a
review naming no publisher is another desk's, of the unknown publisher, as
in ClaimReview.
"""

import json

import pytest
from django.core.management.base import CommandError

from claims.models import UNKNOWN_PUBLISHER, Claim, ExternalReview

MISBAR = "https://misbar.com/en/factcheck/2022/05/10/fake-video"
FATABYYANO = "https://fatabyyano.net/fake-dubai-floods/"


def api_review(number=1, **extra):
    return {
        "publisher": {"name": "Misbar", "site": "misbar.com"},
        "url": f"{MISBAR}/{number}",
        "title": "Old video shared as Dubai floods",
        "reviewDate": "2022-05-10T00:00:00Z",
        "textualRating": "Fake",
        "languageCode": "en",
    } | extra


def api_claim(number=1, reviews=None, **extra):
    return {
        "text": f"Video number {number} shows floods in Dubai this week",
        "claimant": "Social media users",
        "claimDate": "2022-05-08T00:00:00Z",
        "claimReview": reviews if reviews is not None else [api_review(number)],
    } | extra


def markup(**extra):
    return {
        "claimReviewed": "فيديو يظهر فيضانات في دبي هذا الأسبوع",
        "claimDate": "2022-05-09",
        "claimAppearances": ["https://twitter.com/example/status/1"],
        "claimAuthor": {"name": "حساب على تويتر"},
        "rating": {"textualRating": "مضلل", "ratingValue": 2, "bestRating": 5, "worstRating": 1},
    } | extra


def page(markups=None, **extra):
    return {
        "pageUrl": FATABYYANO,
        "publishDate": "2022-05-11",
        "claimReviewAuthor": {"name": "فتبينوا"},
        "claimReviewMarkups": markups if markups is not None else [markup()],
    } | extra


def problems(import_claims, path, *args):
    with pytest.raises(CommandError) as failure:
        import_claims(path, "--format", "factcheck-api", *args)
    return str(failure.value)


def write_json(write_file, name, document):
    # One line, as the API gives it: only the path can find the element.
    return write_file(name, json.dumps(document, ensure_ascii=False))


def test_a_claims_bad_date_is_named_at_the_claim(import_claims, write_file):
    claims = [api_claim(n) for n in range(4)]
    claims[3]["claimDate"] = "2021-13-45"
    path = write_json(write_file, "api.json", {"claims": claims})

    failure = problems(import_claims, path)

    assert (
        f'{path}:1: $.claims[3].claimDate: "2021-13-45" is not a date in the form YYYY-MM-DD '
        f"(review {MISBAR}/3)"
    ) in failure
    assert "claimReview[0].claimDate" not in failure


def test_a_claim_without_text_is_named_at_the_claim(import_claims, write_file):
    path = write_json(write_file, "api.json", [api_claim(1, text=" ")])

    failure = problems(import_claims, path)

    assert f"{path}:1: $[0].text: is required (review {MISBAR}/1)" in failure


def test_a_reviews_bad_date_is_named_at_the_review(import_claims, write_file):
    reviews = [api_review(1), api_review(2, reviewDate="yesterday")]
    path = write_json(write_file, "api.json", {"claims": [api_claim(reviews=reviews)]})

    failure = problems(import_claims, path)

    assert (
        f'{path}:1: $.claims[0].claimReview[1].reviewDate: "yesterday" is not a date '
        f"(review {MISBAR}/2)"
    ) in failure


def test_our_own_claims_bad_date_is_named_at_the_claim(import_claims, write_file):
    path = write_json(write_file, "api.json", {"claims": [api_claim(claimDate="2021-13-45")]})

    failure = problems(import_claims, path, "--as-own")

    assert f'{path}:1: $.claims[0].claimDate: "2021-13-45" is not a date' in failure


def test_a_pages_date_and_author_are_named_at_the_page(import_claims, write_file):
    pages = [page(), page(publishDate="2022-13-45", claimReviewAuthor={"name": {"ar": "x"}})]
    path = write_json(write_file, "pages.json", {"claimReviewMarkupPages": pages})

    failure = problems(import_claims, path)

    where = f"(review {FATABYYANO})"
    assert (
        f'{path}:1: $.claimReviewMarkupPages[1].publishDate: "2022-13-45" is not a date {where}'
    ) in failure
    assert (
        f"{path}:1: $.claimReviewMarkupPages[1].claimReviewAuthor.name: names no publisher"
    ) in failure
    assert "claimReviewMarkups[0].publishDate" not in failure
    assert "claimReviewMarkups[0].claimReviewAuthor" not in failure


def test_a_markups_own_fields_are_named_at_the_markup(import_claims, write_file):
    markups = [
        markup(),
        markup(claimDate="yesterday"),
        markup(claimReviewed="Another claim", rating={"textualRating": "x" * 3000}),
    ]
    path = write_json(write_file, "pages.json", {"claimReviewMarkupPages": [page(markups)]})

    failure = problems(import_claims, path)

    assert (
        '$.claimReviewMarkupPages[0].claimReviewMarkups[1].claimDate: "yesterday" is not a date'
    ) in failure
    assert "$.claimReviewMarkupPages[0].claimReviewMarkups[2].rating.textualRating: is " in failure


def test_a_page_url_that_is_no_url_is_named_as_the_pages(import_claims, write_file):
    path = write_json(write_file, "pages.json", page(pageUrl="fatabyyano.net/x"))

    failure = problems(import_claims, path)

    assert '$.pageUrl: "fatabyyano.net/x" is not an http:// or https:// URL' in failure


def test_a_review_naming_no_publisher_is_the_unknown_publishers(import_claims, write_file):
    reviews = [api_review(1, publisher={"site": "misbar.com"}), api_review(2)]
    del reviews[1]["publisher"]
    path = write_json(write_file, "api.json", {"claims": [api_claim(reviews=reviews)]})

    import_claims(path, "--format", "factcheck-api")

    names = ExternalReview.objects.order_by("url").values_list("publisher_name", flat=True)
    assert list(names) == [UNKNOWN_PUBLISHER, UNKNOWN_PUBLISHER]
    assert Claim.objects.get().status == "unverified"


def test_a_page_naming_no_author_is_the_unknown_publishers(import_claims, write_file):
    document = page()
    del document["claimReviewAuthor"]
    path = write_json(write_file, "pages.json", {"claimReviewMarkupPages": [document]})

    import_claims(path, "--format", "factcheck-api")

    assert ExternalReview.objects.get().publisher_name == UNKNOWN_PUBLISHER


def test_a_publisher_whose_name_is_not_text_is_refused(import_claims, write_file):
    review = api_review(1, publisher={"name": {"first": "Misbar"}})
    path = write_json(write_file, "api.json", {"claims": [api_claim(reviews=[review])]})

    failure = problems(import_claims, path)

    assert "$.claims[0].claimReview[0].publisher.name: names no publisher" in failure


def test_our_own_review_naming_no_claimant_is_unattributed_as_in_claimreview(
    import_claims, write_file
):
    claim = api_claim(1)
    del claim["claimant"]
    path = write_json(write_file, "ours.json", {"claims": [claim]})

    import_claims(path, "--format", "factcheck-api", "--as-own")

    speaker = Claim.objects.get().speaker
    assert speaker.is_unattributed
    assert speaker.shown_name == "No claimant named"
