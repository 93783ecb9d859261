"""
ClaimReview (https://schema.org/ClaimReview), the markup fact-checkers publish
and search engines read.

Reading accepts a single ClaimReview object, a JSON array of them, a
schema.org DataFeed (`dataFeedElement`, of ClaimReviews or DataFeedItems),
`@graph` documents, reviews nested in other items, and HTML pages with
`<script type="application/ld+json">` blocks. A review by another publisher
is read as theirs (external.py), never as our verdict. Writing builds one
ClaimReview per verdict (`build_claim_review`), and a DataFeed of them.
"""

import json
import re
from collections import Counter
from json.decoder import JSONObject
from json.scanner import py_make_scanner

from django.conf import settings
from django.utils import timezone

from claims.claimreview import claim_review
from claims.interchange.external import (
    UNATTRIBUTED,
    Lists,
    clean_review,
    publisher_name,
    review_date,
    review_row,
)
from claims.interchange.files import json_error_message, read_text
from claims.interchange.jsonl import MAX_DIGITS, NESTED_TOO_DEEPLY, TOO_MANY_DIGITS
from claims.interchange.ratings import status_for_rating_value, status_for_sentence
from claims.interchange.rows import (
    MAX_LENGTHS,
    TOPIC_SEPARATOR,
    RowError,
    clean_row,
    quoted,
)
from claims.models import SourceKind, SpeakerKind, is_our_publisher

# A page is read in one pass from tag to tag (`_ld_json_blocks`); one
# pattern for a whole block took quadratic time, a minute for 600 KB of
# openers never closed. Each of these is found by a search that moves on.
TAG = re.compile(r"<(?:(script)(?=[\s/>])|!--)", re.IGNORECASE)
SCRIPT_END = re.compile(r"</script(?=[\s/>])", re.IGNORECASE)
LD_JSON_TYPE = re.compile(r"""\btype\s*=\s*["']?application/ld\+json""", re.IGNORECASE)
LD_JSON_OPENER = '<script type="application/ld+json">'
# A run of digits starts only after a non-digit: without the lookbehind, a
# match was tried, and failed, at every digit of every run of MAX_DIGITS.
LONG_NUMBER = re.compile(rf"(?<!\d)\d{{{MAX_DIGITS + 1}}}")
# Each object's offset in the text: its line is counted only when asked for.
POSITION_KEY = "\x00position"
SPACES = re.compile(r"\s*")
SCHEMA_PREFIX = re.compile(r"^(?:https?://schema\.org/|schema:)")
JSON_PATH_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
NO_CLAIMREVIEW = 'holds no ClaimReview (an object with "@type": "ClaimReview")'
EXTERNAL_ID_MAX_LENGTH = MAX_LENGTHS["external_id"]
# ratingValue, bestRating and worstRating are numbers: this is room for any
# number a rating needs ("4.5", "-1e3") and no more.
RATING_MAX_LENGTH = 32
# Where each interchange field comes from, so errors name the ClaimReview's own keys.
PATHS = {
    "external_id": "identifier",
    "claim_text": "claimReviewed",
    "speaker_name": "itemReviewed.author.name",
    "speaker_description": "itemReviewed.author.jobTitle",
    "speaker_kind": "itemReviewed.author.@type",
    "source_title": "itemReviewed.appearance.headline",
    "source_publisher": "itemReviewed.appearance.publisher.name",
    "source_url": "itemReviewed.appearance.url",
    "source_published_on": "itemReviewed.appearance.datePublished",
    "said_on": "itemReviewed.datePublished",
    "status": "reviewRating",
    "summary": "reviewBody",
    "topics": "keywords",
    "language": "inLanguage",
}


# Reading ------------------------------------------------------------------


