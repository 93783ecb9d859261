"""
The interchange row: one claim with its speaker, source and topics, as the
CSV and JSON Lines columns (DESIGN.md) and ClaimReview describe it, checked
field by field before anything touches the database.

A row is a small tuple of strings and dates, not a model instance, so a run
of 100,000 rows stays well within memory.
"""

import datetime
import functools
import re
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from claims.interchange.ratings import status_for_label
from claims.models import (
    Claim,
    Source,
    SourceKind,
    Speaker,
    SpeakerKind,
    Topic,
    http_url_validator,
    language_tag_validator,
    lowercase_scheme,
    name_key,
    xml_text_validator,
)
from claims.models.base import NOT_XML_TEXT

# The contract's columns, in the contract's order.
COLUMNS = [
    "external_id",
    "claim_text",
    "speaker_name",
    "speaker_description",
    "source_title",
    "source_publisher",
    "source_url",
    "source_published_on",
    "said_on",
    "context",
    "status",
    "summary",
    "topics",
    "language",
]
# Beyond the contract, so an export re-imported into an empty ledger keeps
# what the contract's columns cannot say: when a claim went public, and what
# kind of speaker and source each is (an organisation is marked up as one in
# ClaimReview, not as a person). Optional everywhere.
EXTRA_COLUMNS = ["published_at", "speaker_kind", "source_kind"]
ALL_COLUMNS = COLUMNS + EXTRA_COLUMNS
KNOWN_COLUMNS = frozenset(ALL_COLUMNS)
REQUIRED_COLUMNS = ["claim_text", "speaker_name"]
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TOPIC_SEPARATOR = ";"


def _max_length(model, field):
    """
    The model field's limit, so the importer and the admin refuse the same
    values: a text field's MaxLengthValidator, else its max_length.
    """
    field = model._meta.get_field(field)
    limits = [v.limit_value for v in field.validators if isinstance(v, MaxLengthValidator)]
    return min(limits, default=field.max_length)


MAX_LENGTHS = {
    "external_id": _max_length(Claim, "external_id"),
    "claim_text": _max_length(Claim, "text"),
    "speaker_name": _max_length(Speaker, "name"),
    "speaker_description": _max_length(Speaker, "description"),
    "source_title": _max_length(Source, "title"),
    "source_publisher": _max_length(Source, "publisher"),
    "source_url": _max_length(Source, "url"),
    "context": _max_length(Claim, "context"),
    "summary": _max_length(Claim, "summary"),
    "language": _max_length(Claim, "language"),
}
TOPIC_MAX_LENGTH = _max_length(Topic, "name")
# An error message quotes at most this many characters of the value it
# refuses: a refused 50 MB cell quoted whole made a 50 MB message, printed,
# kept and mailed. Enough to find the cell by.
QUOTE_LIMIT = 80


def shortened(value):
    """`value` as an error message shows it: its first QUOTE_LIMIT characters and its length."""
    if len(value) <= QUOTE_LIMIT:
        return value
    return f"{value[:QUOTE_LIMIT]}… ({len(value)} characters)"


def quoted(value):
    """`value` in double quotes for an error message, cut as `shortened` cuts it."""
    if len(value) <= QUOTE_LIMIT:
        return f'"{value}"'
    return f'"{value[:QUOTE_LIMIT]}…" ({len(value)} characters)'


class Row(NamedTuple):
    """
    A validated row. `present` names the columns the file has: a column left
    out leaves that field of an existing claim as it is.
    """

    file: str
    line: int
    present: frozenset
    external_id: str
    claim_text: str
    speaker_name: str
    speaker_description: str | None
    source_title: str
    source_publisher: str
    source_url: str
    source_published_on: datetime.date | None
    said_on: datetime.date | None
    context: str | None
    status: str | None
    summary: str | None
    topics: tuple[str, ...] | None
    language: str | None
    published_at: datetime.datetime | None
    # A value of SpeakerKind / SourceKind, or None: left as it is, or the default.
    speaker_kind: str | None
    source_kind: str | None
    # Who and where, as the ledger matches them (name_key, source_key): made
    # once here, as an import asks for them of every row five times over.
    speaker_key: str
    source_key: tuple
    # The rating as the file gave it, when it is not one of our own values:
    # it goes into the history reason.
    original_rating: str = ""
    # Another desk's review of the claim (external.Review), for a row read
    # from it: the claim is matched or created, never rated by it.
    review: object = None
    # The fields of the markup it was read from that held a list where one
    # value belongs, the first taken (external.Lists): the run's summary
    # counts them, for our own verdicts and other desks' reviews alike.
    lists_taken_first: int = 0


