"""
A bad file gets every problem reported as FILE:LINE: field: message, the
command fails, and nothing at all is written.
"""

import json
import os

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import connection

from claims.models import Claim, Source, Speaker, Topic
from tests.interchange_samples import HEADER, csv_row

GOOD = csv_row(external_id="ok-1", claim_text="A good row.")


def assert_nothing_written():
    assert Claim.objects.count() == 0
    assert Speaker.objects.count() == 0
    assert Source.objects.count() == 0
    assert Topic.objects.count() == 0
    assert Claim.history.count() == 0
    assert not get_user_model().objects.exists()


def failure(import_claims, *paths):
    with pytest.raises(CommandError) as raised:
        import_claims(*paths)
    return raised


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (HEADER + GOOD + csv_row(status="Sort of"), ':3: status: unknown status "Sort of"'),
        (
            HEADER + GOOD + csv_row(said_on="25/10/2021"),
            ':3: said_on: "25/10/2021" is not a date in the form YYYY-MM-DD',
        ),
        (
            HEADER + GOOD + csv_row(said_on="20211025"),
            ':3: said_on: "20211025" is not a date in the form YYYY-MM-DD',
        ),
        (HEADER + GOOD + csv_row(said_on="2999-01-01"), ":3: said_on: 2999-01-01 is in the future"),
        (
            HEADER + GOOD + csv_row(said_on="2021-10-26", source_published_on="2021-10-25"),
            ":3: said_on: is after source_published_on",
        ),
        (HEADER + GOOD + csv_row(speaker_name=""), ":3: speaker_name: is required"),
        (HEADER + GOOD + csv_row(claim_text=" "), ":3: claim_text: is required"),
        (
            HEADER + GOOD + csv_row(claim_text="x" * 2001),
            ":3: claim_text: is 2001 characters long; the limit is 2000",
        ),
        (
            HEADER + GOOD + csv_row(language="English!"),
            ':3: language: "English!" is not a language',
        ),
        (HEADER + GOOD + '"only","three","values"\n', ":3: row: has 3 values; the header has 14"),
        (HEADER + GOOD + '"unterminated,quote\n', ":3: row: not readable as CSV"),
        (
            HEADER + GOOD + csv_row(source_url="", source_title=""),
            ":3: source_url: a source URL or a source title is required",
        ),
        (
            HEADER + GOOD + csv_row(external_id="ok-1"),
            ':3: external_id: "ok-1" is also on line 2',
        ),
        (
            HEADER + GOOD + csv_row(context="x" * 301),
            ":3: context: is 301 characters long; the limit is 300",
        ),
        (
            HEADER + GOOD + csv_row(source_url="javascript:alert(1)"),
            ':3: source_url: "javascript:alert(1)" is not an http:// or https:// URL',
        ),
        (
            HEADER + GOOD + csv_row(source_url="not a url"),
            ':3: source_url: "not a url" is not an http:// or https:// URL',
        ),
        ("", ":1: file: is empty"),
        (
            "claim_text,speaker\nx,y\n",
            ":1: speaker: unknown column",
        ),
    ],
)
def test_each_bad_csv_gets_its_message_and_nothing_is_written(
    import_claims, write_file, content, expected
):
    path = write_file("claims.csv", content)

    raised = failure(import_claims, path)

    assert f"{path}{expected}" in str(raised.value)
    assert_nothing_written()


def test_every_problem_is_reported_not_just_the_first(import_claims, write_file):
    content = (
        HEADER
        + GOOD
        + csv_row(status="Sort of", said_on="yesterday")
        + csv_row(external_id="ok-2", speaker_name="")
    )
    path = write_file("claims.csv", content)

    raised = failure(import_claims, path)

    message = str(raised.value)
    assert message.startswith("3 problem(s) found; nothing was imported.")
    assert f'{path}:3: status: unknown status "Sort of"' in message
    assert f'{path}:3: said_on: "yesterday" is not a date' in message
    assert f"{path}:4: speaker_name: is required" in message
    assert_nothing_written()


