"""
ClaimReview (https://schema.org/ClaimReview), the markup fact-checkers publish
and search engines read.

Reading accepts a single ClaimReview object, a JSON array of them, a
schema.org DataFeed (`dataFeedElement`), `@graph` documents, and HTML pages
with `<script type="application/ld+json">` blocks. Writing builds one
ClaimReview per verdict (`build_claim_review`), and a DataFeed of them.
"""

import bisect
import json
import re
from collections import Counter
from json.decoder import JSONObject
from json.scanner import py_make_scanner

from django.conf import settings
from django.utils import timezone

from claims.claimreview import claim_review
from claims.interchange.files import json_error_message, read_text
from claims.interchange.jsonl import MAX_DIGITS, NESTED_TOO_DEEPLY, TOO_MANY_DIGITS
from claims.interchange.ratings import status_for_label, status_for_rating_value
from claims.interchange.rows import MAX_LENGTHS, TOPIC_SEPARATOR, RowError, clean_row

LD_JSON_BLOCK = re.compile(
    r"""<script[^>]*\btype\s*=\s*["']?application/ld\+json["']?[^>]*>(.*?)</script\s*>""",
    re.IGNORECASE | re.DOTALL,
)
LONG_NUMBER = re.compile(rf"\d{{{MAX_DIGITS + 1},}}")
LINE_KEY = "\x00line"
NO_CLAIMREVIEW = 'holds no ClaimReview (an object with "@type": "ClaimReview")'
EXTERNAL_ID_MAX_LENGTH = MAX_LENGTHS["external_id"]
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


def read_claimreview(path, name, errors):
    """Yield a row for each ClaimReview in the file; report every problem in `errors`."""
    text = read_text(path, name, errors)
    if not text.strip():
        errors.add(name, 1, "file", "is empty; expected ClaimReview JSON-LD or an HTML page")
        return
    newlines = [index for index, char in enumerate(text) if char == "\n"]

    def line_at(position):
        return bisect.bisect_left(newlines, position) + 1

    problems_before = len(errors)
    documents = list(_json_documents(text, line_at, name, errors))
    if not documents:
        if len(errors) == problems_before:  # the JSON was only null
            errors.add(name, 1, "file", NO_CLAIMREVIEW)
        return
    reviews = [
        review for document in documents for review in _claim_reviews(document, name, errors)
    ]
    # Several reviews on one page share its URL: a URL is a review's id only
    # when it is the file's only review at that URL.
    urls = Counter(_url_as_id(review) for review in reviews if not _identifier(review))
    for review in reviews:
        line = review.get(LINE_KEY, 1)
        values, original_rating, problems = _values_for_review(review, urls)
        paths = PATHS
        if values["external_id"] and not _identifier(review):
            paths = PATHS | {"external_id": "url"}
        try:
            row = clean_row(values, file=name, line=line, original_rating=original_rating)
        except RowError as error:
            problems += error.problems
        for field, message in problems:
            errors.add(name, line, paths.get(field, field), message)
        if not problems:
            yield row
    if not reviews:
        errors.add(name, 1, "file", NO_CLAIMREVIEW)


def _json_documents(text, line_at, name, errors):
    """The JSON documents in the text: the whole of it, or each ld+json block of a page."""
    if text.lstrip().startswith("<"):
        blocks = list(LD_JSON_BLOCK.finditer(text))
        if not blocks:
            errors.add(
                name, 1, "file", 'is HTML without a <script type="application/ld+json"> block'
            )
        for block in blocks:
            document = _parse(text, block.start(1), block.end(1), line_at, name, errors)
            if document is not None:
                yield document
    else:
        document = _parse(text, 0, len(text), line_at, name, errors)
        if document is not None:
            yield document


def _parse(text, start, end, line_at, name, errors):
    """Parse text[start:end] as JSON, marking each object with the line it starts on."""
    decoder = json.JSONDecoder()

    def parse_object(s_and_end, *args, **kwargs):
        obj, object_end = JSONObject(s_and_end, *args, **kwargs)
        obj[LINE_KEY] = line_at(s_and_end[1] - 1)
        return obj, object_end

    decoder.parse_object = parse_object
    decoder.scan_once = py_make_scanner(decoder)
    body = text[start:end]
    skipped = len(body) - len(body.lstrip())
    try:
        # The decoder works on the whole text so positions, and lines, are the file's own.
        document, document_end = decoder.raw_decode(text, start + skipped)
    except json.JSONDecodeError as error:
        errors.add(
            name,
            error.lineno,
            "json",
            json_error_message(error),
        )
        return None
    except RecursionError:
        errors.add(name, line_at(start + skipped), "json", NESTED_TOO_DEEPLY)
        return None
    except ValueError:
        # A number too long for int(); report the line it is on.
        digits = LONG_NUMBER.search(text, start, end)
        errors.add(name, line_at(digits.start() if digits else start), "json", TOO_MANY_DIGITS)
        return None
    if text[document_end:end].strip():
        errors.add(name, line_at(document_end), "json", "unexpected text after the JSON document")
        return None
    return document


