"""
A review is known by its URL and its claim's text, compared without case,
spacing or punctuation: a page and the feed that listed it are one review
whatever small difference their claim texts have (a full stop, a space),
and importing it again writes nothing. One article checking two claims (the
Fact Check Tools API lists it under each) is two reviews, each its own record.
"""

import json

import pytest

from claims.models import Claim, ExternalReview
from tests.interchange_samples import ledger_counts

URL = "https://tfc-taiwan.org.tw/articles/9001"
CLAIM_TEXT = "台北捷運將於明年全面免費，消息來源為交通部"


def review(claim_text=CLAIM_TEXT, url=URL):
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "datePublished": "2024-05-02",
        "inLanguage": "zh-Hant",
        "claimReviewed": claim_text,
        "author": {"@type": "Organization", "name": "台灣事實查核中心"},
        "itemReviewed": {"@type": "Claim"},
        "reviewRating": {"@type": "Rating", "alternateName": "錯誤"},
    }


def feed(write_file, *reviews):
    document = {"@type": "DataFeed", "dataFeedElement": list(reviews or [review()])}
    return write_file("feed.json", json.dumps(document, ensure_ascii=False))


def page(write_file, claim_text):
    block = json.dumps(review(claim_text), ensure_ascii=False)
    html = f'<html><head><script type="application/ld+json">{block}</script></head></html>'
    return write_file("page.html", html)



SLIGHTLY_OTHER = [
    pytest.param(CLAIM_TEXT + "。", id="a full stop"),
    pytest.param("台北捷運將於明年全面免費， 消息來源為交通部", id="a space"),
    pytest.param("「台北捷運將於明年全面免費，消息來源為交通部」", id="quotation marks"),
]


@pytest.mark.parametrize("claim_text", SLIGHTLY_OTHER)
def test_a_page_of_a_review_from_a_feed_is_that_review(import_claims, write_file, claim_text):
    import_claims(feed(write_file))
    before = ledger_counts()

    output = import_claims(page(write_file, claim_text))

    assert "claims: 0 created, 0 updated, 1 unchanged" in output
    assert "external reviews: 0 created, 0 updated, 1 unchanged" in output
    assert ledger_counts() == before
    assert Claim.objects.get().text == CLAIM_TEXT


def test_a_feed_of_a_review_from_a_page_is_that_review(import_claims, write_file):
    import_claims(page(write_file, CLAIM_TEXT + "."))
    before = ledger_counts()

    output = import_claims(feed(write_file))

    assert "external reviews: 0 created, 0 updated, 1 unchanged" in output
    assert ledger_counts() == before
    assert Claim.objects.get().text == CLAIM_TEXT + "."


def test_a_feed_and_its_page_in_one_run_are_one_review(import_claims, write_file):
    output = import_claims(feed(write_file), page(write_file, CLAIM_TEXT + "."))

    assert "claims: 1 created" in output
    assert "external reviews: 1 created, 0 updated, 1 unchanged" in output
    assert Claim.objects.get().text == CLAIM_TEXT
    assert ExternalReview.objects.count() == 1


def test_one_article_checking_two_claims_is_two_reviews_imported_again_unchanged(
    import_claims, write_file
):
    other = "台北捷運明年起票價調漲一倍"
    path = feed(write_file, review(), review(other))

    import_claims(path)
    before = ledger_counts()
    output = import_claims(path)

    assert ledger_counts() == before
    assert "external reviews: 0 created, 0 updated, 2 unchanged" in output
    texts = ExternalReview.objects.filter(url=URL).values_list("claim__text", flat=True)
    assert sorted(texts) == sorted([CLAIM_TEXT, other])


def test_a_page_of_one_of_an_articles_two_reviews_is_that_one(import_claims, write_file):
    other = "台北捷運明年起票價調漲一倍"
    import_claims(feed(write_file, review(), review(other)))
    before = ledger_counts()

    output = import_claims(page(write_file, other))

    assert "external reviews: 0 created, 0 updated, 1 unchanged" in output
    assert ledger_counts() == before


def test_an_article_listed_again_under_a_second_claim_adds_that_review(import_claims, write_file):
    import_claims(feed(write_file))
    first = ExternalReview.objects.get()
    other = "台北捷運明年起票價調漲一倍"

    output = import_claims(feed(write_file, review(), review(other)))

    assert "external reviews: 1 created, 0 updated, 1 unchanged" in output
    assert ExternalReview.objects.get(claim__text=CLAIM_TEXT) == first
    assert ExternalReview.objects.get(claim__text=other).url == URL
    assert first.history.count() == 1


def test_the_article_listed_under_another_claim_in_a_later_file_adds_that_claim(
    import_claims, write_file
):
    # The Fact Check Tools API lists one article under each claim it checks;
    # a later search may return it under the second claim alone.
    import_claims(feed(write_file))
    other = "Taipei MRT will be free next year, says a viral post"

    output = import_claims(page(write_file, other))

    assert "external reviews: 1 created" in output
    assert sorted(Claim.objects.values_list("text", flat=True)) == sorted([CLAIM_TEXT, other])
    assert ExternalReview.objects.filter(url=URL).count() == 2


def test_a_feed_imported_again_after_the_desk_rewords_the_claim_changes_nothing(
    import_claims, write_file, editor
):
    import_claims(feed(write_file))
    claim = Claim.objects.get()
    claim.text = "交通部稱台北捷運明年將全面免費"
    claim.save_recorded(reason="Worded as the speaker said it", by=editor)
    before = ledger_counts()

    output = import_claims(feed(write_file))

    assert "external reviews: 0 created, 0 updated, 1 unchanged" in output
    assert ledger_counts() == before


@pytest.mark.parametrize(
    ("one", "other"),
    [
        pytest.param("GDP grew 1.5% last year", "GDP grew 15% last year", id="a decimal point"),
        pytest.param("不是假的", "不是，假的", id="a comma"),
        pytest.param("Rates fell -5 points", "Rates fell 5 points", id="a minus sign"),
    ],
)
def test_texts_that_differ_by_a_mark_that_counts_are_two_claims(
    import_claims, write_file, one, other
):
    output = import_claims(feed(write_file, review(one), review(other)))

    assert "external reviews: 2 created" in output
    assert sorted(Claim.objects.values_list("text", flat=True)) == sorted([one, other])