def source_key(url, title, publisher):
    """A source is its URL; without one, its title and publisher."""
    return ("url", url) if url else ("title", title, publisher)


class RowError(Exception):
    """Problems with one row: a list of (field, message)."""

    def __init__(self, problems):
        super().__init__(problems)
        self.problems = problems


def clean_row(values, *, file, line, original_rating="", present=None, today=None):
    """
    Check one row's raw values (a dict of strings; a key left out means the
    column is absent) and return a Row, or raise RowError listing every
    problem in it, in the order of the columns. Readers pass `today` once per
    file rather than have each row ask for it.
    """
    problems = []
    today = today or timezone.localdate()
    # Every value checked as text in one pass (this runs 100,000 times a
    # large import); `text(field)` is then the stripped value, or None for
    # an absent or refused one.
    texts = _texts(values, problems)
    text = texts.get
    for field in REQUIRED_COLUMNS:
        if values.get(field) is None or texts.get(field) == "":
            problems.append((field, "is required"))

    def date(field):
        value = text(field)
        if not value:
            return None
        try:
            # fromisoformat alone would also take "20211025" and "2021-W43-1".
            if not ISO_DATE.fullmatch(value):
                raise ValueError
            return datetime.date.fromisoformat(value)
        except ValueError:
            problems.append((field, f"{quoted(value)} is not a date in the form YYYY-MM-DD"))
            return None

    external_id = text("external_id") or ""
    claim_text = text("claim_text")
    speaker_name = " ".join((text("speaker_name") or "").split())
    speaker_description = text("speaker_description")
    source_title = text("source_title") or ""
    source_publisher = text("source_publisher") or ""
    source_url = lowercase_scheme(text("source_url") or "")
    # A source not known is said so in its own column (source_kind not_known).
    source_not_known = text("source_kind") == SourceKind.NOT_KNOWN
    if claim_text is not None and not source_url and not source_title and not source_not_known:
        problems.append(("source_url", "a source URL or a source title is required"))
    if source_url and not _is_valid("source_url", source_url):
        problems.append(("source_url", f"{quoted(source_url)} is not an http:// or https:// URL"))
    source_published_on = date("source_published_on")
    said_on = date("said_on")
    for field, day in (("source_published_on", source_published_on), ("said_on", said_on)):
        if day and day > today:
            problems.append((field, f"{day} is in the future"))
    if said_on and source_published_on and source_published_on < said_on:
        problems.append(
            ("said_on", "is after source_published_on; the source must report the claim later")
        )
    context = text("context")

    status = text("status")
    if status:
        found = status_for_label(status)
        if found is None:
            problems.append(("status", f"unknown status {quoted(status)}"))
        elif status not in (found.value, found.label) and not original_rating:
            original_rating = status
        status = found.value if found else None
    else:
        # An empty cell leaves an existing claim's status alone; a new claim is Unverified.
        status = None

    summary = text("summary")
    topics = text("topics")
    if topics is not None:
        topics = _clean_topics(topics, problems)
    language = text("language")
    if language and not _is_valid("language", language):
        problems.append(("language", f"{quoted(language)} is not a language tag such as en"))
    elif language == "":
        language = "en"

    speaker_kind = _kind("speaker_kind", text("speaker_kind"), SpeakerKind, problems)
    source_kind = _kind("source_kind", text("source_kind"), SourceKind, problems)

    published_at = text("published_at")
    if published_at:
        parsed = _parse_datetime("published_at", published_at, problems)
        if parsed and parsed > timezone.now():
            problems.append(("published_at", f"{quoted(published_at)} is in the future"))
        published_at = parsed
    else:
        published_at = None

    # The rating as the file gave it goes into the history reason.
    if not original_rating.isascii() and (surrogate := _lone_surrogate(original_rating)):
        problems.append(("status", surrogate.replace("contains", "the rating contains", 1)))
    if problems:
        problems.sort(key=_column_order)
        raise RowError(problems)
    return Row(
        file=file,
        line=line,
        present=present if present is not None else frozenset(values),
        external_id=external_id,
        claim_text=claim_text,
        speaker_name=speaker_name,
        speaker_description=speaker_description,
        source_title=source_title,
        source_publisher=source_publisher,
        source_url=source_url,
        source_published_on=source_published_on,
        said_on=said_on,
        context=context,
        status=status,
        summary=summary,
        topics=topics,
        language=language,
        published_at=published_at,
        speaker_kind=speaker_kind,
        source_kind=source_kind,
        speaker_key=name_key(speaker_name),
        source_key=source_key(source_url, source_title, source_publisher),
        original_rating=original_rating,
    )


