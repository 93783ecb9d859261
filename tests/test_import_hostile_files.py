"""
One hostile file must not hold up or bloat the process reading it: each
reader takes time linear in the file's size and memory of a small multiple of
it, refuses a CSV header of more than MAX_COLUMNS columns, and quotes no more
than a short prefix of a refused value (issue 21, points 5 to 8).

The readers are called directly: none of this reaches the database.
"""

import contextlib
import json
import signal
import tracemalloc

import pytest

from claims.interchange.claimreview import RATING_MAX_LENGTH, read_claimreview
from claims.interchange.csv_format import MAX_COLUMNS, read_csv
from claims.interchange.jsonl import read_jsonl
from claims.interchange.rows import QUOTE_LIMIT, FileErrors
from tests.interchange_samples import HEADER, csv_row
from tests.test_import_claimreview import review

# A megabyte: large enough that quoting it whole, or scanning it once per
# character, shows; small enough that the linear work takes well under a second.
HUGE = 1_000_000
OPENER = '<script type="application/ld+json">'


class TookTooLong(Exception):
    pass


@contextlib.contextmanager
def within(seconds):
    """
    Fail, rather than hang, when the block runs longer than `seconds`: the
    quadratic readers took from 20 seconds to minutes on these inputs, the
    linear ones take a fraction of a second, so a generous bound tells them
    apart on any machine without timing anything.
    """

    def interrupt(signum, frame):
        raise TookTooLong(f"still running after {seconds} seconds")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read(reader, write_file, name, content):
    """The rows `reader` keeps from a file of `content`, and its problems as lines."""
    errors = FileErrors()
    rows = list(reader(write_file(name, content), name, errors))
    return rows, errors.lines


def problems_of(reader, write_file, name, content):
    return read(reader, write_file, name, content)[1]


# Point 5: ld+json blocks are found in one pass over the page ---------------


@pytest.mark.parametrize(
    "page",
    [
        pytest.param("<html>" + OPENER * 17_000, id="unclosed-ld-json-openers"),
        pytest.param("<html>" + "<script " * 75_000, id="script-tags-never-ended"),
        pytest.param(
            "<html>" + "<script type=application/ld+json>{}</script >" * 14_000,
            id="many-blocks-on-one-line",
        ),
        pytest.param(
            "<html>" + "<script type=application/ld+json>{]</script>" * 14_000,
            id="many-broken-blocks-on-one-line",
        ),
    ],
)
def test_a_hostile_page_is_read_in_linear_time(write_file, page):
    assert len(page) > 580_000

    with within(10):
        read(read_claimreview, write_file, "page.html", page)


def test_a_block_never_closed_is_reported_and_the_blocks_before_it_are_read(write_file):
    page = f"<html>\n{OPENER}{json.dumps(review(1))}</script>\n{OPENER}\n{{}}\n"

    rows, problems = read(read_claimreview, write_file, "page.html", page)

    assert [row.claim_text for row in rows] == ["Crime halved in 2001."]
    assert problems == [
        'page.html:3: html: a <script type="application/ld+json"> block is never closed '
        "(no </script> after it)"
    ]


def test_only_unclosed_openers_are_reported_once(write_file):
    rows, problems = read(read_claimreview, write_file, "page.html", "<p>\n" + OPENER * 3)

    assert rows == []
    assert problems == [
        'page.html:2: html: a <script type="application/ld+json"> block is never closed '
        "(no </script> after it)"
    ]


def test_a_block_ends_at_the_first_end_tag_as_in_html(write_file):
    # As a browser reads it, the inner opener is text of the first block, so
    # the block is the JSON up to the first </script> with the opener in it.
    page = f'<html>{OPENER}{OPENER}{json.dumps(review(1))}</script><p>"}}</script>'

    rows, problems = read(read_claimreview, write_file, "page.html", page)

    assert rows == []
    assert len(problems) == 1
    assert problems[0].startswith("page.html:1: block 1: json: invalid or truncated JSON: ")