def test_a_rows_problems_are_listed_in_the_order_of_the_columns(import_claims, write_file):
    # The file's columns in another order, with a problem in four of them:
    # a language too long for its column, found as the text is read, is
    # still listed after the later checks of the columns before it.
    long_language = "en-" + "x" * 40
    content = (
        "language,status,said_on,claim_text,speaker_name,source_url\n"
        f'"{long_language}","Sort of","2021-13-01","","Kyle Ward","https://example.org/a"\n'
    )
    path = write_file("claims.csv", content)

    message = str(failure(import_claims, path).value)

    fields = [line.split(f"{path}:2: ", 1)[1].split(":")[0] for line in message.splitlines()[1:]]
    assert fields == ["claim_text", "said_on", "status", "language", "language"]
    assert_nothing_written()


def test_a_file_that_is_not_utf8_is_reported_by_line(import_claims, write_file):
    content = (HEADER + GOOD).encode() + csv_row(external_id="ok-2", claim_text="Caf\xe9").encode(
        "latin-1"
    )
    path = write_file("claims.csv", content)

    raised = failure(import_claims, path)

    assert f"{path}:3: encoding: byte 0xe9 at column" in str(raised.value)
    assert "is not UTF-8; save the file as UTF-8" in str(raised.value)
    assert_nothing_written()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "claims.jsonl",
            json.dumps({"claim_text": "A.", "speaker_name": "Jo", "source_title": "T"})
            + '\n{"claim_text": "B.", "speaker_na',
            ":2: json: invalid or truncated JSON: Unterminated string starting at column 22",
        ),
        ("claims.jsonl", "\n\n", ":1: file: is empty"),
        ("claims.jsonl", "[1, 2]\n", ":1: json: each line must be a JSON object"),
        ("review.json", '{"@type": "ClaimReview",\n "claimReviewed": "A', ":2: json: invalid or "),
        ("review.json", "", ":1: file: is empty"),
        ("review.json", '{"@type": "WebPage"}', ":1: file: holds no ClaimReview"),
        ("review.json", "null", ":1: file: holds no ClaimReview"),
        (
            "page.html",
            '<script type="application/ld+json">null</script>',
            ":1: file: holds no ClaimReview",
        ),
        ("page.html", "<html><body>No markup</body></html>", ":1: file: is HTML without a <script"),
        (
            "review.json",
            '[\n{"@type": "ClaimReview", "claimReviewed": "A.",\n "reviewRating": '
            '{"alternateName": "Sort of"}}]',
            ':2: $[0].reviewRating: unknown rating "Sort of" and no ratingValue',
        ),
        (
            "review.json",
            '{"@type": "ClaimReview", "claimReviewed": "A.", "reviewRating": {"ratingValue": 3}, '
            '"itemReviewed": {"author": {"name": {"first": "Jo"}}}}',
            ":1: $.itemReviewed.author.name: must be text",
        ),
        # JSON can escape half of a surrogate pair, which no database can store.
        (
            "claims.jsonl",
            '{"claim_text": "Bad \\ud800 text.", "speaker_name": "Jo", "source_title": "T"}',
            ":1: claim_text: contains U+D800, half of a UTF-16 surrogate pair",
        ),
        (
            "review.json",
            '{"@type": "ClaimReview", "claimReviewed": "A \\udfff.", "reviewRating": '
            '{"ratingValue": 3}, "itemReviewed": {"author": {"name": "Jo"}}}',
            ":1: $.claimReviewed: contains U+DFFF, half of a UTF-16 surrogate pair",
        ),
        (
            "review.json",
            '{"@type": "ClaimReview", "claimReviewed": "A.", "reviewRating": '
            '{"alternateName": "Fals\\ud83d", "ratingValue": 1}, '
            '"itemReviewed": {"author": {"name": "Jo"}}}',
            ":1: $.reviewRating: the rating contains U+D83D, half of a UTF-16 surrogate pair",
        ),
    ],
)
def test_each_bad_json_file_gets_its_message_and_nothing_is_written(
    import_claims, write_file, name, content, expected
):
    path = write_file(name, content)
    # The ClaimReview files name no author: read as our archive, to check our reader's messages.
    own = ["--as-own"] if name.endswith((".json", ".html")) else []

    raised = failure(import_claims, path, *own)

    assert f"{path}{expected}" in str(raised.value)
    assert_nothing_written()


