"""
Property: whatever file the importer is handed (random bytes, a sample file
mangled, rows of the wrong types), it imports, or it fails with
`FILE:LINE: field: message` lines and a CommandError, and the database is as
it was. Never a traceback.

Bounded for `make test`: a fixed number of examples per property, derandomized
so every run tries the same files (a failure reproduces), no deadline (the
shared machine's timing varies).
"""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claims.models import Claim, Correction, LedgerEntry, LedgerHead, Source, Speaker, Topic
from tests.hostile_strings import HOSTILE

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAMPLES = {
    "csv": (FIXTURES / "sample-claims.csv").read_bytes(),
    "jsonl": (FIXTURES / "sample-claims.jsonl").read_bytes(),
    "json": (FIXTURES / "sample-claimreview.json").read_bytes(),
}
COLUMNS = [
    *("external_id", "claim_text", "speaker_name", "speaker_description", "source_title"),
    *("source_publisher", "source_url", "source_published_on", "said_on", "context"),
    *("status", "summary", "topics", "language", "published_at"),
]

fuzz = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# The importer's own report starts with where: FILE:LINE: field: message.
ERROR_LINE = re.compile(r"^[^:\n]+\.\w+:\d+: ")


def ledger_state():
    head = LedgerHead.objects.first()
    return (
        *(model.objects.count() for model in (Claim, Speaker, Source, Topic, Correction)),
        LedgerEntry.objects.count(),
        head.hash if head else None,
    )


@pytest.fixture
def import_file(tmp_path, db):
    """
    Import `content` as a file named `name`. Returns True when it imported;
    on a refusal, checks the message is the importer's own and nothing changed.
    What it imported must be what it says it imported, in a ledger that
    verifies, and importing the same file again must change nothing.
    """

    def run(name, content):
        path = tmp_path / name
        path.write_bytes(content)
        before = ledger_state()
        claims_before = set(Claim.objects.values_list("pk", flat=True))
        out, err = StringIO(), StringIO()
        try:
            call_command("import_claims", str(path), stdout=out, stderr=err)
        except CommandError as error:
            assert ledger_state() == before
            assert "nothing was imported" in str(error), str(error)
            assert ERROR_LINE.match(err.getvalue()) or "database refused" in str(error), err
            assert "Traceback" not in err.getvalue()
            return False
        created = int(re.search(r"claims: (\d+) created", out.getvalue()).group(1))
        new_claims = Claim.objects.exclude(pk__in=claims_before)
        assert new_claims.count() == created
        # A CSV file holds its texts as they are, but for doubled quotes.
        text = content.decode("utf-8", "replace")
        text = " ".join((text + text.replace('""', '"')).split())
        for claim in new_claims:
            # Each new claim has its one creation record, naming the file.
            (record,) = claim.history.all()
            assert record.history_type == "+"
            assert record.history_change_reason.startswith(f"imported from {name}")
            if name.endswith(".csv"):
                assert " ".join(claim.text.split()) in text
        call_command("verify_ledger", stdout=StringIO())
        imported = ledger_state()
        call_command("import_claims", str(path), stdout=StringIO(), stderr=StringIO())
        assert ledger_state() == imported
        return True

    return run


def mutated(sample):
    """The sample with a few slices deleted, duplicated or overwritten with other bytes."""

    @st.composite
    def build(draw):
        content = bytearray(sample)
        for _ in range(draw(st.integers(1, 4))):
            start = draw(st.integers(0, len(content)))
            end = draw(st.integers(start, min(len(content), start + 64)))
            action = draw(st.sampled_from(["delete", "duplicate", "replace", "truncate"]))
            if action == "delete":
                del content[start:end]
            elif action == "duplicate":
                content[start:start] = content[start:end]
            elif action == "replace":
                content[start:end] = draw(st.binary(min_size=1, max_size=16))
            else:
                del content[start:]
        return bytes(content)

    return build()


@fuzz
@given(
    content=st.binary(max_size=2048),
    extension=st.sampled_from([".csv", ".jsonl", ".json", ".html", ".txt"]),
)
@example(content=b"\x00\xff\xfe", extension=".csv")
@example(content=b"", extension=".json")
@example(content=b"[" * 5000, extension=".json")
# Python's int() refuses over 4,300 digits with a ValueError, not a JSON error.
@example(content=b'{"claim_text": ' + b"9" * 5000 + b"}", extension=".jsonl")
@example(content=b'{"@type": "ClaimReview", "x": ' + b"9" * 5000 + b"}", extension=".json")
def test_random_bytes_never_raise_a_traceback(import_file, content, extension):
    import_file(f"random{extension}", content)


@fuzz
@given(data=st.data(), kind=st.sampled_from(sorted(SAMPLES)))
def test_a_mangled_sample_file_imports_or_is_refused_cleanly(import_file, data, kind):
    content = data.draw(mutated(SAMPLES[kind]))
    import_file(f"mangled.{kind}", content)