def test_an_opener_inside_a_string_of_the_json_is_text(write_file):
    block = json.dumps(review(1, reviewBody=f"A page showed {OPENER} as text."))

    page = f"<html>{OPENER}{block}</script>"

    rows, problems = read(read_claimreview, write_file, "page.html", page)

    assert problems == []
    assert rows[0].summary == f"A page showed {OPENER} as text."


def test_an_opener_inside_another_script_or_a_comment_is_not_a_block(write_file):
    # A browser runs neither: a script's text and a comment end only at their own end.
    page = (
        f"<html>\n<script>var page = '{OPENER}{{broken';</script>\n"
        f"<!-- {OPENER}{{broken</script> -->\n"
        f"<SCRIPT Type='application/ld+json'>{json.dumps(review(1))}</SCRIPT>"
    )

    rows, problems = read(read_claimreview, write_file, "page.html", page)

    assert problems == []
    assert [row.claim_text for row in rows] == ["Crime halved in 2001."]


def test_a_block_of_a_number_too_long_is_found_in_linear_time(write_file):
    # Runs of as many digits as Python reads, then one more: finding the
    # culprit started a match at every digit of every run.
    numbers = ["1" * 4_300] * 300 + ["1" * 4_301]
    page = f"<html>\n{OPENER}\n[{', '.join(numbers)}]</script>"

    with within(10):
        problems = problems_of(read_claimreview, write_file, "page.html", page)

    assert problems == [
        "page.html:3: block 1: json: holds a number of more than 4,300 digits, too long to be read"
    ]


# Point 6: a CSV header's columns are checked in linear time, and capped ----


def test_a_header_of_a_hundred_thousand_columns_is_refused_at_once(write_file):
    header = ",".join(f"column{number}" for number in range(100_000)) + "\n"

    with within(10):
        problems = problems_of(read_csv, write_file, "wide.csv", header + "a,b\n")

    assert problems == [f"wide.csv:1: header: has 100000 columns; at most {MAX_COLUMNS}"]


def test_a_header_of_as_many_repeated_columns_as_allowed_is_read_in_linear_time(write_file):
    header = ",".join(["claim_text"] * MAX_COLUMNS) + "\n"

    problems = problems_of(read_csv, write_file, "twice.csv", header + "a\n")

    assert "twice.csv:1: claim_text: appears twice in the header" in problems


def test_a_header_one_column_over_the_cap_is_refused(write_file):
    header = HEADER.strip() + "".join(f",extra{n}" for n in range(MAX_COLUMNS)) + "\n"

    problems = problems_of(read_csv, write_file, "wide.csv", header)

    assert problems == [f"wide.csv:1: header: has {MAX_COLUMNS + 14} columns; at most 200"]


# Point 7: a JSON file's line numbers cost no memory per line ---------------


def test_a_file_of_millions_of_newlines_is_read_in_memory_a_small_multiple_of_its_size(
    write_file,
):
    content = "\n" * 5_000_000 + json.dumps([review(1), review(2)]) + "\n"
    path = write_file("feed.json", content)
    errors = FileErrors()

    tracemalloc.start()
    try:
        rows = list(read_claimreview(path, "feed.json", errors))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    # The text and the file's bytes, at most, besides a few reviews.
    assert peak < 3 * len(content)
    assert errors.lines == []
    assert [row.line for row in rows] == [5_000_001, 5_000_001]


def test_line_numbers_are_those_of_each_object_and_error(write_file):
    elements = [review(1), {"@type": ["ClaimReview", 3]}, review(2)]
    content = "\n\n" + json.dumps({"@type": "DataFeed", "dataFeedElement": elements}, indent=1)

    rows, problems = read(read_claimreview, write_file, "feed.json", content)

    # The feed's elements open on lines of their own, indented by two.
    starts = [n for n, line in enumerate(content.splitlines(), start=1) if line == "  {"]
    assert [row.line for row in rows] == [starts[0], starts[2]]
    assert problems == [
        f"feed.json:{starts[1]}: @type: must be a type name or a list of type names"
    ]


