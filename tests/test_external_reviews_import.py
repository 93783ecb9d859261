"""
Other desks' ClaimReview and the Fact Check Tools API import as their
external reviews, in every shape real feeds take, and never as our verdict.
"""

import json
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from claims.models import Claim, ClaimStatus, ExternalReview, Source

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def fixture(path):
    return str(FIXTURES / path)


def afp_review(number=1, **extra):
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://factcheck.afp.com/doc.afp.com.{number}",
        "datePublished": "2023-04-11T08:00:00+02:00",
        "inLanguage": "en",
        "claimReviewed": f"Photo number {number} shows a shark on a flooded highway",
        "author": {
            "@type": "Organization",
            "name": "AFP Fact Check",
            "url": "https://factcheck.afp.com/",
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Social media users"},
        },
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "False",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
        },
    } | extra


def test_an_afp_review_is_its_review_and_the_claim_an_unverified_draft(import_claims, write_file):
    import_claims(write_file("afp.json", json.dumps(afp_review())))

    review = ExternalReview.objects.select_related("claim__speaker", "claim__source").get()
    assert (review.publisher_name, review.publisher_site) == (
        "AFP Fact Check",
        "https://factcheck.afp.com/",
    )
    assert review.url == "https://factcheck.afp.com/doc.afp.com.1"
    assert (review.label, review.mapped_status) == ("False", ClaimStatus.FALSE)
    assert (review.rating_value, review.best_rating, review.worst_rating) == ("1", "5", "1")
    assert str(review.reviewed_on) == "2023-04-11"
    claim = review.claim
    assert claim.status == ClaimStatus.UNVERIFIED
    assert claim.summary == ""
    assert not claim.is_published
    assert claim.speaker.name == "Social media users"
    # No appearance: the source is not known, said so, with no invented URL or title.
    assert claim.source.kind == Source.Kind.NOT_KNOWN
    assert (claim.source.url, claim.source.title) == ("", "")
    assert review.history.count() == 1


def test_an_afp_review_never_changes_our_status_or_publication(
    import_claims, write_file, make_verdict
):
    ours = make_verdict(status="true", text="Photo number 1 shows a shark on a flooded highway")
    import_claims(
        write_file(
            "afp.json",
            json.dumps(
                afp_review(
                    itemReviewed={
                        "@type": "Claim",
                        "author": {"@type": "Person", "name": ours.speaker.name},
                    }
                )
            ),
        )
    )

    ours.refresh_from_db()
    assert ours.status == ClaimStatus.TRUE
    assert ours.is_published
    # Claim text and claimant match: the review attaches to our claim.
    assert ExternalReview.objects.get().claim == ours
    assert Claim.objects.count() == 1


def test_our_own_review_and_as_own_import_as_our_verdict(import_claims, write_file, settings):
    settings.LEDGER_PUBLISHER_NAME = "AFP Fact Check"
    with_appearance = {
        "@type": "Claim",
        "author": {"name": "Jo Lee"},
        "appearance": {"url": "https://news.example.org/a"},
    }
    import_claims(write_file("ours.json", json.dumps(afp_review(itemReviewed=with_appearance))))
    assert Claim.objects.get().status == ClaimStatus.FALSE
    assert not ExternalReview.objects.exists()

    settings.LEDGER_PUBLISHER_NAME = "Ledger"
    review = afp_review(2, itemReviewed=with_appearance)
    import_claims(write_file("archive.json", json.dumps(review)), "--as-own")
    assert Claim.objects.get(text__startswith="Photo number 2").status == ClaimStatus.FALSE
    assert not ExternalReview.objects.exists()


@pytest.mark.parametrize(
    ("path", "reviews"),
    [
        ("claimreview/single-zh-hant.json", 1),
        ("claimreview/array-es-ar.json", 2),
        ("claimreview/graph-zh-hans.json", 1),
        ("claimreview/datafeed-items.json", 3),
        ("claimreview/page-nested.html", 2),
        ("factcheck-api/claims-search.json", 3),
        ("factcheck-api/bare-array.json", 1),
        ("factcheck-api/pages.json", 1),
    ],
)
def test_every_shape_is_read_with_its_format_guessed(import_claims, path, reviews):
    output = import_claims(fixture(path))

    assert ExternalReview.objects.count() == reviews
    assert f"external reviews: {reviews} created" in output
    assert not Claim.objects.exclude(status=ClaimStatus.UNVERIFIED).exists()
    assert not Claim.objects.exclude(published_at=None).exists()