def read_claimreview(path, name, errors, *, as_own=False):
    """
    Yield a row for each ClaimReview in the file; report every problem in
    `errors`. A review by another publisher is read as theirs (a row carrying
    its external review), unless `as_own` says the file is the desk's own.
    """
    text = read_text(path, name, errors)
    if not text or text.isspace():
        errors.add(name, 1, "file", "is empty; expected ClaimReview JSON-LD or an HTML page")
        return
    problems_before = len(errors)
    documents = list(_json_documents(text, _Lines(text), name, errors))
    if not documents:
        if len(errors) == problems_before:  # the JSON was only null
            errors.add(name, 1, "file", NO_CLAIMREVIEW)
        return
    # Counted afresh: the reviews come in the order of the text, so their
    # lines are counted in one pass from its start.
    lines = _Lines(text)
    reviews = [
        (review, lines.line_at(review[POSITION_KEY]), _place(block, place))
        for document, block in documents
        for review, place in _claim_reviews(document, lines, name, errors)
    ]
    # Several reviews on one page share its URL: a URL is a review's id only
    # when it is the file's only review at that URL.
    urls = Counter(_url_as_id(review) for review, _, _ in reviews if not _identifier(review))
    for review, line, place in reviews:
        if not (as_own or is_own_review(review)):
            row = external_review_row(review, line, place, name, errors)
            if row is not None:
                yield row
            continue
        lists = Lists()
        values, original_rating, problems = _values_for_review(review, urls, lists)
        paths = PATHS
        if values["external_id"] and not _identifier(review):
            paths = PATHS | {"external_id": "url"}
        try:
            row = clean_row(values, file=name, line=line, original_rating=original_rating)
        except RowError as error:
            problems += error.problems
        url = _first(review.get("url"))
        report_problems(
            problems,
            name=name,
            line=line,
            place=place,
            paths=paths,
            url=url if isinstance(url, str) else "",
            errors=errors,
        )
        if not problems:
            yield row._replace(lists_taken_first=lists.count)
    if not reviews:
        errors.add(name, 1, "file", NO_CLAIMREVIEW)


def _place(block, path):
    """Where a review is: its JSON path, and on a page the ld+json block holding it."""
    return f"block {block}, {path}" if block else path


def is_own_review(review):
    """
    Whether a ClaimReview is the desk's own verdict: its author (or, without
    one, its publisher) is LEDGER_PUBLISHER_NAME, as is_our_publisher decides.
    A review naming neither is another's, of UNKNOWN_PUBLISHER: only our name,
    or a run with --as-own, makes a review ours.
    """
    name = _name(review.get("author") or review.get("publisher"))
    # A name that is not text is no one's: read as another's, it is refused as naming none.
    return isinstance(name, str) and is_our_publisher(name)


class _Lines:
    """
    The line and column of offsets in a text, counted on from the offset
    asked for last: asked in the text's order, as the reader asks, the text
    is counted through once, and nothing is kept per line (a list of the
    newlines' offsets took 2.5 GB for a file of 60 million newlines). Asked
    for an earlier offset, it counts again from the start.
    """

    def __init__(self, text):
        self.text = text
        self.position, self.line, self.line_start = 0, 1, 0

    def line_and_column(self, position):
        if position < self.position:
            self.position, self.line, self.line_start = 0, 1, 0
        self.line += self.text.count("\n", self.position, position)
        last_newline = self.text.rfind("\n", self.position, position)
        if last_newline != -1:
            self.line_start = last_newline + 1
        self.position = position
        return self.line, position - self.line_start + 1

    def line_at(self, position):
        return self.line_and_column(position)[0]


def _json_documents(text, lines, name, errors):
    """The JSON documents in the text: the whole of it, or each ld+json block of a page."""
    if text.startswith("<", SPACES.match(text).end()):
        blocks, unclosed = _ld_json_blocks(text)
        if not blocks and unclosed is None:
            errors.add(name, 1, "file", f"is HTML without a {LD_JSON_OPENER} block")
        for block, (start, end) in enumerate(blocks, start=1):
            document = _parse(text, start, end, lines, name, errors, block=block)
            if document is not None:
                yield document, block
        if unclosed is not None:
            errors.add(
                name,
                lines.line_at(unclosed),
                "html",
                f"a {LD_JSON_OPENER} block is never closed (no </script> after it)",
            )
    else:
        document = _parse(text, 0, len(text), lines, name, errors)
        if document is not None:
            yield document, None


