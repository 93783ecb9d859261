"""
The same external review reached two ways (a feed that names no claimant,
then the page that does, or the reverse) is one record on one claim: the
second import plans no claim, speaker or source and writes no history.
"""

import json

import pytest

from claims.models import Claim, ExternalReview, Speaker
from tests.interchange_samples import ledger_counts

CLAIM_TEXT = "台北捷運將於明年全面免費，消息來源為交通部"


def review(author=None):
    item = {"@type": "Claim"}
    if author:
        item["author"] = {"@type": "Person", "name": author}
        item["appearance"] = {"@type": "CreativeWork", "url": "https://example.org/post/1"}
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://tfc-taiwan.org.tw/articles/9001",
        "datePublished": "2024-05-02",
        "inLanguage": "zh-Hant",
        "claimReviewed": CLAIM_TEXT,
        "author": {"@type": "Organization", "name": "台灣事實查核中心"},
        "itemReviewed": item,
        "reviewRating": {"@type": "Rating", "alternateName": "錯誤"},
    }


def feed(write_file):
    return write_file("feed.json", json.dumps({"@type": "DataFeed", "dataFeedElement": [review()]}))


def page(write_file, author="A Named Politician"):
    block = json.dumps(review(author), ensure_ascii=False)
    html = f'<html><head><script type="application/ld+json">{block}</script></head></html>'
    return write_file("page.html", html)



@pytest.mark.parametrize("first, second", [(feed, page), (page, feed)])
def test_a_review_imported_again_another_way_writes_nothing(
    import_claims, write_file, first, second
):
    import_claims(first(write_file))
    before = ledger_counts()

    output = import_claims(second(write_file))

    assert "claims: 0 created, 0 updated, 1 unchanged" in output
    assert "speakers: 1 created" not in output
    assert "external reviews: 0 created, 0 updated, 1 unchanged" in output
    assert ledger_counts() == before
    assert ExternalReview.objects.get().claim == Claim.objects.get()


def test_a_feed_and_its_page_in_one_run_are_one_review_on_one_claim(import_claims, write_file):
    output = import_claims(feed(write_file), page(write_file, author="Абв Гдеж"))

    assert "claims: 1 created" in output
    assert "external reviews: 1 created, 0 updated, 1 unchanged" in output
    claim = Claim.objects.get()
    assert claim.speaker.name == "Unattributed"
    assert Speaker.objects.count() == 1
    assert claim.external_reviews.count() == 1


def test_a_new_review_of_a_known_claim_still_attaches_to_it(import_claims, write_file):
    import_claims(feed(write_file))
    other = review() | {"url": "https://www.mygopen.com/2024/05/mrt.html"}
    other["author"] = {"@type": "Organization", "name": "MyGoPen"}

    output = import_claims(write_file("other.json", json.dumps(other)))

    assert "claims: 0 created, 0 updated, 1 unchanged" in output
    assert Claim.objects.get().external_reviews.count() == 2
