"""The interchange columns as JSON Lines: one JSON object a line, with the same keys."""

import json
import sys

from django.utils import timezone

from claims.interchange.files import decoded_lines, json_error_message
from claims.interchange.rows import TOPIC_SEPARATOR, RowError, clean_row

# Python's json parser recurses once per level of nesting; no row of ours nests.
NESTED_TOO_DEEPLY = "nested too deeply to be read (arrays or objects inside each other)"
# Python refuses to read an integer of more digits than this (a guard against
# quadratic conversion), with a plain ValueError rather than a JSON error.
MAX_DIGITS = sys.get_int_max_str_digits()
TOO_MANY_DIGITS = f"holds a number of more than {MAX_DIGITS:,} digits, too long to be read"


def read_jsonl(path, name, errors):
    """Yield the file's valid rows; report every problem in `errors`."""
    seen_any = False
    today = timezone.localdate()
    for line, text in enumerate(decoded_lines(path, name, errors), start=1):
        if not text.strip():
            continue
        seen_any = True
        try:
            values = json.loads(text)
        except json.JSONDecodeError as error:
            errors.add(
                name,
                line,
                "json",
                json_error_message(error),
            )
            continue
        except RecursionError:
            errors.add(name, line, "json", NESTED_TOO_DEEPLY)
            continue
        except ValueError:
            errors.add(name, line, "json", TOO_MANY_DIGITS)
            continue
        if not isinstance(values, dict):
            errors.add(
                name, line, "json", "each line must be a JSON object with the columns as keys"
            )
            continue
        try:
            yield clean_row(_as_text(values), file=name, line=line, today=today)
        except RowError as error:
            for field, message in error.problems:
                errors.add(name, line, field, message)
    if not seen_any:
        errors.add(name, 1, "file", "is empty; expected one JSON object a line")


def _as_text(values):
    """JSON's null is an empty cell, a number id is its digits, and topics may be a list."""
    values = {key: "" if value is None else value for key, value in values.items()}
    if isinstance(values.get("external_id"), int) and not isinstance(values["external_id"], bool):
        values["external_id"] = str(values["external_id"])
    topics = values.get("topics")
    if isinstance(topics, list) and all(isinstance(topic, str) for topic in topics):
        values["topics"] = TOPIC_SEPARATOR.join(topics)
    return values


def write_jsonl(values_iterable, output):
    for values in values_iterable:
        output.write(json.dumps(values, ensure_ascii=False))
        output.write("\n")