def test_the_samples_keep_their_labels_and_map_them(import_claims):
    import_claims(
        fixture("claimreview/single-zh-hant.json"),
        fixture("claimreview/array-es-ar.json"),
        fixture("claimreview/graph-zh-hans.json"),
    )

    mapped = dict(ExternalReview.objects.values_list("publisher_name", "mapped_status"))
    assert mapped == {
        "台灣事實查核中心": "false",  # 錯誤, on a scale whose best equals its worst
        "AFP Factual": "false",  # a Spanish sentence, by its leading "Falso"
        "مسبار": "false",  # زائف
        "有据核查": "unproven",  # 证据不足
    }
    afp = ExternalReview.objects.get(publisher_name="AFP Factual")
    assert afp.label.startswith("Falso: no hay evidencia científica")
    assert str(afp.reviewed_on) == "2023-03-02"
    misbar = ExternalReview.objects.select_related("claim__speaker").get(publisher_name="مسبار")
    # Two URLs where one belongs: the first is taken.
    assert misbar.url == "https://misbar.com/factcheck/2022/05/10/fake-video"
    assert misbar.claim.speaker.name == "Unattributed"
    assert ExternalReview.objects.get(publisher_name="台灣事實查核中心").language == "zh-Hant"


def test_the_summary_counts_unmapped_labels_and_lists(import_claims):
    output = import_claims(
        fixture("claimreview/datafeed-items.json"), fixture("claimreview/array-es-ar.json")
    )

    assert "lists where one value belongs, the first taken: 1" in output
    assert "1 x Wrongly attributed to a famous scientist" in output
    unknown = ExternalReview.objects.get(label="Wrongly attributed to a famous scientist")
    assert unknown.mapped_status == ClaimStatus.UNVERIFIED


def test_a_desk_extends_the_label_table_with_a_file(import_claims, write_file, settings):
    from claims.interchange import ratings

    settings.LEDGER_RATING_LABELS_FILE = write_file(
        "labels.json", json.dumps({"Wrongly attributed to a famous scientist": "false"})
    )
    ratings.desk_labels.cache_clear()
    ratings.status_for_label.cache_clear()
    ratings.status_for_sentence.cache_clear()
    try:
        output = import_claims(fixture("claimreview/datafeed-items.json"))
    finally:
        ratings.desk_labels.cache_clear()
        ratings.status_for_label.cache_clear()
        ratings.status_for_sentence.cache_clear()

    assert "labels not in the table" not in output
    assert ExternalReview.objects.get(label__startswith="Wrongly").mapped_status == "false"


def test_reimporting_a_feed_or_its_page_changes_nothing(import_claims):
    import_claims(fixture("claimreview/datafeed-items.json"))
    history = ExternalReview.history.count(), Claim.history.count()

    output = import_claims(
        fixture("claimreview/datafeed-items.json"), fixture("claimreview/page-nested.html")
    )

    # The page's first review is the feed's (same URL); its second is new.
    assert "external reviews: 1 created, 0 updated, 4 unchanged" in output
    assert ExternalReview.objects.filter(url__contains="33FQ8XX").count() == 1
    assert ExternalReview.history.count() == history[0] + 1
    assert Claim.history.count() == history[1] + 1


def test_a_review_without_a_url_is_its_publisher_and_claim(import_claims, write_file):
    review = afp_review()
    del review["url"]
    path = write_file("no-url.json", json.dumps(review))
    import_claims(path)
    history = ExternalReview.history.count()

    import_claims(path)

    assert ExternalReview.objects.count() == 1
    assert ExternalReview.history.count() == history


def test_reviews_of_one_claim_by_two_desks_are_two_records_on_one_claim(import_claims):
    import_claims(fixture("claimreview/array-es-ar.json"), fixture("factcheck-api/bare-array.json"))

    claim = Claim.objects.get(text="El agua con limón caliente cura el cáncer")
    assert sorted(claim.external_reviews.values_list("publisher_name", flat=True)) == [
        "AFP Factual",
        "Maldita.es",
    ]