def test_a_good_file_is_not_imported_alongside_a_bad_one(import_claims, write_file):
    good = write_file("good.csv", HEADER + GOOD)
    bad = write_file("bad.csv", HEADER + csv_row(status="Sort of"))

    failure(import_claims, good, bad)

    assert_nothing_written()


def test_a_missing_file_is_named(import_claims, tmp_path):
    path = str(tmp_path / "missing.csv")

    raised = failure(import_claims, path)

    assert f"{path}:1: file: does not exist or is not a file" in str(raised.value)
    assert_nothing_written()


def test_an_unknown_key_in_json_lines_is_reported(import_claims, write_file):
    line = '{"claim_text": "A.", "speaker_name": "Jo", "source_title": "T", "speaker": "Jo"}\n'
    path = write_file("claims.jsonl", line)

    raised = failure(import_claims, path)

    assert f"{path}:1: speaker: unknown column; the columns are external_id" in str(raised.value)
    assert_nothing_written()


def take_the_source_url(plan):
    Source.objects.create(url=plan.importer.rows[0].source_url, title="Taken meanwhile")


def take_the_external_id(plan):
    Claim.objects.create(
        text="Entered by hand meanwhile.",
        slug="entered-by-hand",
        external_id=plan.importer.rows[0].external_id,
        speaker=Speaker.objects.create(name="Another speaker", slug="another-speaker"),
        source=Source.objects.create(url="https://example.org/another", title="Another"),
    )


@pytest.mark.parametrize(
    "lose_the_race, column, constraint",
    [
        # The sources go in first...
        (take_the_source_url, "claims_source.url", "source_url_unique"),
        # ...the claims after them.
        (take_the_external_id, "claims_claim.external_id", "claim_external_id_unique"),
    ],
)
def test_a_database_refusal_is_a_clear_error_not_a_traceback(
    import_claims, write_file, monkeypatch, lose_the_race, column, constraint
):
    from claims.interchange import importer

    decide = importer._Plan.decide

    def decide_then_lose_the_race(plan):
        # Another writer takes what the import has decided to create, after
        # the deciding and before the writing: the database's unique
        # constraint refuses the import's insert.
        decide(plan)
        lose_the_race(plan)

    monkeypatch.setattr(importer._Plan, "decide", decide_then_lose_the_race)

    with pytest.raises(CommandError, match="The database refused the import, so nothing") as raised:
        import_claims(write_file("claims.csv", HEADER + GOOD))

    # SQLite names the column, PostgreSQL the constraint.
    assert (column if connection.vendor == "sqlite" else constraint) in str(raised.value)
    assert_nothing_written()


def test_a_claimreview_with_several_problems_reports_them_all(import_claims, write_file):
    review = {
        "@type": "ClaimReview",
        "claimReviewed": "",
        "itemReviewed": "not an object",
        "reviewRating": {"alternateName": ["a list"], "ratingValue": 9},
    }
    path = write_file("review.json", json.dumps(review))

    message = str(failure(import_claims, path, "--as-own").value)

    assert f"{path}:1: $.reviewRating: ratingValue 9 is outside the scale 1 to 5" in message
    assert f"{path}:1: $.claimReviewed: is required" in message
    # No appearance at all: the source is not known, which is no problem (docs/external-reviews.md).
    assert "itemReviewed.appearance" not in message
    assert_nothing_written()


def _review_rated(rating):
    """A review naming no author: the tests read it with --as-own, as our archive."""
    return json.dumps(
        {
            "@type": "ClaimReview",
            "claimReviewed": "A.",
            "itemReviewed": {"author": "Jo Lee", "appearance": "https://news.example.org/a"},
            "reviewRating": rating,
        }
    )