def _kind(field, value, kinds, problems):
    """
    The value of `kinds` (a TextChoices) that `value` names, by value or
    label, ignoring case, spaces and underscores ("Government body",
    "government_body"); None for an empty cell.
    """
    if not value:
        return None
    found = _KIND_NAMES[kinds].get(_kind_name(value))
    if found is None:
        choices = ", ".join(kinds.values)
        message = f"unknown kind {quoted(value)}; the kinds are {choices} (or their labels)"
        problems.append((field, message))
    return found


def _kind_name(text):
    return "".join(text.replace("_", " ").casefold().split())


# The labels as written in the code (English), whatever language is active.
with translation.override(None):
    _KIND_NAMES = {
        kinds: {
            **{_kind_name(str(kind.label)): kind.value for kind in kinds},
            **{_kind_name(kind.value): kind.value for kind in kinds},
        }
        for kinds in (SpeakerKind, SourceKind)
    }
# The American spelling, as ClaimReview's schema.org Organization has it.
_KIND_NAMES[SpeakerKind]["organization"] = SpeakerKind.ORGANISATION.value


def _texts(values, problems):
    """
    Each known column's value, stripped: the ones that are text, hold no NUL
    and fit their column. An unknown column is a problem of its own.
    """
    texts = {}
    for field, value in values.items():
        if field not in KNOWN_COLUMNS:
            problems.append(
                (shortened(field), f"unknown column; the columns are {', '.join(ALL_COLUMNS)}")
            )
            continue
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append((field, f"must be text, not {_json_type(value)}"))
            continue
        if "\x00" in value:
            # PostgreSQL refuses the whole run over one, and no field may hold it.
            problems.append((field, "contains a NUL character (0x00), which no text may hold"))
            continue
        if not value.isascii() and (surrogate := _lone_surrogate(value)):
            problems.append((field, surrogate))
            continue
        try:
            # The models' own rule: what the feed's XML cannot carry.
            xml_text_validator(value)
        except ValidationError as error:
            code = ord(NOT_XML_TEXT.search(value).group())
            problems.append((field, f"holds U+{code:04X}: {error.messages[0]}"))
            continue
        value = value.strip()
        limit = MAX_LENGTHS.get(field)
        if limit and len(value) > limit:
            problems.append((field, f"is {len(value)} characters long; the limit is {limit}"))
        texts[field] = value
    return texts


def _lone_surrogate(value):
    """
    The problem with `value` if it holds half of a UTF-16 surrogate pair, as
    JSON's "\\ud800" escape can: not a character, so no database or file
    can store it. None for every other text.
    """
    try:
        value.encode()
    except UnicodeEncodeError as error:
        code = ord(value[error.start])
        return (
            f"contains U+{code:04X}, half of a UTF-16 surrogate pair, which is not a "
            "character: the file was written with a broken encoder"
        )
    return None