def test_a_json_problem_names_the_elements_path_and_url(import_claims, write_file):
    feed = {
        "@type": "DataFeed",
        "dataFeedElement": [afp_review(n) for n in range(18)],
    }
    feed["dataFeedElement"][17]["datePublished"] = "2021-13-45"
    path = write_file("feed.json", json.dumps(feed))

    with pytest.raises(CommandError) as failure:
        import_claims(path)

    assert (
        f'{path}:1: $.dataFeedElement[17].datePublished: "2021-13-45" is not a date '
        "(review https://factcheck.afp.com/doc.afp.com.17)"
    ) in str(failure.value)
    assert not ExternalReview.objects.exists()


def test_an_html_problem_names_the_line_and_block(import_claims, write_file):
    page = Path(fixture("claimreview/page-nested.html")).read_text(encoding="utf-8")
    page = page.replace('"datePublished": "2023-03-03"', '"datePublished": "03/03/2023"')
    path = write_file("page.html", page)

    with pytest.raises(CommandError) as failure:
        import_claims(path)

    line = next(n for n, text in enumerate(page.splitlines(), 1) if '"WebPage"' in text) + 1
    assert f'{path}:{line}: block 3, $.mainEntity.datePublished: "03/03/2023" is not a date' in str(
        failure.value
    )


def test_skip_invalid_writes_the_valid_reviews_and_lists_the_rest(import_claims, write_file):
    reviews = [afp_review(1), afp_review(2, reviewRating={"ratingValue": "five"}), afp_review(3)]
    path = write_file("feed.json", json.dumps(reviews, indent=1))

    with pytest.raises(CommandError):
        import_claims(path)
    assert not ExternalReview.objects.exists()

    output = import_claims(path, "--skip-invalid")

    assert sorted(ExternalReview.objects.values_list("url", flat=True)) == [
        "https://factcheck.afp.com/doc.afp.com.1",
        "https://factcheck.afp.com/doc.afp.com.3",
    ]
    assert "1 problem(s); those rows were left out:" in output
    assert '$[1].reviewRating.ratingValue: "five" is not a number' in output


def test_numbers_as_strings_and_an_equal_scale(import_claims, write_file):
    rating = {
        "alternateName": "Sin evidencia",
        "ratingValue": "3",
        "bestRating": "3",
        "worstRating": "3",
    }
    import_claims(write_file("r.json", json.dumps(afp_review(reviewRating=rating))))

    review = ExternalReview.objects.get()
    assert (review.rating_value, review.best_rating, review.mapped_status) == ("3", "3", "unproven")


def test_the_external_reviews_export_imports_back_unchanged(import_claims, tmp_path):
    from django.core.management import call_command

    import_claims(
        fixture("claimreview/datafeed-items.json"),
        fixture("claimreview/array-es-ar.json"),
        fixture("factcheck-api/claims-search.json"),
        fixture("factcheck-api/pages.json"),
    )
    exported = tmp_path / "reviews.jsonl"
    call_command("export_claims", "--format", "external-reviews", "--output", str(exported))
    lines = exported.read_text(encoding="utf-8").splitlines()
    assert len(lines) == ExternalReview.objects.count() == 8
    assert "錯誤" in exported.read_text(encoding="utf-8")  # written as text, not escapes
    before = {review.pk: review.fields_for_export() for review in ExternalReview.objects.all()}
    history = ExternalReview.history.count(), Claim.history.count(), Source.history.count()

    output = import_claims(str(exported))

    assert "external reviews: 0 created, 0 updated, 8 unchanged" in output
    assert {r.pk: r.fields_for_export() for r in ExternalReview.objects.all()} == before
    assert (
        ExternalReview.history.count(),
        Claim.history.count(),
        Source.history.count(),
    ) == history

    # Into an empty ledger, the same reviews on the same claims.
    claims = sorted(
        ExternalReview.objects.values_list("url", "claim__text", "claim__speaker__name")
    )
    ExternalReview.objects.all().delete()
    Claim.objects.all().delete()
    import_claims(str(exported))
    assert sorted(before.values(), key=str) == sorted(
        (review.fields_for_export() for review in ExternalReview.objects.all()), key=str
    )
    assert (
        sorted(ExternalReview.objects.values_list("url", "claim__text", "claim__speaker__name"))
        == claims
    )
    assert not Claim.objects.exclude(status=ClaimStatus.UNVERIFIED).exists()