def _ld_json_blocks(text):
    """
    The (start, end) offsets of each ld+json script's content, and the
    offset of an ld+json script never closed, or None; in one pass over the
    page, each search going on from where the last ended. As a browser reads
    a page, a script's content runs to the first </script>, and a comment
    to the first -->, whatever tags they hold.
    """
    blocks = []
    position = 0
    while tag := TAG.search(text, position):
        if not tag.group(1):  # a comment
            comment_end = text.find("-->", tag.end())
            if comment_end == -1:
                break
            position = comment_end + len("-->")
            continue
        tag_end = text.find(">", tag.end())
        if tag_end == -1:  # the rest of the page is the tag's attributes
            break
        is_ld_json = LD_JSON_TYPE.search(text, tag.end(), tag_end)
        script_end = SCRIPT_END.search(text, tag_end + 1)
        if script_end is None:
            # The rest of the page is this script's content: there is no other tag.
            return blocks, tag.start() if is_ld_json else None
        if is_ld_json:
            blocks.append((tag_end + 1, script_end.start()))
        position = script_end.end()
    return blocks, None


# What extruct (the extractor most pages are checked with) also reads in an
# ld+json block, and json.loads refuses: comments (a CDATA or HTML comment
# wrapping the block, `//` lines), and a trailing comma before } or ]. Each is
# matched with the strings around it, so a "//" or ", }" inside a string is
# kept as it is. The string pattern is unrolled, and a string never closed
# runs to the end: tried again at each quote of such a string, it took
# quadratic time (minutes for 200 KB of \").
JSON_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"?'
NOT_JSON = re.compile(JSON_STRING + r"|(//[^\n]*|<!--|-->|<!\[CDATA\[|\]\]>)", re.DOTALL)
# A comma after a value, before } or ]: "[1,,]" is a value left out, not a trailing comma.
TRAILING_COMMA = re.compile(JSON_STRING + r'|(?<=[\w"\]}])(\s*,)(?=\s*[}\]])', re.DOTALL)


def _blanked(pattern, body):
    """
    The body with what `pattern`'s group matches made spaces (newlines kept),
    so every offset, and so every line and column, stays where it was.
    """

    def blank(match):
        if match.group(1) is None:  # a string: kept
            return match.group()
        return re.sub(r"[^\n]", " ", match.group())

    return pattern.sub(blank, body)


def _parse(text, start, end, lines, name, errors, *, block=None):
    """
    Parse text[start:end] as JSON, marking each object with its offset in
    the text. A page's block is parsed as a copy of its own: the json module
    counts the line of an error from the start of the text it is given, so
    parsing each broken block within the whole page counted the page through
    once a block. Control characters in strings are read (strict=False), as
    extruct does; a page's block that is not JSON is read again without its
    comments and trailing commas (see NOT_JSON), each blanked in place.
    """
    body = text if start == 0 and end == len(text) else text[start:end]
    where = f"block {block}: json" if block else "json"
    try:
        document, document_end = _decode(body, start)
    except json.JSONDecodeError as error:
        problem = error
        if block:
            body = _blanked(TRAILING_COMMA, _blanked(NOT_JSON, body))
            try:
                document, document_end = _decode(body, start)
                problem = None
            except json.JSONDecodeError as again:
                # The error of the text as JSON reads it: past the comments that hid it.
                problem = again
            except (RecursionError, ValueError):
                pass  # reported as the first reading found it
        if problem is not None:
            line, column = lines.line_and_column(start + problem.pos)
            errors.add(name, line, where, json_error_message(problem, column))
            return None
    except RecursionError:
        errors.add(name, lines.line_at(start + SPACES.match(body).end()), where, NESTED_TOO_DEEPLY)
        return None
    except ValueError:
        # A number too long for int(); report the line it is on.
        digits = LONG_NUMBER.search(body)
        errors.add(
            name, lines.line_at(start + (digits.start() if digits else 0)), where, TOO_MANY_DIGITS
        )
        return None
    if SPACES.match(body, document_end).end() != len(body):
        errors.add(
            name,
            lines.line_at(start + document_end),
            where,
            "unexpected text after the JSON document",
        )
        return None
    return document