def _types(node, name, errors):
    """The node's @type names; a @type that is not text is reported, and names nothing."""
    kind = node.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    if not all(isinstance(kind, str) for kind in kinds):
        errors.add(
            name, node.get(LINE_KEY, 1), "@type", "must be a type name or a list of type names"
        )
        return set()
    return set(kinds)


def _claim_reviews(node, name, errors):
    """Every ClaimReview object in a JSON-LD document, in order."""
    if isinstance(node, list):
        for item in node:
            yield from _claim_reviews(item, name, errors)
    elif isinstance(node, dict):
        types = _types(node, name, errors)
        if "ClaimReview" in types:
            yield node
        elif "DataFeed" in types:
            yield from _claim_reviews(node.get("dataFeedElement", []), name, errors)
        elif "DataFeedItem" in types:
            yield from _claim_reviews(node.get("item", []), name, errors)
        elif "@graph" in node:
            yield from _claim_reviews(node["@graph"], name, errors)


def _first(value):
    if isinstance(value, list):
        return value[0] if value else {}
    return value if value is not None else {}


def _name(value):
    value = _first(value)
    return value.get("name", "") if isinstance(value, dict) else value


def _date(value):
    """ClaimReview dates may be datetimes; the ledger keeps the day."""
    return value[:10] if isinstance(value, str) and len(value) > 10 and value[10] == "T" else value


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


def _values_for_review(review, urls):
    item = _object(review.get("itemReviewed"), "name")
    author = _object(item.get("author"), "name")
    appearance = _object(item.get("appearance") or item.get("firstAppearance"), "url")
    values = {
        "external_id": _external_id(review, urls),
        "claim_text": review.get("claimReviewed"),
        "speaker_name": author.get("name"),
        "speaker_description": author.get("jobTitle") or author.get("description") or "",
        "speaker_kind": _speaker_kind(author.get("@type")),
        "source_title": appearance.get("headline") or appearance.get("name") or "",
        "source_publisher": _name(appearance.get("publisher") or appearance.get("author")) or "",
        "source_url": appearance.get("url") or "",
        "source_published_on": _date(appearance.get("datePublished") or ""),
        "said_on": _date(item.get("datePublished") or ""),
        "summary": review.get("reviewBody") or review.get("description") or "",
        "language": _name(review.get("inLanguage")) or "",
    }
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
        values["status"], original_rating = _status(review.get("reviewRating"))
    except RowError as error:
        # Reported with the review's other problems; the row is not kept.
        values["status"], original_rating = "", ""
        return values, original_rating, error.problems
    return values, original_rating, []


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
    url = review.get("url") or ""
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
    url = review.get("url") or ""
    if not isinstance(url, str):
        return url  # reported as url's problem
    url = _url_as_id(review)
    if urls[url] > 1 or len(url.strip()) > EXTERNAL_ID_MAX_LENGTH:
        return ""
    return url


def _status(rating):
    """Our status value and the label the review gave, or raise RowError."""
    rating = _first(rating)
    if not isinstance(rating, dict) or not rating:
        raise RowError([("status", "reviewRating is missing")])
    label = rating.get("alternateName") or ""
    label = label.strip() if isinstance(label, str) else ""
    if label:
        status = status_for_label(label)
        if status is not None:
            # Our own label says nothing the status does not.
            return status.value, "" if label in (status.value, status.label) else label
    value = rating.get("ratingValue")
    if value in (None, ""):
        if label:
            raise RowError([("status", f'unknown rating "{label}" and no ratingValue')])
        raise RowError([("status", "has neither alternateName nor ratingValue")])
    # schema.org's defaults, also for a scale given as null or "".
    best, worst = rating.get("bestRating"), rating.get("worstRating")
    best, worst = (5 if best in (None, "") else best), (1 if worst in (None, "") else worst)
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