_COLUMN_POSITIONS = {column: position for position, column in enumerate(ALL_COLUMNS)}


def _column_order(problem):
    """A row's problems go by column, in the contract's order; unknown columns last, by name."""
    field = problem[0]
    return (_COLUMN_POSITIONS.get(field, len(_COLUMN_POSITIONS)), field)


# The models' own validators, run once per distinct value: a file names the
# same few thousand sources and languages over and over.
VALIDATORS = {"source_url": http_url_validator, "language": language_tag_validator}


@functools.lru_cache(maxsize=65536)
def _is_valid(field, value):
    try:
        VALIDATORS[field](value)
    except ValidationError:
        return False
    return True


def _clean_topics(value, problems):
    topics, seen = [], set()
    for name in value.split(TOPIC_SEPARATOR):
        name = " ".join(name.split())
        if not name or name.casefold() in seen:
            continue
        if len(name) > TOPIC_MAX_LENGTH:
            problems.append(
                ("topics", f"topic {quoted(name)} is longer than {TOPIC_MAX_LENGTH} characters")
            )
        seen.add(name.casefold())
        topics.append(name)
    return tuple(topics)


def _parse_datetime(field, value, problems):
    """The value as a UTC datetime (no offset means UTC), or None with the problem noted."""
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None:
        problems.append((field, f"{quoted(value)} is not a date and time in ISO 8601 form"))
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    try:
        # The database and the ledger store UTC: an offset at the calendar's
        # edge (9999-12-31T23:30-01:00) would overflow only when written.
        return parsed.astimezone(datetime.UTC)
    except OverflowError:
        problems.append((field, f"{quoted(value)} falls outside the years 1 to 9999 in UTC"))
        return None


def _json_type(value):
    return {dict: "an object", list: "a list", bool: "true/false"}.get(type(value), "a number")


def values_for_claim(claim, topic_names):
    """The interchange values of a saved claim (with speaker and source loaded)."""
    speaker, source = claim.speaker, claim.source
    return {
        "external_id": claim.external_id,
        "claim_text": claim.text,
        "speaker_name": speaker.name,
        "speaker_description": speaker.description,
        "source_title": source.title,
        "source_publisher": source.publisher,
        "source_url": source.url,
        "source_published_on": source.published_on.isoformat() if source.published_on else "",
        "said_on": claim.said_on.isoformat() if claim.said_on else "",
        "context": claim.context,
        "status": claim.status,
        "summary": claim.summary,
        "topics": TOPIC_SEPARATOR.join(topic_names),
        "language": claim.language,
        "published_at": claim.published_at.isoformat() if claim.published_at else "",
        "speaker_kind": speaker.kind,
        "source_kind": source.kind,
    }


_ESCAPED_CONTROLS = {
    code: repr(chr(code))[1:-1] for code in [*range(32), 127, 0x2028, 0x2029, 0x85]
}


class FileErrors:
    """
    Every problem found in a run, as `FILE:LINE: field: message` lines, listed
    by file (in the order read) and line, however late a check found them.
    """

    def __init__(self):
        self._problems = []  # (the file's rank, line, text, file)
        self._files = {}  # file -> rank

    def register(self, file):
        """`file` is read next: its problems are listed after those of the files before it."""
        self._files.setdefault(file, len(self._files))

    def add(self, file, line, field, message):
        rank = self._files.setdefault(file, len(self._files))
        # A quoted value may hold a newline or other control characters: show
        # them escaped, so each problem stays one line.
        text = f"{file}:{line}: {field}: {message}".translate(_ESCAPED_CONTROLS)
        self._problems.append((rank, line, text, file))

    @property
    def lines(self):
        # A stable sort: one line's problems stay in the order they were found.
        return [text for _, _, text, _ in sorted(self._problems, key=lambda problem: problem[:2])]

    def places(self):
        """The (file, line) of every problem: the rows --skip-invalid leaves out."""
        return {(file, line) for _, line, _, file in self._problems}

    def __bool__(self):
        return bool(self._problems)

    def __len__(self):
        return len(self._problems)
