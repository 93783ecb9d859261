"""
Opening input files: decoding UTF-8 line by line (so a bad byte is reported
with its line and the rest of the file is still checked), and guessing a
file's format from its name and first bytes.
"""

import os

BYTE_ORDER_MARK = b"\xef\xbb\xbf"
# Lines joined into one text at a time, so reading a file of millions of
# short lines never holds a list of millions of strings.
LINES_JOINED_AT_ONCE = 4096

FORMATS = ["csv", "jsonl", "claimreview", "factcheck-api", "external-reviews"]
EXPORT_FORMATS = ["csv", "jsonl", "claimreview", "external-reviews"]
# Keys only the Fact Check Tools API's responses have, looked for in a JSON
# file's start to tell them from ClaimReview JSON-LD.
FACTCHECK_API_KEYS = (b'"textualRating"', b'"claimReviewMarkups"', b'"claimReviewMarkupPages"')
EXTENSIONS = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "claimreview",
    ".jsonld": "claimreview",
    ".html": "claimreview",
    ".htm": "claimreview",
}


def decoded_lines(path, name, errors):
    """
    Yield the file's lines as text, without a leading byte order mark. A line
    that is not UTF-8 is reported in `errors` and yielded with the bad bytes
    replaced, so later lines are still checked.
    """
    with open(path, "rb") as file:
        for number, raw in enumerate(file, start=1):
            if number == 1:
                raw = raw.removeprefix(BYTE_ORDER_MARK)
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as error:
                errors.add(
                    name,
                    number,
                    "encoding",
                    f"byte 0x{raw[error.start]:02x} at column {error.start + 1} is not UTF-8; "
                    "save the file as UTF-8",
                )
                yield raw.decode("utf-8", errors="replace")


def json_error_message(error, column=None):
    """
    A JSONDecodeError and its column (the error's own unless `column` is
    given), "at" said once (its message may end in "at").
    """
    message = error.msg.removesuffix(" at")
    return f"invalid or truncated JSON: {message} at column {column or error.colno}"


def read_text(path, name, errors):
    """
    The whole file as text (for JSON documents, which are parsed whole), in
    memory of about twice the file's size: decoded at once when it is all
    UTF-8, else line by line to report each bad line.
    """
    with open(path, "rb") as file:
        raw = file.read().removeprefix(BYTE_ORDER_MARK)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        del raw
    # "".join(lines) would first make a list of every line: for a file of
    # 60 million newlines, 500 MB of pointers. Joined in batches, only the
    # batches are listed.
    batches, batch = [], []
    for line in decoded_lines(path, name, errors):
        batch.append(line)
        if len(batch) == LINES_JOINED_AT_ONCE:
            batches.append("".join(batch))
            batch.clear()
    batches.append("".join(batch))
    return "".join(batches)


def guess_format(path):
    """The format named by the file's extension, else the one its first character suggests."""
    extension = os.path.splitext(path)[1].lower()
    if extension in EXTENSIONS and extension not in (".json", ".jsonl"):
        return EXTENSIONS[extension]
    with open(path, "rb") as file:
        start = file.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if extension != ".jsonl" and any(key in start for key in FACTCHECK_API_KEYS):
        return "factcheck-api"
    if start[:1] == b"{" and b'"publisher_name"' in start.split(b"\n", 1)[0]:
        return "external-reviews"
    if extension in EXTENSIONS:
        return EXTENSIONS[extension]
    if start[:1] in (b"<", b"["):
        return "claimreview"
    if start[:1] == b"{":
        first_line = start.split(b"\n", 1)[0]
        return "jsonl" if b'"claim_text"' in first_line else "claimreview"
    return "csv"