def test_the_claimreview_export_stays_our_own(import_claims, make_verdict):
    from io import StringIO

    from django.core.management import call_command

    make_verdict(status="false")
    import_claims(fixture("claimreview/datafeed-items.json"))
    out = StringIO()

    call_command("export_claims", "--format", "claimreview", stdout=out)

    feed = json.loads(out.getvalue())
    assert len(feed["dataFeedElement"]) == 1
    assert "AFP" not in out.getvalue()


def test_our_own_claim_without_an_appearance_round_trips_as_not_known(
    import_claims, make_claim, editor, tmp_path
):
    from django.core.management import call_command

    import_claims(fixture("claimreview/single-zh-hant.json"))
    claim = Claim.objects.get()
    claim.rate("false", summary="熱水不能殺死病毒。", reason="Checked", by=editor)
    for format in ("claimreview", "csv", "jsonl"):
        exported = tmp_path / f"ours.{format}"
        call_command("export_claims", "--format", format, "--output", str(exported))
        history = Claim.history.count(), Source.objects.count()

        output = import_claims(str(exported), "--format", format)

        assert "claims: 0 created, 0 updated, 1 unchanged" in output, format
        assert (Claim.history.count(), Source.objects.count()) == history
    assert "appearance" not in (tmp_path / "ours.claimreview").read_text()
    assert "not_known" in (tmp_path / "ours.csv").read_text()


def test_a_feed_100_times_larger_runs_as_many_queries(import_claims, write_file):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def feed(start, size):
        reviews = []
        for number in range(start, start + size):
            # Three languages, and one claim of every ten checked twice.
            review = afp_review(number, inLanguage=["zh-Hant", "ar", "es"][number % 3])
            review["claimReviewed"] = ["喝熱水可以殺死新冠病毒", "فيديو فيضانات دبي", "El agua"][
                number % 3
            ] + f" {number // 2 if number % 10 == 0 else number}"
            reviews.append(review)
        return write_file(f"feed-{start}.json", json.dumps({"dataFeedElement": reviews}))

    # The import's account, the speaker and the source not known exist before either.
    import_claims(feed(5000, 1))
    small, large = feed(0, 10), feed(10, 1000)
    with CaptureQueriesContext(connection) as queries_small:
        import_claims(small)
    with CaptureQueriesContext(connection) as queries_large:
        output = import_claims(large)

    assert "external reviews: 1000 created" in output

    def statements(queries):
        # An INSERT of many rows is split by the database's limit of
        # parameters a statement (999 on older SQLite): the backend's
        # batching, not a query per row.
        # A SELECT may be a UNION of SELECTs, "(SELECT ...", as one query.
        return sorted(
            query["sql"].lstrip("(").split()[0]
            for query in queries
            if not query["sql"].startswith("INSERT")
        )

    assert statements(queries_large) == statements(queries_small)
    inserts = sum(query["sql"].startswith("INSERT") for query in queries_large)
    assert inserts < 100


def test_two_urls_of_one_desk_on_one_claim_are_two_reviews(import_claims, write_file):
    same_claim = {"claimReviewed": "Photo shows a shark on a flooded highway"}
    reviews = [afp_review(1, **same_claim), afp_review(2, **same_claim)]
    import_claims(write_file("two.json", json.dumps(reviews)))

    assert ExternalReview.objects.count() == 2
    assert Claim.objects.count() == 1


def test_our_own_review_in_the_fact_check_api_is_our_verdict(import_claims, write_file, settings):
    settings.LEDGER_PUBLISHER_NAME = "Maldita.es"
    output = import_claims(fixture("factcheck-api/bare-array.json"))

    claim = Claim.objects.get()
    assert claim.status == ClaimStatus.FALSE
    assert claim.external_id == "https://maldita.es/malditaciencia/2023/03/01/agua-limon-cancer/"
    assert claim.source.kind == Source.Kind.NOT_KNOWN
    assert not ExternalReview.objects.exists()
    assert "external reviews" not in output
    assert 'rated "Falso"' in claim.history.first().history_change_reason


