"""
Other desks' reviews in an import: read from ClaimReview (claimreview.py)
and the Fact Check Tools API (factcheck_api.py) into rows that carry the
review beside the claim it checks, and written by the importer as
ExternalReview records, never as the claim's status (docs/external-reviews.md).

A review row's claim is matched by its text and claimant; one the ledger
does not hold is created as an unverified draft. The review itself is the
same record however it is reached (a feed, then the page that carries it):
its URL and its claim's text (compared without case, spacing or
punctuation), else its publisher and its claim's text.
"""

import datetime
import json
import re
import unicodedata
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.core.exceptions import ValidationError
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from claims.interchange.files import decoded_lines, json_error_message
from claims.interchange.ratings import FALLBACK_STATUS, status_for_rating_value, status_for_sentence
from claims.interchange.rows import RowError, _lone_surrogate, clean_row, quoted
from claims.models import (
    UNKNOWN_PUBLISHER,
    Claim,
    ClaimStatus,
    ExternalReview,
    SourceKind,
    SpeakerKind,
    http_url_validator,
    language_tag_validator,
    lowercase_scheme,
    name_key,
)
from claims.models.base import NOT_XML_TEXT
from claims.models.external_reviews import EXTERNAL_LABEL_MAX_LENGTH

# The speaker of a claim whose review names no claimant: said so, not guessed.
UNATTRIBUTED = "Unattributed"
# A date, with or without a time and zone after it ("2020-08-31 17:22:16",
# "2020-08-31T17:22:16+08:00"): the review's own day is the one kept.
DATE_AT_START = re.compile(r"(\d{4}-\d{2}-\d{2})(?:$|[T ]\d)")
REVIEW_FIELDS = [
    "publisher_name",
    "publisher_site",
    "url",
    "title",
    "reviewed_on",
    "language",
    "label",
    "rating_value",
    "best_rating",
    "worst_rating",
    "mapped_status",
]
LIMITS = {
    field: ExternalReview._meta.get_field(field).max_length
    for field in REVIEW_FIELDS
    if field not in ("reviewed_on",)
}
LIMITS["label"] = EXTERNAL_LABEL_MAX_LENGTH


class Review(NamedTuple):
    """An external review as read and checked: the ExternalReview's fields."""

    publisher_name: str
    publisher_site: str
    url: str
    title: str
    reviewed_on: datetime.date | None
    language: str
    label: str
    rating_value: str
    best_rating: str
    worst_rating: str
    mapped_status: str
    # Whether the label table (or the rating's number) placed it on our scale.
    is_mapped: bool

    def fields(self):
        return {field: getattr(self, field) for field in REVIEW_FIELDS}


class Lists:
    """Counts the lists met where one value belongs, taking the first of each."""

    def __init__(self):
        self.count = 0

    def first(self, value):
        if isinstance(value, list):
            self.count += 1
            return value[0] if value else None
        return value

    def text(self, value, key="name"):
        """A text, or the `key` of an object (a schema.org Thing given where its name belongs)."""
        value = self.first(value)
        if isinstance(value, dict):
            value = self.first(value.get(key))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        return value.strip() if isinstance(value, str) else ""


def publisher_name(publisher, lists):
    """
    The name of a review's publisher (an object with a `name`, or a name
    alone), the first of a list taken by `lists`. One that names no one
    (none, blank, an object without a name) is UNKNOWN_PUBLISHER: a review
    stripped of its author is still another's, never ours. One given as
    something else (a number, a list of numbers) is "", refused by
    clean_review as naming no publisher rather than taken for unknown.
    """
    if isinstance(publisher, str):
        publisher = {"name": publisher}
    if not isinstance(publisher, dict):
        return UNKNOWN_PUBLISHER if publisher is None else ""
    name = publisher.get("name")
    if name in (None, []) or (isinstance(name, str) and not name.strip()):
        return UNKNOWN_PUBLISHER
    return lists.text(name)


def review_date(value):
    """The day a date or datetime names, or raise ValueError."""
    match = DATE_AT_START.match(value)
    if not match:
        raise ValueError
    return datetime.date.fromisoformat(match.group(1))