# Any JSON value where the importer expects text.
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=40)
    | st.sampled_from(list(HOSTILE.values())),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children)
    ),
    max_leaves=6,
)


A_ROW = {"claim_text": "A claim.", "speaker_name": "Kyle", "source_title": "A report"}


@fuzz
@given(
    rows=st.lists(
        st.dictionaries(st.sampled_from(COLUMNS), json_values, min_size=1),
        min_size=1,
        max_size=4,
    )
)
@example(rows=[{"claim_text": "A NUL\x00", "speaker_name": "Kyle", "source_title": "T"}])
@example(rows=[{"claim_text": ["a", "list"], "speaker_name": {"a": 1}, "source_url": 3.5}])
# Valid ISO 8601, but outside the calendar once in UTC.
@example(rows=[{**A_ROW, "published_at": "9999-12-31T23:30:00-01:00"}])
@example(rows=[{**A_ROW, "published_at": "0001-01-01T00:30:00+01:00"}])
def test_json_lines_of_the_wrong_types_are_refused_by_line(import_file, rows):
    content = "\n".join(json.dumps(row) for row in rows).encode()
    import_file("rows.jsonl", content)


@fuzz
@given(
    rows=st.lists(
        st.dictionaries(
            st.sampled_from(COLUMNS),
            st.text(max_size=60) | st.sampled_from(list(HOSTILE.values())),
            min_size=1,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_csv_rows_of_any_text_import_or_are_refused_by_line(import_file, rows):
    import csv

    out = StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    import_file("rows.csv", out.getvalue().encode())


def claim_review(draw_value):
    """A ClaimReview with any of its keys holding any JSON value."""
    review = json.loads(SAMPLES["json"])["dataFeedElement"][0]
    return review | draw_value


@fuzz
@given(
    replaced=st.dictionaries(
        st.sampled_from(
            [
                *("@type", "claimReviewed", "itemReviewed", "reviewRating", "author"),
                *("datePublished", "reviewBody", "inLanguage", "identifier", "url", "keywords"),
            ]
        ),
        json_values,
        min_size=1,
    ),
    wrap=st.sampled_from(["bare", "list", "feed", "graph"]),
)
# Decimal takes the exponent, then overflows rescaling the rating.
@example(replaced={"reviewRating": {"ratingValue": 5, "bestRating": "1e999999999"}}, wrap="bare")
@example(replaced={"url": "https://factcheck.example.org/" + "x" * 300}, wrap="list")
def test_a_claimreview_with_values_of_the_wrong_type_is_refused_cleanly(
    import_file, replaced, wrap
):
    review = claim_review(replaced)
    document = {
        "bare": review,
        "list": [review],
        "feed": {"@type": "DataFeed", "dataFeedElement": [review]},
        "graph": {"@graph": [review]},
    }[wrap]
    import_file("review.json", json.dumps(document).encode())


def refusal(tmp_path, name, content, *options):
    """What import_claims printed when it refused the file."""
    path = tmp_path / name
    path.write_text(content)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_claims", str(path), *options, stdout=StringIO(), stderr=err)
    return err.getvalue()


@pytest.mark.parametrize("kind", [{"@id": "ClaimReview"}, [{"name": "ClaimReview"}]])
def test_an_at_type_that_is_not_text_is_refused_by_line(tmp_path, db, kind):
    review = claim_review({"@type": kind})
    printed = refusal(tmp_path, "review.json", json.dumps([review], indent=1))
    assert "review.json:2: @type: must be a type name or a list of type names" in printed


@pytest.mark.parametrize("keywords", [True, 5, [{"name": "Hong Kong"}]])
def test_keywords_that_are_neither_text_nor_a_list_are_refused_by_line(tmp_path, db, keywords):
    review = claim_review({"keywords": keywords})
    # Keywords are our own verdicts' topics: another desk's review has none here.
    printed = refusal(tmp_path, "review.json", json.dumps([review], indent=1), "--as-own")
    assert "review.json:2: $[0].keywords: must be text or a list of texts" in printed


def test_control_characters_in_a_quoted_value_keep_each_problem_on_one_line(tmp_path, db):
    row = {"claim_text": "x", "speaker_name": "K", "source_title": "T", "said_on": "20\n21"}
    printed = refusal(tmp_path, "rows.jsonl", json.dumps(row))
    assert printed.splitlines()[0].endswith(
        'rows.jsonl:1: said_on: "20\\n21" is not a date in the form YYYY-MM-DD'
    )


def test_a_nul_character_in_a_cell_is_refused_by_line(tmp_path, db):
    row = {"claim_text": "A claim\x00with a NUL", "speaker_name": "Kyle", "source_title": "T"}
    printed = refusal(tmp_path, "rows.jsonl", json.dumps(row))
    assert "rows.jsonl:1: claim_text: contains a NUL character (0x00)" in printed


def test_the_samples_themselves_import(import_file):
    # The properties above start from these; they must be importable as they are.
    for kind, content in SAMPLES.items():
        assert import_file(f"sample.{kind}", content), kind