def test_a_fact_check_api_problem_names_its_path(import_claims, write_file):
    response = json.loads(Path(fixture("factcheck-api/claims-search.json")).read_text())
    response["claims"][1]["claimReview"][0]["reviewDate"] = "yesterday"
    path = write_file("search.json", json.dumps(response, ensure_ascii=False, indent=2))

    with pytest.raises(CommandError) as failure:
        import_claims(path)

    assert (
        '$.claims[1].claimReview[0].reviewDate: "yesterday" is not a date '
        "(review https://misbar.com/en/factcheck/2022/05/10/fake-video)"
    ) in str(failure.value)


def test_our_own_reviews_problems_name_their_path_too(import_claims, write_file):
    reviews = [afp_review(n, author={"name": "Ledger"}) for n in range(3)]
    reviews[2]["reviewRating"] = {"ratingValue": 9}
    path = write_file("ours.json", json.dumps({"@type": "DataFeed", "dataFeedElement": reviews}))

    with pytest.raises(CommandError) as failure:
        import_claims(path)

    assert (
        f"{path}:1: $.dataFeedElement[2].reviewRating: ratingValue 9 is outside the scale 1 "
        "to 5 (review https://factcheck.afp.com/doc.afp.com.2)"
    ) in str(failure.value)


@pytest.mark.parametrize(
    ("label", "problem"),
    [
        ("Fal\x00so", "contains a NUL character"),
        ("Falso\ufffe", "holds U+FFFE"),
        ("\ud800", "half of a UTF-16 surrogate pair"),
    ],
)
def test_a_label_no_database_or_xml_can_hold_is_refused(import_claims, write_file, label, problem):
    review = afp_review(reviewRating={"alternateName": label})
    path = write_file("bad.json", json.dumps(review))

    with pytest.raises(CommandError) as failure:
        import_claims(path)

    assert f"{path}:1: $.reviewRating.alternateName: " in str(failure.value)
    assert problem in str(failure.value)
    assert not ExternalReview.objects.exists()


def test_skip_invalid_leaves_out_a_row_refused_only_when_planned(import_claims, write_file):
    rows = [
        {"claim_text": "Crime halved.", "speaker_name": "Jo Lee", "source_title": "Speech"},
        # Valid as read; only the plan finds that a published verdict needs a summary.
        {
            "claim_text": "Rents fell.",
            "speaker_name": "Jo Lee",
            "source_title": "Speech",
            "status": "false",
            "published_at": "2024-01-01T00:00:00Z",
        },
    ]
    path = write_file("rows.jsonl", "\n".join(json.dumps(row) for row in rows))

    output = import_claims(path, "--skip-invalid")

    assert list(Claim.objects.values_list("text", flat=True)) == ["Crime halved."]
    assert f"{path}:2: summary: a published verdict needs a summary explaining it" in output


def test_one_article_checking_two_claims_is_a_review_of_each(import_claims, write_file):
    """The Fact Check Tools API lists such an article under each claim it checks."""
    article = {
        "publisher": {"name": "Fatabyyano فتبينوا", "site": "fatabyyano.net"},
        "url": "https://fatabyyano.net/two-claims/",
        "textualRating": "زائف",
        "languageCode": "ar",
    }
    feed = {
        "claims": [
            {"text": "الفيديو يظهر فيضانات في دبي هذا الأسبوع", "claimReview": [article]},
            {"text": "الأمطار في دبي سببها تلقيح السحب", "claimReview": [article]},
        ]
    }
    path = write_file("two.json", json.dumps(feed, ensure_ascii=False))

    import_claims(path, "--format", "factcheck-api")
    import_claims(path, "--format", "factcheck-api")

    reviews = ExternalReview.objects.select_related("claim").order_by("claim__text")
    assert [review.claim.text for review in reviews] == [
        "الأمطار في دبي سببها تلقيح السحب",
        "الفيديو يظهر فيضانات في دبي هذا الأسبوع",
    ]
    assert {review.mapped_status for review in reviews} == {"false"}