def clean_review(values):
    """
    Check an external review's raw values (texts, keyed by ExternalReview's
    fields, and the rating's numbers as text) and return a Review, or raise
    RowError with (field, message) problems.
    """
    problems = []
    text = {key: (value or "").strip() for key, value in values.items()}
    for field, value in text.items():
        # What no database or XML output can hold, as clean_row refuses it in a claim's fields.
        if "\x00" in value:
            problems.append((field, "contains a NUL character (0x00), which no text may hold"))
        elif not value.isascii() and (surrogate := _lone_surrogate(value)):
            problems.append((field, surrogate))
        elif match := NOT_XML_TEXT.search(value):
            problems.append((field, f"holds U+{ord(match.group()):04X}, which XML cannot carry"))
    if problems:
        raise RowError(problems)
    if not text["publisher_name"]:
        problems.append(("publisher_name", "names no publisher: give its name as text"))
    for field in ("url", "publisher_site"):
        text[field] = lowercase_scheme(text[field])
        if text[field]:
            try:
                http_url_validator(text[field])
            except ValidationError:
                problems.append((field, f"{quoted(text[field])} is not an http:// or https:// URL"))
    reviewed_on = None
    if text["reviewed_on"]:
        try:
            reviewed_on = review_date(text["reviewed_on"])
        except ValueError:
            problems.append(("reviewed_on", f"{quoted(text['reviewed_on'])} is not a date"))
    if text["language"]:
        try:
            language_tag_validator(text["language"])
        except ValidationError:
            problems.append(
                ("language", f"{quoted(text['language'])} is not a language tag such as es")
            )
    for field in ("rating_value", "best_rating", "worst_rating"):
        if text[field]:
            try:
                number = Decimal(text[field])
            except InvalidOperation:
                number = None
            if number is None or not number.is_finite():
                problems.append((field, f"{quoted(text[field])} is not a number"))
    for field, limit in LIMITS.items():
        if field in text and len(text[field]) > limit:
            problems.append((field, f"is {len(text[field])} characters long; the limit is {limit}"))
    if problems:
        raise RowError(problems)
    status, is_mapped = mapped_status(
        text["label"], text["rating_value"], text["best_rating"], text["worst_rating"]
    )
    return Review(
        publisher_name=" ".join(text["publisher_name"].split()),
        publisher_site=text["publisher_site"],
        url=text["url"],
        title=text["title"],
        reviewed_on=reviewed_on,
        language=text["language"],
        label=text["label"],
        rating_value=text["rating_value"],
        best_rating=text["best_rating"],
        worst_rating=text["worst_rating"],
        mapped_status=status,
        is_mapped=is_mapped,
    )


def mapped_status(label, value, best, worst):
    """
    Our status for another desk's rating: its label by the table (a sentence
    by its leading verdict words), else its number on its scale; else the
    fallback, unmapped. A scale whose best equals its worst places nothing,
    so only the label can map it.
    """
    if label:
        found = status_for_sentence(label)
        if found is not None:
            return found.value, True
    if value:
        try:
            return status_for_rating_value(value, best=best or 5, worst=worst or 1).value, True
        except ValueError:
            pass
    return FALLBACK_STATUS.value, False


# Marks that quote a claim rather than say it, besides Unicode's initial and
# final quotation marks (categories Pi and Pf), after NFKC has made the
# fullwidth ones plain: a page may quote what its feed gives bare.
QUOTATION_MARKS = frozenset("\"'`「」『』〝〞〟")
# What may end a sentence, or not, as one copy of a text and another write it.
SENTENCE_ENDS = ".。!?…"


def claim_text_key(text):
    """
    A claim's text as a review's key compares it: without case, spacing,
    quotation marks, the full stop at its end or compatibility forms (NFKC,
    name_key), so a page and the feed it was listed in, whose texts differ
    by a full stop, a space or quotes, are one review, while an article
    listed under two claims stays two. Every other mark counts: 不是假的 and
    不是，假的 say opposite things, and 1.5% is not 15%.
    """
    key = "".join(
        character
        for character in name_key(text)
        if not character.isspace()
        and character not in QUOTATION_MARKS
        and unicodedata.category(character) not in ("Pi", "Pf")
    )
    return key.rstrip(SENTENCE_ENDS)


def _review_keys(url, publisher, claim_text, *, saved=False):
    """
    What one review is known by: its URL and its claim's text (claim_text_key;
    one article checking two claims, which the Fact Check Tools API lists
    under each, is two reviews); without a URL, its publisher and its claim's
    text. A review with a URL also matches one by that publisher of that
    claim that has none (a feed without URLs, then the page); two URLs are
    two reviews. `saved` gives the keys a recorded review is found by, else
    those a review read looks for.
    """
    text = claim_text_key(claim_text)
    by_publisher = (name_key(publisher), text)
    by_url = ("url", url, text)
    if saved:
        if url:
            return [by_url, ("publisher", *by_publisher)]
        return [("publisher", *by_publisher), ("publisher, no url", *by_publisher)]
    if url:
        return [by_url, ("publisher, no url", *by_publisher)]
    return [("publisher", *by_publisher)]


def claimant_columns(name):
    """
    The speaker columns of a claim a review names `name` as claimant of: a
    review naming none says so, as the unattributed speaker, never a guess.
    Asked by every reader, ours and other desks'.
    """
    if name:
        return {"speaker_name": name}
    return {"speaker_name": UNATTRIBUTED, "speaker_kind": SpeakerKind.UNATTRIBUTED}