def test_a_json_error_in_a_later_block_names_its_line_and_column(write_file):
    page = (
        f"<html>\n<p>x</p> {OPENER}{json.dumps(review(1))}</script>\n\n"
        f"<p>y</p>  {OPENER} [1,,]</script>"
    )

    problems = problems_of(read_claimreview, write_file, "page.html", page)

    column = len(f"<p>y</p>  {OPENER} [1,,")
    assert problems == [
        f"page.html:4: block 2: json: invalid or truncated JSON: Expecting value at column {column}"
    ]


# Point 8: a refused value is quoted by its first QUOTE_LIMIT characters ----

LONG = "x" * HUGE
SHOWN = f'"{"x" * QUOTE_LIMIT}…" ({HUGE} characters)'


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"said_on": LONG}, f"said_on: {SHOWN} is not a date in the form YYYY-MM-DD"),
        ({"source_url": LONG}, f"source_url: {SHOWN} is not an http:// or https:// URL"),
        ({"status": LONG}, f"status: unknown status {SHOWN}"),
        ({"language": LONG}, f"language: {SHOWN} is not a language tag such as en"),
        ({"topics": LONG}, f"topics: topic {SHOWN} is longer than 100 characters"),
    ],
)
def test_a_huge_csv_value_is_quoted_by_a_short_prefix(write_file, values, expected):
    problems = problems_of(read_csv, write_file, "big.csv", HEADER + csv_row(**values))

    assert f"big.csv:2: {expected}" in problems
    assert all(len(problem) < 500 for problem in problems)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"published_at": LONG}, f"published_at: {SHOWN} is not a date and time in ISO 8601"),
        ({"speaker_kind": LONG}, f"speaker_kind: unknown kind {SHOWN}; the kinds are "),
        ({LONG: "x"}, f"{'x' * QUOTE_LIMIT}… ({HUGE} characters): unknown column;"),
    ],
)
def test_a_huge_jsonl_value_or_key_is_quoted_by_a_short_prefix(write_file, values, expected):
    good = {"claim_text": "A claim.", "speaker_name": "Jo", "source_title": "T"}
    line = json.dumps(good | values)

    problems = problems_of(read_jsonl, write_file, "big.jsonl", line + "\n")

    assert len(problems) == 1
    assert problems[0].startswith(f"big.jsonl:1: {expected}")
    assert len(problems[0]) < 500


def test_a_huge_csv_column_name_is_quoted_by_a_short_prefix(write_file):
    problems = problems_of(read_csv, write_file, "big.csv", HEADER.strip() + f",{LONG}\n")

    assert len(problems) == 1
    assert problems[0].startswith(f"big.csv:1: {'x' * QUOTE_LIMIT}… ({HUGE} characters): ")


@pytest.mark.parametrize(
    ("rating", "expected"),
    [
        ({"alternateName": LONG}, f"$.reviewRating: unknown rating {SHOWN} and no ratingValue"),
        (
            {"ratingValue": "1" * HUGE},
            f"$.reviewRating: ratingValue is {HUGE} characters long; the limit is "
            f"{RATING_MAX_LENGTH}",
        ),
    ],
)
def test_a_huge_rating_is_quoted_by_a_short_prefix(write_file, rating, expected):
    content = json.dumps(review(1, rating=rating))

    problems = problems_of(read_claimreview, write_file, "big.json", content)

    assert problems == [f"big.json:1: {expected} (review https://factcheck.example.org/checks/1)"]


@pytest.mark.parametrize(
    "body",
    [
        '{"x": "' + '\\"' * 200_000,  # a string never closed, of escaped quotes
        "[1" + " ," * 200_000 + "]",  # commas that are not trailing ones
        "<!--" * 100_000 + "//" * 100_000,  # comment openers
    ],
    ids=["unclosed-string", "commas", "comment-openers"],
)
def test_a_block_read_again_without_its_comments_takes_linear_time(write_file, body):
    # A block that is not JSON is read again with its comments and trailing
    # commas blanked: a string never closed, tried again at each of its quotes, took minutes.
    with within(10):
        problems = problems_of(
            read_claimreview, write_file, "page.html", f"{OPENER}{body}</script>"
        )

    assert len(problems) == 1
    assert problems[0].startswith("page.html:1: block 1: json: invalid or truncated JSON: ")