def _decode(body, start):
    """The JSON document at the start of `body` and where it ends; objects marked with offsets."""
    decoder = json.JSONDecoder(strict=False)

    def parse_object(s_and_end, *args, **kwargs):
        obj, object_end = JSONObject(s_and_end, *args, **kwargs)
        obj[POSITION_KEY] = start + s_and_end[1] - 1
        return obj, object_end

    decoder.parse_object = parse_object
    decoder.scan_once = py_make_scanner(decoder)
    return decoder.raw_decode(body, SPACES.match(body).end())


def _types(node, lines, name, errors):
    """
    The node's @type names, without a schema.org prefix ("schema:ClaimReview",
    "https://schema.org/ClaimReview"); a @type that is not text is reported,
    and names nothing.
    """
    kind = node.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    if not all(isinstance(kind, str) for kind in kinds):
        errors.add(
            name,
            lines.line_at(node[POSITION_KEY]),
            "@type",
            "must be a type name or a list of type names",
        )
        return set()
    return {SCHEMA_PREFIX.sub("", kind) for kind in kinds}


def _claim_reviews(node, lines, name, errors, path="$"):
    """
    Every ClaimReview object in a JSON-LD document, in the text's order, with
    its JSON path: in a DataFeed's elements, a DataFeedItem's `item` (one or
    a list), a @graph, or nested in any other item (a WebPage's mainEntity,
    a NewsArticle's review). Each node is visited once.
    """
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _claim_reviews(item, lines, name, errors, f"{path}[{index}]")
    elif isinstance(node, dict):
        if "ClaimReview" in _types(node, lines, name, errors):
            yield node, path
            return
        for key, value in node.items():
            if isinstance(value, (dict, list)) and key != POSITION_KEY:
                yield from _claim_reviews(value, lines, name, errors, _path(path, key))


def _path(path, key):
    """The JSON path of `key` in the object at `path`: $.item, $["@graph"]."""
    return f"{path}.{key}" if JSON_PATH_NAME.fullmatch(key) else f"{path}[{json.dumps(key)}]"


def _first(value):
    if isinstance(value, list):
        return value[0] if value else {}
    return value if value is not None else {}


def _name(value):
    value = _first(value)
    return value.get("name", "") if isinstance(value, dict) else value


def _object(value, key_for_text):
    """A JSON-LD node as a dict: a bare string stands for its name or URL."""
    value = _first(value)
    if isinstance(value, str):
        return {key_for_text: value}
    return value if isinstance(value, dict) else {}


# schema.org's types of an author, as speaker kinds: the other Organization
# types common in fact checks (NGO, Corporation, PoliticalParty, ...) are
# organisations; an author of any other type, or none, leaves the kind alone.
SPEAKER_KINDS = {"Person": "person", "GovernmentOrganization": "government_body"}
ORGANIZATION_TYPES = frozenset(
    [
        "Organization",
        "NGO",
        "Corporation",
        "PoliticalParty",
        "NewsMediaOrganization",
        "EducationalOrganization",
        "MedicalOrganization",
        "ResearchOrganization",
        "SportsOrganization",
        "WorkersUnion",
        "Consortium",
        "PerformingGroup",
        "LocalBusiness",
    ]
)


