"""
import_claims reads ClaimReview as real pages and archives carry it: ld+json
blocks as extruct reads them (raw newlines in strings, CDATA and HTML comment
wrappers, `//` lines, trailing commas), and our own archive with the same
tolerance as other desks' reviews (docs/external-reviews.md).
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management.base import CommandError

from claims.models import Claim, ClaimStatus, ExternalReview

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "claimreview"
OPENER = '<script type="application/ld+json">'


def external_review(number=1, **extra):
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://factcheck.afp.com/doc.afp.com.{number}",
        "datePublished": "2023-04-11",
        "claimReviewed": f"照片{number}顯示淹水的高速公路上有鯊魚",
        "author": {"@type": "Organization", "name": "AFP 事實查核"},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "網友"}},
        "reviewRating": {"@type": "Rating", "alternateName": "錯誤"},
    } | extra


def own_review(number=1, **extra):
    """One of our own reviews: its author is our publisher."""
    return (
        external_review(
            number,
            author={"@type": "Organization", "name": settings.LEDGER_PUBLISHER_NAME},
            url=f"https://archive.example.org/checks/{number}",
        )
        | extra
    )


def page(*blocks):
    return "<html>\n" + "\n".join(f"{OPENER}{block}</script>" for block in blocks) + "\n</html>"


def failure(import_claims, path, *args):
    with pytest.raises(CommandError) as raised:
        import_claims(path, *args)
    return str(raised.value)


# Blocks as extruct reads them ----------------------------------------------


def test_the_wrapped_page_sample_imports_both_reviews(import_claims):
    import_claims(str(FIXTURES / "page-wrapped.html"))

    reviews = {review.publisher_name: review for review in ExternalReview.objects.all()}
    assert set(reviews) == {"台灣事實查核中心", "Misbar"}
    taiwan, misbar = reviews["台灣事實查核中心"], reviews["Misbar"]
    # The raw newline inside the claim's text is read, as extruct reads it.
    assert taiwan.claim.text.startswith("照片顯示颱風過後的台北")
    assert (taiwan.label, taiwan.mapped_status) == ("錯誤", ClaimStatus.FALSE)
    assert str(taiwan.reviewed_on) == "2023-09-04"
    assert (misbar.label, misbar.mapped_status) == ("زائف", ClaimStatus.FALSE)
    assert misbar.claim.text == "صورة تظهر فيضانات في ليبيا"


def test_a_raw_tab_and_newline_in_a_string_are_read(import_claims, write_file):
    block = json.dumps(external_review(claimReviewed="CLAIM"), ensure_ascii=False)
    block = block.replace("CLAIM", "照片顯示\t淹水的\n高速公路")
    path = write_file("page.html", page(block))

    import_claims(path)

    assert ExternalReview.objects.get().claim.text.startswith("照片顯示")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("//<![CDATA[\n", "\n//]]>"),
        ("<![CDATA[", "]]>"),
        ("<!--\n", "\n-->"),
        ("// 這是第一則\n", "\n// النهاية"),
    ],
    ids=["js-cdata", "cdata", "html-comment", "comment-lines"],
)
def test_a_block_wrapped_in_comments_is_read(import_claims, write_file, before, after):
    block = json.dumps(external_review(), ensure_ascii=False, indent=2)
    path = write_file("page.html", page(before + block + after))

    import_claims(path)

    assert ExternalReview.objects.get().label == "錯誤"


def test_trailing_commas_are_read_and_commas_in_strings_kept(import_claims, write_file):
    block = (
        '{"@type": "ClaimReview", "url": "https://misbar.com/factcheck/1",\n'
        ' "claimReviewed": "قال: لا, } ولا ], // أبدا",\n'
        ' "author": {"name": "Misbar",},\n'
        ' "itemReviewed": {"author": {"name": "حساب على فيسبوك"}},\n'
        ' "reviewRating": {"alternateName": "زائف", "ratingValue": 1,},\n'
        ' "keywords": ["ليبيا", "فيضانات",],\n'
        "}"
    )
    path = write_file("page.html", page(block))

    import_claims(path)

    review = ExternalReview.objects.get()
    assert review.claim.text == "قال: لا, } ولا ], // أبدا"
    assert (review.label, review.rating_value) == ("زائف", "1")


def test_a_value_left_out_between_commas_is_still_an_error(import_claims, write_file):
    path = write_file("page.html", page('{"@type": "ClaimReview", "x": [1,,2]}'))

    message = failure(import_claims, path)

    assert f"{path}:2: block 1: json: invalid or truncated JSON: Expecting value" in message


def test_a_json_error_in_a_page_names_its_line_and_block(import_claims, write_file):
    good = json.dumps(external_review(1), ensure_ascii=False)
    broken = '{\n"@type": "ClaimReview",\n"claimReviewed": "錯誤的" "引號"\n}'
    path = write_file("page.html", page(good, good.replace(".1", ".2"), broken))

    message = failure(import_claims, path)

    assert f"{path}:6: block 3: json: invalid or truncated JSON: Expecting ',' delimiter" in message


def test_a_comment_hiding_an_error_reports_the_error_not_the_comment(import_claims, write_file):
    path = write_file("page.html", page('<!--\n{"@type": "ClaimReview", "x": tru}\n-->'))

    message = failure(import_claims, path)

    assert f"{path}:3: block 1: json: invalid or truncated JSON: Expecting value" in message


# Our own archive, as tolerant as other desks' reviews ----------------------


def test_our_sentence_label_maps_by_its_leading_verdict_word_and_is_kept(import_claims, write_file):
    rating = {"@type": "Rating", "alternateName": "Falso: no hay evidencia de que el limón cure"}
    path = write_file("ours.json", json.dumps(own_review(reviewRating=rating)))

    import_claims(path)

    claim = Claim.objects.get()
    assert claim.status == ClaimStatus.FALSE
    reason = claim.history.latest().history_change_reason
    assert "Falso: no hay evidencia de que el limón cure" in reason


@pytest.mark.parametrize(
    "label",
    ["錯誤！這張照片是合成的", "زائف: الصورة قديمة"],  # noqa: RUF001 (Chinese punctuation)
    ids=["zh-hant", "ar"],
)
def test_our_sentence_labels_in_chinese_and_arabic_map_too(import_claims, write_file, label):
    path = write_file("ours.json", json.dumps(own_review(reviewRating={"alternateName": label})))

    import_claims(path)

    assert Claim.objects.get().status == ClaimStatus.FALSE


@pytest.mark.parametrize("said", ["2020-08-20 10:00:00", "2020-08-20T10:00:00+08:00"])
def test_our_dates_with_times_and_zones_are_read_as_days(import_claims, write_file, said):
    item = {
        "@type": "Claim",
        "datePublished": said,
        "author": {"name": "王小明"},
        "appearance": {"url": "https://news.example.org/1", "datePublished": said},
    }
    path = write_file("ours.json", json.dumps(own_review(itemReviewed=item)))

    import_claims(path)

    claim = Claim.objects.select_related("source").get()
    assert str(claim.said_on) == "2020-08-20"
    assert str(claim.source.published_on) == "2020-08-20"


def test_a_date_that_is_not_one_is_named_by_its_json_path(import_claims, write_file):
    item = {"@type": "Claim", "datePublished": "2021-13-45", "author": {"name": "王小明"}}
    feed = {"@type": "DataFeed", "dataFeedElement": [own_review(1, itemReviewed=item)]}
    path = write_file("ours.json", json.dumps(feed))

    message = failure(import_claims, path)

    assert f"{path}:1: $.dataFeedElement[0].itemReviewed.datePublished: " in message
    assert "(review https://archive.example.org/checks/1)" in message
    assert "(at $" not in message


@pytest.mark.parametrize("item", [{"@type": "Claim"}, {"author": {"name": "  "}}, None])
def test_our_claim_without_a_claimant_is_unattributed(import_claims, write_file, item):
    review = own_review(itemReviewed=item) if item is not None else own_review()
    if item is None:
        del review["itemReviewed"]
    path = write_file("ours.json", json.dumps(review, ensure_ascii=False))

    import_claims(path)

    claim = Claim.objects.select_related("speaker").get()
    # The same speaker another desk's review without a claimant gets.
    import_claims(
        write_file(
            "theirs.json",
            json.dumps(external_review(2, itemReviewed={"@type": "Claim"}), ensure_ascii=False),
        )
    )
    theirs = ExternalReview.objects.select_related("claim__speaker").get().claim
    assert claim.speaker == theirs.speaker


def test_our_lists_where_one_value_belongs_give_their_first(import_claims, write_file):
    review = own_review(
        claimReviewed=["疫苗含有微晶片", "Vaccines hold microchips"],
        reviewBody=["沒有證據。", "No evidence."],
        reviewRating=[{"alternateName": ["錯誤", "False"]}, {"alternateName": "True"}],
        itemReviewed={
            "@type": "Claim",
            "author": [{"name": "李四"}, {"name": "張三"}],
            "datePublished": ["2021-05-01T09:00:00Z", "2021-06-01"],
        },
    )
    path = write_file("ours.json", json.dumps(review, ensure_ascii=False))

    import_claims(path)

    claim = Claim.objects.select_related("speaker").get()
    assert (claim.text, claim.summary) == ("疫苗含有微晶片", "沒有證據。")
    assert claim.speaker.name == "李四"
    assert claim.status == ClaimStatus.FALSE
    assert str(claim.said_on) == "2021-05-01"


def test_as_own_reads_another_publishers_markup_with_the_same_tolerance(import_claims, write_file):
    review = external_review(
        reviewRating={"alternateName": "證據不足，尚待查證"},
        itemReviewed={"@type": "Claim", "datePublished": "2022-01-02 03:04:05"},
    )
    path = write_file("archive.json", json.dumps([review], ensure_ascii=False))

    import_claims(path, "--as-own")

    claim = Claim.objects.select_related("speaker").get()
    assert claim.status == ClaimStatus.UNPROVEN
    assert str(claim.said_on) == "2022-01-02"
    assert not ExternalReview.objects.exists()
