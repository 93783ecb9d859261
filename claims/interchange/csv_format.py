"""
The interchange columns as CSV: a header row, then one claim a row.

A cell that begins with =, +, -, @, a tab or a carriage return is a formula
to a spreadsheet (OWASP's "CSV injection"): a claim quoted as
`=HYPERLINK("https://evil.example", "Source")` would open as a live link.
Export writes such a cell with a single quote before it, which spreadsheets
show as text, and import takes that quote off again (`quote_formula`,
`unquote_formula`), so every text reads back exactly as it was written.
"""

import csv
import re
from collections import Counter

from django.utils import timezone

from claims.interchange.files import decoded_lines
from claims.interchange.rows import (
    ALL_COLUMNS,
    REQUIRED_COLUMNS,
    RowError,
    clean_row,
    shortened,
)

# The csv module refuses a value over 131,072 characters by default, but a
# summary may be as long as the model allows (any length) and export writes it
# whole: the file's own size is the bound. 2**31 - 1 fits every platform's C long.
# The limit is the whole process's, not one reader's, so it is set once, as
# this module loads, rather than changed again on every file read.
FIELD_SIZE_LIMIT = 2**31 - 1
csv.field_size_limit(FIELD_SIZE_LIMIT)
# The interchange has 17 columns; a header of more is no claims file, and a
# header of 100,000 columns made as many problems, each listing the columns.
# Ten times what a file needs leaves room for a spreadsheet's stray columns.
MAX_COLUMNS = 200

# What a spreadsheet takes for a formula (OWASP). A text that begins with
# single quotes and then one of these gets a quote too: `'=x` is written
# `''=x`, so the one quote import takes off is always the one export put on.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTED_FORMULA = re.compile(r"'+[=+\-@\t\r]")


def quote_formula(value):
    """The cell export writes for `value`: a single quote before a formula."""
    if value.startswith(FORMULA_STARTS) or (value.startswith("'") and QUOTED_FORMULA.match(value)):
        return "'" + value
    return value


def unquote_formula(value):
    """The value import reads from a cell: `quote_formula` undone (one leading quote off)."""
    return value[1:] if value.startswith("'") and QUOTED_FORMULA.match(value) else value


def read_csv(path, name, errors):
    """Yield the file's valid rows; report every problem in `errors`."""
    reader = csv.reader(decoded_lines(path, name, errors), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        errors.add(name, reader.line_num, "header", f"not readable as CSV: {error}")
        return
    if header is None:
        errors.add(name, 1, "file", "is empty; expected a header row and claims")
        return
    if len(header) > MAX_COLUMNS:
        errors.add(name, 1, "header", f"has {len(header)} columns; at most {MAX_COLUMNS}")
        return
    header = [column.strip() for column in header]
    if not _header_is_usable(header, name, errors):
        return
    width = len(header)
    present = frozenset(header)
    today = timezone.localdate()
    seen_any = False
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            # The reader starts afresh on the next line, so later rows are still checked;
            # but a quote never closed takes the rest of the file with it.
            message = f"not readable as CSV: {error}"
            if reader.line_num > line:
                runs = (
                    "is never closed"
                    if "unexpected end of data" in str(error)
                    else f"runs on to line {reader.line_num}"
                )
                message += (
                    f"; a quoted value opened on this line {runs}, so lines {line} "
                    f"to {reader.line_num} were not checked"
                )
            errors.add(name, line, "row", message)
            seen_any = True
            continue
        # A spreadsheet's trailing rows of empty cells (",,,") are no claims.
        if not any(value.strip() for value in values):
            continue
        seen_any = True
        values = [unquote_formula(value) for value in values]
        if len(values) != width:
            errors.add(
                name,
                line,
                "row",
                f"has {len(values)} values; the header has {width} columns",
            )
            continue
        try:
            yield clean_row(
                dict(zip(header, values, strict=True)),
                file=name,
                line=line,
                present=present,
                today=today,
            )
        except RowError as error:
            for field, message in error.problems:
                errors.add(name, line, field, message)
    if not seen_any:
        errors.add(name, 1, "file", "has a header row but no claims after it")


def _header_is_usable(header, name, errors):
    usable = True
    counts = Counter(header)
    for column in sorted(column for column, count in counts.items() if count > 1):
        errors.add(name, 1, shortened(column), "appears twice in the header")
        usable = False
    for column in REQUIRED_COLUMNS:
        if column not in header:
            errors.add(name, 1, column, "required column is missing from the header")
            usable = False
    if "source_url" not in header and "source_title" not in header:
        errors.add(name, 1, "source_url", "the header needs source_url or source_title")
        usable = False
    for column in header:
        if column not in ALL_COLUMNS:
            errors.add(
                name,
                1,
                shortened(column) or "header",
                f"unknown column; the columns are {', '.join(ALL_COLUMNS)}",
            )
            usable = False
    return usable


def write_csv(values_iterable, output):
    """
    Write interchange values (dicts) as CSV with a header row, lines ending
    in CRLF as RFC 4180 and spreadsheets have them. The csv module quotes a
    value holding any character of the line ending: with "\n" alone a value
    holding a lone carriage return went out unquoted, and the file could
    not be read back. A cell a spreadsheet would run as a formula is quoted
    (`quote_formula`).
    """
    writer = csv.DictWriter(output, fieldnames=ALL_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for values in values_iterable:
        writer.writerow(
            {
                column: quote_formula(value) if isinstance(value, str) else value
                for column, value in values.items()
            }
        )