@pytest.mark.parametrize(
    "rating",
    [
        {"ratingValue": "NaN"},
        {"ratingValue": "Infinity"},
        {"ratingValue": "-Infinity", "worstRating": "-Infinity"},
        {"ratingValue": 3, "bestRating": "Infinity"},
        {"ratingValue": 3, "worstRating": "sNaN"},
    ],
)
def test_a_rating_value_that_is_not_a_finite_number_is_reported(import_claims, write_file, rating):
    path = write_file("review.json", _review_rated(rating))

    message = str(failure(import_claims, path, "--as-own").value)

    assert f"{path}:1: $.reviewRating: ratingValue, bestRating and worstRating must be " in message
    assert_nothing_written()


def test_json_nans_in_a_rating_are_reported(import_claims, write_file):
    # Python's json reads the bare words NaN and Infinity as floats.
    path = write_file("review.json", _review_rated({"ratingValue": 1}).replace(": 1}", ": NaN}"))

    message = str(failure(import_claims, path, "--as-own").value)

    assert f"{path}:1: $.reviewRating: ratingValue, bestRating and worstRating must be " in message
    assert_nothing_written()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("claims.jsonl", '{"claim_text": ' + "[" * 100_000 + "]" * 100_000 + "}\n"),
        ("review.json", "[" * 100_000 + "]" * 100_000),
        ("review.json", '{"@type": "ClaimReview", "x": ' + '{"a": ' * 5000 + "}" * 5001),
        ("page.html", f"<script type='application/ld+json'>{'[' * 5000}{']' * 5000}</script>"),
    ],
)
def test_deeply_nested_json_is_reported_not_a_traceback(import_claims, write_file, name, content):
    path = write_file(name, content)

    message = str(failure(import_claims, path).value)

    # A page's problem names its ld+json block too.
    where = "block 1: json" if name.endswith(".html") else "json"
    assert f"{path}:1: {where}: nested too deeply" in message
    assert_nothing_written()


def test_a_json_lines_number_too_long_to_read_is_reported_by_line(import_claims, write_file):
    good = json.dumps({"claim_text": "A.", "speaker_name": "Jo", "source_title": "T"})
    path = write_file("claims.jsonl", f'{good}\n{{"external_id": {"9" * 5000}}}\n')

    message = str(failure(import_claims, path).value)

    assert f"{path}:2: json: holds a number of more than 4,300 digits, too long" in message
    assert_nothing_written()


def test_a_claimreview_number_too_long_to_read_is_reported_by_line(import_claims, write_file):
    content = _review_rated({"ratingValue": 1}).replace(": 1}", f": {'9' * 5000}}}")
    path = write_file("review.json", content.replace(', "reviewRating"', ',\n"reviewRating"'))

    message = str(failure(import_claims, path).value)

    assert f"{path}:2: json: holds a number of more than 4,300 digits, too long" in message
    assert_nothing_written()


@pytest.mark.parametrize(
    "rating",
    [
        {"ratingValue": 5, "bestRating": "1e999999999"},
        {"ratingValue": "1e-999999999", "worstRating": "-1e999999999"},
    ],
)
def test_a_rating_scale_too_large_to_compute_is_reported(import_claims, write_file, rating):
    path = write_file("review.json", _review_rated(rating))

    message = str(failure(import_claims, path, "--as-own").value)

    assert f"{path}:1: $.reviewRating: ratingValue, bestRating and worstRating are too large" in (
        message
    )
    assert_nothing_written()


@pytest.mark.parametrize(
    ("published_at", "expected"),
    [
        ("9999-12-31T23:30:00-01:00", "falls outside the years 1 to 9999 in UTC"),
        ("0001-01-01T00:30:00+01:00", "falls outside the years 1 to 9999 in UTC"),
        ("2999-01-01T00:00:00Z", "is in the future"),
        ("yesterday at noon", "is not a date and time in ISO 8601 form"),
    ],
)
def test_a_published_at_that_cannot_be_stored_is_reported(
    import_claims, write_file, published_at, expected
):
    row = {
        "claim_text": "A.",
        "speaker_name": "Jo",
        "source_title": "T",
        "status": "false",
        "summary": "Because.",
        "published_at": published_at,
    }
    path = write_file("claims.jsonl", json.dumps(row) + "\n")

    message = str(failure(import_claims, path).value)

    assert f'{path}:1: published_at: "{published_at}" {expected}' in message
    assert_nothing_written()