def _speaker_kind(types):
    """The speaker kind an author's @type (a type or a list of them) names, or ""."""
    names = [
        kind.removeprefix("https://schema.org/").removeprefix("http://schema.org/")
        for kind in (types if isinstance(types, list) else [types])
        if isinstance(kind, str)
    ]
    specific = [SPEAKER_KINDS[name] for name in names if name in SPEAKER_KINDS]
    if specific:
        return specific[0]
    return "organisation" if ORGANIZATION_TYPES.intersection(names) else ""


def _values_for_review(review, urls, lists):
    """
    Our own review's interchange values, its original rating and its
    problems. What real feeds get wrong is read as for another desk's review
    (external_review_row): a list where one value belongs gives its first
    (counted by `lists`), a date its day, a claim without a claimant the
    unattributed speaker.
    """
    one = lists.first
    # _external_id takes the first of an identifier or URL given as a list: counted here.
    one(review.get("identifier"))
    one(review.get("url"))
    item = _object(one(review.get("itemReviewed")), "name")
    author = _object(one(item.get("author")), "name")
    appearance = _object(one(item.get("appearance") or item.get("firstAppearance")), "url")
    speaker_name = one(author.get("name"))
    unattributed = speaker_name is None or (
        isinstance(speaker_name, str) and not speaker_name.strip()
    )
    if unattributed:
        speaker_name = UNATTRIBUTED
    values = {
        "external_id": _external_id(review, urls),
        "claim_text": one(review.get("claimReviewed")),
        "speaker_name": speaker_name,
        "speaker_description": one(author.get("jobTitle") or author.get("description")) or "",
        "speaker_kind": (
            SpeakerKind.UNATTRIBUTED if unattributed else _speaker_kind(author.get("@type"))
        ),
        "source_title": one(appearance.get("headline") or appearance.get("name")) or "",
        "source_publisher": _name(one(appearance.get("publisher") or appearance.get("author")))
        or "",
        "source_url": one(appearance.get("url")) or "",
        "source_published_on": _day(one(appearance.get("datePublished")) or ""),
        "said_on": _day(one(item.get("datePublished")) or ""),
        "summary": one(review.get("reviewBody") or review.get("description")) or "",
        "language": _name(one(review.get("inLanguage"))) or "",
    }
    if not (item.get("appearance") or item.get("firstAppearance")):
        # Where the claim appeared is not known, and said so (as our own
        # markup of such a claim has no appearance), never made up.
        values["source_kind"] = SourceKind.NOT_KNOWN
    # What a review does not say leaves an existing claim's field as it is.
    for key in ("said_on", "summary", "language", "speaker_kind"):
        if not values[key]:
            del values[key]
    keywords = review.get("keywords")
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    if keywords and not (
        isinstance(keywords, list) and all(isinstance(keyword, str) for keyword in keywords)
    ):
        values["topics"] = ""
        return values, "", [("topics", "must be text or a list of texts")]
    if keywords:
        values["topics"] = TOPIC_SEPARATOR.join(keywords)
    try:
        values["status"], original_rating = _status(one(review.get("reviewRating")), one)
    except RowError as error:
        # Reported with the review's other problems; the row is not kept.
        values["status"], original_rating = "", ""
        return values, original_rating, error.problems
    return values, original_rating, []


# Where each external review's field comes from in a ClaimReview, so its
# problems name the element's JSON path.
REVIEW_PATHS = {
    "publisher_name": "author.name",
    "publisher_site": "author.url",
    "url": "url",
    "title": "headline",
    "reviewed_on": "datePublished",
    "language": "inLanguage",
    "label": "reviewRating.alternateName",
    "rating_value": "reviewRating.ratingValue",
    "best_rating": "reviewRating.bestRating",
    "worst_rating": "reviewRating.worstRating",
    "claim_text": "claimReviewed",
    "speaker_name": "itemReviewed.author.name",
    "source_url": "itemReviewed.appearance.url",
    "source_title": "itemReviewed.appearance.headline",
    "said_on": "itemReviewed.datePublished",
}


