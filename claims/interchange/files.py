"""
Opening input files: decoding UTF-8 line by line (so a bad byte is reported
with its line and the rest of the file is still checked), and guessing a
file's format from its name and first bytes.
"""

import os

FORMATS = ["csv", "jsonl", "claimreview"]
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
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
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


def json_error_message(error):
    """A JSONDecodeError and its column, "at" said once (its message may end in "at")."""
    message = error.msg.removesuffix(" at")
    return f"invalid or truncated JSON: {message} at column {error.colno}"


def read_text(path, name, errors):
    """The whole file as text (for JSON documents, which are parsed whole)."""
    return "".join(decoded_lines(path, name, errors))


def guess_format(path):
    """The format named by the file's extension, else the one its first character suggests."""
    extension = os.path.splitext(path)[1].lower()
    if extension in EXTENSIONS:
        return EXTENSIONS[extension]
    with open(path, "rb") as file:
        start = file.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if start[:1] in (b"<", b"["):
        return "claimreview"
    if start[:1] == b"{":
        first_line = start.split(b"\n", 1)[0]
        return "jsonl" if b'"claim_text"' in first_line else "claimreview"
    return "csv"