def test_a_source_published_in_the_future_is_reported(import_claims, write_file):
    path = write_file(
        "claims.csv", HEADER + GOOD + csv_row(external_id="ok-2", source_published_on="2999-01-01")
    )

    message = str(failure(import_claims, path).value)

    assert f"{path}:3: source_published_on: 2999-01-01 is in the future" in message
    assert_nothing_written()


def test_a_csv_file_with_only_a_header_is_refused_like_an_empty_one(import_claims, write_file):
    path = write_file("claims.csv", HEADER)

    message = str(failure(import_claims, path).value)

    assert f"{path}:1: file: has a header row but no claims after it" in message
    assert_nothing_written()


def test_rows_after_one_unreadable_as_csv_are_still_checked(import_claims, write_file):
    content = HEADER + GOOD + '"quoted"then text,x\n' + csv_row(external_id="ok-2", status="Odd")
    path = write_file("claims.csv", content)

    message = str(failure(import_claims, path).value)

    assert f"{path}:3: row: not readable as CSV: ',' expected after '\"'" in message
    assert f'{path}:4: status: unknown status "Odd"' in message
    assert_nothing_written()


def test_a_quote_never_closed_says_which_lines_were_not_checked(import_claims, write_file):
    content = HEADER + GOOD + '"unterminated,quote\n' + "two,more\nlines,here\n"
    path = write_file("claims.csv", content)

    message = str(failure(import_claims, path).value)

    assert f"{path}:3: row: not readable as CSV: unexpected end of data; a quoted value " in message
    assert "opened on this line is never closed, so lines 3 to 5 were not checked" in message
    assert_nothing_written()


def test_a_quote_closed_lines_later_says_which_lines_were_not_checked(import_claims, write_file):
    content = (
        HEADER
        + GOOD
        + '"unterminated,quote\n'
        + csv_row(external_id="ok-2")
        + csv_row(external_id="ok-3", status="Odd")
    )
    path = write_file("claims.csv", content)

    message = str(failure(import_claims, path).value)

    assert f"{path}:3: row: not readable as CSV: ',' expected after '\"'; a quoted value " in (
        message
    )
    assert "opened on this line runs on to line 4, so lines 3 to 4 were not checked" in message
    assert f'{path}:5: status: unknown status "Odd"' in message
    assert_nothing_written()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (
            "claims.jsonl",
            '{"claim_text": "Caf\xe9", "speaker_name": "Jo", "source_title": "T"}\n',
        ),
        ("review.json", '{"@type": "ClaimReview",\n"claimReviewed": "Caf\xe9"}'),
    ],
)
def test_a_json_file_that_is_not_utf8_is_reported_by_line(import_claims, write_file, name, content):
    path = write_file(name, content.encode("latin-1"))

    message = str(failure(import_claims, path).value)

    line = content.count("\n", 0, content.index("\xe9")) + 1
    assert f"{path}:{line}: encoding: byte 0xe9 at column" in message
    assert "is not UTF-8; save the file as UTF-8" in message
    assert_nothing_written()


def test_a_file_named_twice_in_one_run_is_refused(import_claims, write_file, tmp_path):
    path = write_file("claims.csv", HEADER + GOOD)
    (tmp_path / "link.csv").symlink_to(path)

    message = str(failure(import_claims, path, path).value)
    assert f"{path}:1: file: is named twice in this run; name it once" in message
    # Not each of its rows reported as a duplicate of itself.
    assert "1 problem(s)" in message

    message = str(failure(import_claims, path, str(tmp_path / "link.csv")).value)
    assert f"link.csv:1: file: is named twice in this run (as {path}); name it once" in message
    assert_nothing_written()

    # A hard link is the same file under another name, too.
    os.link(path, tmp_path / "hard.csv")
    message = str(failure(import_claims, path, str(tmp_path / "hard.csv")).value)
    assert f"hard.csv:1: file: is named twice in this run (as {path}); name it once" in message
    assert_nothing_written()