def external_review_row(review, line, place, name, errors):
    """Another publisher's ClaimReview as a review row, or None with its problems reported."""
    lists = Lists()
    item = _object(lists.first(review.get("itemReviewed")), "name")
    claimant = _object(lists.first(item.get("author")), "name")
    appearance = _object(lists.first(item.get("appearance") or item.get("firstAppearance")), "url")
    author = lists.first(review.get("author") or review.get("publisher"))
    publisher = _object(author, "name")
    rating = _object(lists.first(review.get("reviewRating")), "alternateName")
    language = lists.first(review.get("inLanguage"))
    if isinstance(language, dict):  # a schema.org Language: its code is its alternateName
        language = language.get("alternateName") or ""
    url = lists.text(review.get("url"))
    claim = {
        "text": lists.text(review.get("claimReviewed")),
        "speaker_name": lists.text(claimant.get("name")),
        "source_url": lists.text(appearance.get("url")),
        "source_title": lists.text(appearance.get("headline") or appearance.get("name")),
        "said_on": _day(lists.text(item.get("datePublished"))),
    }
    values = {
        "publisher_name": publisher_name(author, lists),
        "publisher_site": lists.text(publisher.get("url")),
        "url": url,
        "title": lists.text(review.get("headline") or review.get("name")),
        "reviewed_on": lists.text(review.get("datePublished")),
        "language": lists.text(language),
        "label": lists.text(rating.get("alternateName") or rating.get("name")),
        "rating_value": lists.text(rating.get("ratingValue")),
        "best_rating": lists.text(rating.get("bestRating")),
        "worst_rating": lists.text(rating.get("worstRating")),
    }
    return checked_review_row(
        claim,
        values,
        lists.count,
        name=name,
        line=line,
        place=place,
        paths=REVIEW_PATHS,
        url=url,
        errors=errors,
    )


def checked_review_row(claim, values, lists_taken_first, *, name, line, place, paths, url, errors):
    """
    The review row for `claim` and the review's `values` (read with
    `lists_taken_first` lists where one value belongs), or None with each
    problem reported at the element's place and JSON path (`paths` names
    each field's key), and its URL where it has one.
    """
    problems = []
    review = None
    try:
        review = clean_review(values)
    except RowError as error:
        problems += error.problems
    if not claim["text"]:
        problems.append(("claim_text", "is required"))
    elif review is not None:
        try:
            row = review_row(claim, review, file=name, line=line)
            return row._replace(lists_taken_first=lists_taken_first)
        except RowError as error:
            problems += error.problems
    report_problems(
        problems, name=name, line=line, place=place, paths=paths, url=url, errors=errors
    )
    return None


def report_problems(problems, *, name, line, place, paths, url, errors):
    """
    Report a review's (field, message) problems at the review's place and the
    field's JSON path (`paths` names each field's key), and its URL where it
    has one: on a one-line feed, the line alone finds nothing.
    """
    where = f" (review {url})" if url else ""
    for field, message in problems:
        errors.add(name, line, f"{place}.{paths.get(field, field)}", message + where)


def _day(value):
    """A date or datetime as the day it names, else as given (for clean_row to refuse)."""
    if not isinstance(value, str):
        return value
    try:
        return review_date(value).isoformat()
    except ValueError:
        return value


def _identifier(review):
    """
    The review's identifier as text: schema.org allows text, a PropertyValue
    (its `value`), or a list of them (the first). Any other shape is passed
    on for clean_row to refuse as not text, never turned into text itself.
    """
    identifier = _first(review.get("identifier"))
    if isinstance(identifier, dict):  # a schema.org PropertyValue ({} for none)
        identifier = identifier.get("value")
    if identifier is None or identifier == "":
        return ""
    if isinstance(identifier, int) and not isinstance(identifier, bool):
        return str(identifier)
    return identifier