def review_row(claim, review, *, file, line):
    """
    The interchange row of an external review's claim: its text, its
    claimant (or UNATTRIBUTED) and its first appearance (or a source not
    known), with no status, summary or publication, which stay the desk's.
    Raises RowError.
    """
    values = {
        "claim_text": claim["text"],
        **claimant_columns(claim.get("speaker_name")),
        "source_url": claim.get("source_url") or "",
        "source_title": claim.get("source_title") or "",
        "source_publisher": claim.get("source_publisher") or "",
    }
    if not values["source_url"] and not values["source_title"]:
        values["source_kind"] = SourceKind.NOT_KNOWN
    if claim.get("said_on"):
        values["said_on"] = claim["said_on"]
    if review.language:
        values["language"] = review.language
    row = clean_row(values, file=file, line=line)
    return row._replace(review=review)


class ExternalReviewPlan:
    """
    The external reviews of one run: which claim each attaches to, which are
    new, which fill in a saved one's empty fields, decided before anything
    is written. Costs one query to read the saved reviews.
    """

    def __init__(self, plan):
        self.plan = plan
        self.summary = plan.summary
        self.rows = []  # (row, the saved claim's id or None)
        self.in_order = []  # every review row, as the files give them
        # id(row) -> the claim of the recorded review a row reaches again, or
        # None for a review read earlier in the run
        self.known = {}
        self.saved_by_key = {}
        self.claim_rows = {}  # (speaker key, claim text) -> the row whose new claim it is
        self.new = []  # rows
        self.changed = {}  # id -> ({field: value}, row)
        self.unmapped = Counter()

    def attach(self, row, saved_claim_id):
        """Note `row`'s review: on the saved claim, or on the claim the run creates for it."""
        if saved_claim_id is None:
            key = (row.speaker_key, row.claim_text)
            if key not in self.claim_rows:
                self.claim_rows[key] = row
                self.plan.new_claims.append(row)
        self.rows.append((row, saved_claim_id))

    def set_aside_known(self, rows):
        """
        The rows left to decide once those whose review is already known are
        set aside: one recorded in the ledger, or read earlier in this run.
        Such a review keeps the claim it is on, so a page naming a claimant
        its feed left out (or the reverse) plans no claim, speaker or source
        of its own; the review itself is decided as one record in decide().
        """
        review_rows = [row for row in rows if row.review is not None]
        if not review_rows:  # a run of our own rows reads no reviews
            return rows
        columns = ["id", "claim_id", "claim__text", *REVIEW_FIELDS]
        saved_reviews = ExternalReview.objects.order_by("pk").values_list(*columns)
        # A review is known by every text its claim has had: a desk that
        # corrects a claim's wording still has the review the feed lists
        # under the words it was imported with.
        texts_had = defaultdict(set)
        for claim_id, text in (
            Claim.history.filter(id__in=ExternalReview.objects.values("claim_id"))
            .order_by()
            .values_list("id", "text")
            .distinct()
        ):
            texts_had[claim_id].add(text)
        for pk, claim_id, claim_text, *values in saved_reviews:
            saved = dict(zip(REVIEW_FIELDS, values, strict=True))
            for text in (claim_text, *sorted(texts_had[claim_id] - {claim_text})):
                for key in _review_keys(saved["url"], saved["publisher_name"], text, saved=True):
                    self.saved_by_key.setdefault(key, (pk, saved, claim_id))
        seen = set()
        for row in review_rows:
            self.in_order.append(row)
            keys = self._keys(row)
            if any(key in seen for key in keys):
                self.known[id(row)] = None
                continue
            seen.update(self._keys(row, saved=True))
            saved = next((self.saved_by_key[key] for key in keys if key in self.saved_by_key), None)
            if saved is not None:
                self.known[id(row)] = saved[2]
        return [row for row in rows if id(row) not in self.known]

    def _keys(self, row, *, saved=False):
        """The keys of `row`'s review (_review_keys)."""
        review = row.review
        return _review_keys(review.url, review.publisher_name, row.claim_text, saved=saved)

    def known_claim_ids(self):
        """The saved claims whose recorded reviews the run reaches again."""
        return {claim_id for claim_id in self.known.values() if claim_id is not None}

    def decide(self):
        if not self.in_order:
            return
        saved_by_key = self.saved_by_key
        seen = set()
        unchanged = 0
        for row in self.in_order:
            review = row.review
            if not review.is_mapped and review.label:
                self.unmapped[review.label] += 1
            keys = self._keys(row)
            if any(key in seen for key in keys):
                # The same review twice in a run (a feed and its page): one record.
                unchanged += 1
                continue
            seen.update(self._keys(row, saved=True))
            saved = next((saved_by_key[key] for key in keys if key in saved_by_key), None)
            if saved is None:
                self.new.append(row)
                continue
            pk, fields, _ = saved
            # A second source of the same review only fills in what the first left out.
            filled = {
                field: value
                for field, value in review.fields().items()
                if value not in ("", None) and fields[field] in ("", None)
            }
            if filled:
                self.changed[pk] = (filled, row)
            else:
                unchanged += 1
        self.summary.add("external reviews", "created", len(self.new))
        self.summary.add("external reviews", "updated", len(self.changed))
        self.summary.add("external reviews", "unchanged", unchanged)
        self.summary.unmapped_labels = self.unmapped

    def write(self, claim_ids):
        """
        Write the new reviews and fill in the changed ones, a batch at a time
        with their history; `claim_ids` gives the id of each new claim by its
        row's (speaker key, claim text).
        """
        saved_claims = {id(row): claim_id for row, claim_id in self.rows if claim_id}
        reviews = []
        for row in self.new:
            claim_id = saved_claims.get(id(row)) or claim_ids[(row.speaker_key, row.claim_text)]
            review = ExternalReview(claim_id=claim_id, **row.review.fields())
            review._change_reason = self.plan.importer.reason_for(row, rating=False)
            reviews.append(review)
        batch_size = self.plan.importer.batch_size
        history = self.plan.history
        for start in range(0, len(reviews), batch_size):
            bulk_create_with_history(reviews[start : start + batch_size], ExternalReview, **history)
        if self.changed:
            objs = list(ExternalReview.objects.filter(pk__in=list(self.changed)))
            fields = set()
            for obj in objs:
                changes, row = self.changed[obj.pk]
                for field, value in changes.items():
                    setattr(obj, field, value)
                    fields.add(field)
                obj._change_reason = self.plan.importer.reason_for(row, rating=False)
            bulk_update_with_history(objs, ExternalReview, sorted(fields), **history)


# The external-reviews format: JSON Lines, one review a line with its claim.
EXPORT_CLAIM_KEYS = [
    "claim_text",
    "speaker_name",
    "source_url",
    "source_title",
    "source_publisher",
    "said_on",
]
EXPORT_KEYS = [*EXPORT_CLAIM_KEYS, *REVIEW_FIELDS]


def values_for_review(review):
    """An external review and its claim (speaker and source loaded) as one line's values."""
    claim, source = review.claim, review.claim.source
    return {
        "claim_text": claim.text,
        "speaker_name": claim.speaker.name,
        "source_url": source.url,
        "source_title": source.title,
        "source_publisher": source.publisher,
        "said_on": claim.said_on.isoformat() if claim.said_on else "",
        **review.fields_for_export(),
    }


def read_external_reviews(path, name, errors, *, as_own=False):
    """
    Yield a review row for each line of an external-reviews export. Its
    reviews are other desks' whatever `as_own` says: an export of them is
    not a file of our verdicts.
    """
    for line, text in enumerate(decoded_lines(path, name, errors), start=1):
        if not text.strip():
            continue
        try:
            values = json.loads(text)
        except json.JSONDecodeError as error:
            errors.add(name, line, "json", json_error_message(error))
            continue
        except (ValueError, RecursionError):
            errors.add(name, line, "json", "cannot be read as one JSON object")
            continue
        if not isinstance(values, dict):
            errors.add(name, line, "json", "must be an object with the external-reviews keys")
            continue
        unknown = sorted(set(values) - set(EXPORT_KEYS))
        problems = [(key, f"unknown key; the keys are {', '.join(EXPORT_KEYS)}") for key in unknown]
        problems += [
            (key, "must be text")
            for key in EXPORT_KEYS
            if values.get(key) is not None and not isinstance(values[key], str)
        ]
        if problems:
            for key, message in problems:
                errors.add(name, line, key[:80], message)
            continue
        text_of = {key: values.get(key) or "" for key in EXPORT_KEYS}
        claim = {
            "text": text_of["claim_text"].strip(),
            "speaker_name": text_of["speaker_name"],
            "source_url": text_of["source_url"],
            "source_title": text_of["source_title"],
            "source_publisher": text_of["source_publisher"],
            "said_on": text_of["said_on"],
        }
        try:
            review = clean_review(
                {key: text_of[key] for key in REVIEW_FIELDS if key != "mapped_status"}
            )
            status = text_of["mapped_status"]
            if status:
                # The record's own mapping, as exported: kept, whatever the table says now.
                if status not in ClaimStatus.values:
                    raise RowError([("mapped_status", f"unknown status {quoted(status)}")])
                review = review._replace(mapped_status=status, is_mapped=True)
            if not claim["text"]:
                raise RowError([("claim_text", "is required")])
            yield review_row(claim, review, file=name, line=line)
        except RowError as error:
            for field, message in error.problems:
                errors.add(name, line, field, message)