def _url_as_id(review):
    """
    The review's URL, as an external id if nothing rules it out; but our own
    pages' URLs are not external ids, so re-importing our export matches
    claims as they are.
    """
    url = _first(review.get("url")) or ""
    if not isinstance(url, str) or url.startswith(settings.LEDGER_SITE_URL.rstrip("/") + "/"):
        return ""
    return url


def _external_id(review, urls):
    """
    The review's identifier, else its URL when that is the only review at it
    in the file and fits an external id; else none, and the review is matched
    by its speaker, source and claim text.
    """
    identifier = _identifier(review)
    if identifier:
        return identifier
    url = _first(review.get("url")) or ""
    if not isinstance(url, str):
        return url  # reported as url's problem
    url = _url_as_id(review)
    if urls[url] > 1 or len(url.strip()) > EXTERNAL_ID_MAX_LENGTH:
        return ""
    return url


def _status(rating, one):
    """
    Our status value and the label the review gave, or raise RowError. A
    label that is a sentence maps by its leading verdict words, as another
    desk's does, and is kept whole; `one` takes the first of a list.
    """
    rating = _first(rating)
    if not isinstance(rating, dict) or not rating:
        raise RowError([("status", "reviewRating is missing")])
    label = one(rating.get("alternateName")) or ""
    label = label.strip() if isinstance(label, str) else ""
    if label:
        status = status_for_sentence(label)
        if status is not None:
            # Our own label says nothing the status does not.
            return status.value, "" if label in (status.value, status.label) else label
    value = one(rating.get("ratingValue"))
    if value in (None, ""):
        if label:
            raise RowError([("status", f"unknown rating {quoted(label)} and no ratingValue")])
        raise RowError([("status", "has neither alternateName nor ratingValue")])
    # schema.org's defaults, also for a scale given as null or "".
    best, worst = one(rating.get("bestRating")), one(rating.get("worstRating"))
    best, worst = (5 if best in (None, "") else best), (1 if worst in (None, "") else worst)
    for key, number in (("ratingValue", value), ("bestRating", best), ("worstRating", worst)):
        # Quoted in messages and kept in the history reason: no longer than a number needs.
        length = len(number) if isinstance(number, str) else len(str(number))
        if length > RATING_MAX_LENGTH:
            message = f"{key} is {length} characters long; the limit is {RATING_MAX_LENGTH}"
            raise RowError([("status", message)])
    try:
        status = status_for_rating_value(value, best=best, worst=worst)
    except ValueError as error:
        raise RowError([("status", str(error))]) from None
    described = f"ratingValue {value} on a scale of {worst} to {best}"
    return status.value, f"{label} ({described})" if label else described


# Writing ------------------------------------------------------------------


def build_claim_review(claim, topic_names=(), *, context=True):
    """
    The claim's ClaimReview as its public page carries it (speaker and source
    loaded), plus what an export adds: the external id, so a re-import matches
    the claim, and its topics as keywords.
    """
    review = claim_review(claim)
    if not context:
        del review["@context"]
    if claim.external_id:
        review["identifier"] = claim.external_id
    if topic_names:
        review["keywords"] = list(topic_names)
    return review


def write_claimreview_feed(claims_with_topics, output):
    """
    Write a schema.org DataFeed of ClaimReviews, one element at a time, for
    (claim, topic names) pairs; claims without a verdict have no ClaimReview
    and are skipped.
    """
    head = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "DataFeed",
            "name": f"{settings.LEDGER_PUBLISHER_NAME} fact checks",
            "dateModified": timezone.now().isoformat(timespec="seconds"),
        },
        ensure_ascii=False,
        indent=2,
    )
    output.write(head[:-2] + ',\n  "dataFeedElement": [')
    separator = "\n"
    for claim, topic_names in claims_with_topics:
        if not claim.has_verdict:
            continue
        element = json.dumps(
            build_claim_review(claim, topic_names, context=False), ensure_ascii=False
        )
        output.write(f"{separator}    {element}")
        separator = ",\n"
    output.write("\n  ]\n}\n")
