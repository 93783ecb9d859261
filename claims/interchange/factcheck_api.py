"""
Google's Fact Check Tools API (factchecktools v1alpha1) as an import format:
the responses of `claims:search` ({"claims": [...], "nextPageToken": ...}),
a bare array of those claims, and the `pages` responses (one ClaimReview
markup page, or {"claimReviewMarkupPages": [...]}). Every review in them is
another desk's unless its publisher is ours or the run is --as-own; either
way each becomes a review row (external.py) or, for our own, a claim row
with our verdict.
"""

from claims.interchange.claimreview import (
    POSITION_KEY,
    _day,
    _json_documents,
    _Lines,
    checked_review_row,
)
from claims.interchange.external import Lists, claimant_columns, mapped_status, publisher_name
from claims.interchange.files import read_text
from claims.interchange.rows import RowError, clean_row
from claims.models import ClaimStatus, is_our_publisher

NO_CLAIMS = (
    'holds no Fact Check Tools API claims ({"claims": [...]}, an array of claims, or '
    '"claimReviewMarkups" pages)'
)


def _claim_paths(review):
    """
    Where each field of a claims:search review comes from, as a path under
    its claim (`review` is the review's own, `claimReview[1]`): the claim's
    text, claimant and date are the claim's, the rest the review's.
    """
    return {
        "claim_text": "text",
        "speaker_name": "claimant",
        "said_on": "claimDate",
        "publisher_name": f"{review}.publisher.name",
        "publisher_site": f"{review}.publisher.site",
        "url": f"{review}.url",
        "external_id": f"{review}.url",
        "title": f"{review}.title",
        "reviewed_on": f"{review}.reviewDate",
        "language": f"{review}.languageCode",
        "label": f"{review}.textualRating",
        "status": f"{review}.textualRating",
    }


def _page_paths(markup, url_is_markups):
    """
    Where each field of a pages review comes from, as a path under its page
    (`markup` is the markup's own, `claimReviewMarkups[0]`): the publisher
    and date are the page's, the URL the markup's or else the page's, the
    claim and rating the markup's.
    """
    url = f"{markup}.url" if url_is_markups else "pageUrl"
    return {
        "publisher_name": "claimReviewAuthor.name",
        "reviewed_on": "publishDate",
        "url": url,
        "external_id": url,
        "label": f"{markup}.rating.textualRating",
        "status": f"{markup}.rating.textualRating",
        "rating_value": f"{markup}.rating.ratingValue",
        "best_rating": f"{markup}.rating.bestRating",
        "worst_rating": f"{markup}.rating.worstRating",
        "claim_text": f"{markup}.claimReviewed",
        "speaker_name": f"{markup}.claimAuthor.name",
        "source_url": f"{markup}.claimAppearances[0]",
        "said_on": f"{markup}.claimDate",
    }


def read_factcheck_api(path, name, errors, *, as_own=False):
    """Yield a row for each review in the file; report every problem in `errors`."""
    text = read_text(path, name, errors)
    if not text or text.isspace():
        errors.add(name, 1, "file", "is empty; expected Fact Check Tools API JSON")
        return
    lines = _Lines(text)
    found = 0
    for document, _ in _json_documents(text, lines, name, errors):
        for kind, node, place in _entries(document):
            # Each review's problems are named under its claim or page, by the
            # API's keys: a claim's date is the claim's, a page's the page's.
            if kind == "claim":
                line = lines.line_at(node[POSITION_KEY])
                reviews = node.get("claimReview")
                for index, review in enumerate(reviews if isinstance(reviews, list) else []):
                    if isinstance(review, dict):
                        found += 1
                        row = _claim_row(
                            node, review, f"claimReview[{index}]", place, line, name, errors, as_own
                        )
                        if row is not None:
                            yield row
            else:
                markups = node.get("claimReviewMarkups")
                for index, markup in enumerate(markups if isinstance(markups, list) else []):
                    if isinstance(markup, dict):
                        found += 1
                        line = lines.line_at(markup[POSITION_KEY])
                        row = _page_row(
                            node,
                            markup,
                            f"claimReviewMarkups[{index}]",
                            place,
                            line,
                            name,
                            errors,
                            as_own,
                        )
                        if row is not None:
                            yield row
    if not found and not errors:
        errors.add(name, 1, "file", NO_CLAIMS)


def _entries(document):
    """The API's claims ("claim") and markup pages ("page") in a response, with their JSON paths."""
    if isinstance(document, list):
        for index, node in enumerate(document):
            if isinstance(node, dict):
                yield from _entries_of_object(node, f"$[{index}]")
    elif isinstance(document, dict):
        yield from _entries_of_object(document, "$")


def _entries_of_object(node, place):
    if "claimReview" in node:
        yield "claim", node, place
    elif "claimReviewMarkups" in node:
        yield "page", node, place
    for key, kind in (("claims", "claim"), ("claimReviewMarkupPages", "page")):
        items = node.get(key)
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                yield kind, item, f"{place}.{key}[{index}]"


def _claim_row(claim, review, review_path, place, line, name, errors, as_own):
    """One `claimReview` entry (at `review_path`) of a `claims:search` claim (at `place`)."""
    lists = Lists()
    publisher = lists.first(review.get("publisher"))
    site = lists.text(publisher.get("site")) if isinstance(publisher, dict) else ""
    if site and "://" not in site:
        site = f"https://{site}"  # the API gives a site as a host name: "factcheck.afp.com"
    url = lists.text(review.get("url"))
    claim_values = {
        "text": lists.text(claim.get("text")),
        "speaker_name": lists.text(claim.get("claimant")),
        "said_on": _day(lists.text(claim.get("claimDate"))),
    }
    values = {
        "publisher_name": publisher_name(publisher, lists),
        "publisher_site": site,
        "url": url,
        "title": lists.text(review.get("title")),
        "reviewed_on": lists.text(review.get("reviewDate")),
        "language": lists.text(review.get("languageCode")),
        "label": lists.text(review.get("textualRating")),
        "rating_value": "",
        "best_rating": "",
        "worst_rating": "",
    }
    where = {"name": name, "line": line, "place": place, "url": url, "errors": errors}
    paths = _claim_paths(review_path)
    if as_own or is_our_publisher(values["publisher_name"]):
        return _own_row(claim_values, values, lists.count, paths=paths, **where)
    return checked_review_row(claim_values, values, lists.count, paths=paths, **where)


def _page_row(page, markup, markup_path, place, line, name, errors, as_own):
    """One `claimReviewMarkups` entry (at `markup_path`) of a `pages` response's page (`place`)."""
    lists = Lists()
    author = lists.first(page.get("claimReviewAuthor"))
    claimant = lists.first(markup.get("claimAuthor"))
    claimant = claimant if isinstance(claimant, dict) else {"name": claimant}
    rating = lists.first(markup.get("rating"))
    rating = rating if isinstance(rating, dict) else {}
    # The markup's own URL, else its page's.
    url_is_markups = bool(markup.get("url"))
    url = lists.text(markup.get("url") if url_is_markups else page.get("pageUrl"))
    claim_values = {
        "text": lists.text(markup.get("claimReviewed")),
        "speaker_name": lists.text(claimant.get("name")),
        "source_url": lists.text(markup.get("claimAppearances")),
        "said_on": _day(lists.text(markup.get("claimDate"))),
    }
    values = {
        "publisher_name": publisher_name(author, lists),
        "publisher_site": "",
        "url": url,
        "title": "",
        "reviewed_on": lists.text(page.get("publishDate")),
        "language": "",
        "label": lists.text(rating.get("textualRating")),
        "rating_value": lists.text(rating.get("ratingValue")),
        "best_rating": lists.text(rating.get("bestRating")),
        "worst_rating": lists.text(rating.get("worstRating")),
    }
    where = {"name": name, "line": line, "place": place, "url": url, "errors": errors}
    paths = _page_paths(markup_path, url_is_markups)
    if as_own or is_our_publisher(values["publisher_name"]):
        return _own_row(claim_values, values, lists.count, paths=paths, **where)
    return checked_review_row(claim_values, values, lists.count, paths=paths, **where)


def _own_row(claim, values, lists_taken_first, *, name, line, place, paths, url, errors):
    """Our own review from the API: the claim with our verdict, as our ClaimReview imports."""
    status, is_mapped = mapped_status(
        values["label"], values["rating_value"], values["best_rating"], values["worst_rating"]
    )
    problems = []
    if not is_mapped:
        problems.append(("label", f'unknown rating "{values["label"]}"'))
    row_values = {
        "claim_text": claim["text"],
        **claimant_columns(claim["speaker_name"]),
        "source_url": claim.get("source_url") or "",
        "source_title": "",
        "status": status if status != ClaimStatus.UNVERIFIED else "",
        "external_id": url,
    }
    if claim.get("said_on"):
        row_values["said_on"] = claim["said_on"]
    if not row_values["source_url"]:
        row_values["source_kind"] = "not_known"
    try:
        row = clean_row(row_values, file=name, line=line, original_rating=values["label"])
    except RowError as error:
        problems += error.problems
    where = f" (review {url})" if url else ""
    for field, message in problems:
        errors.add(name, line, f"{place}.{paths.get(field, field)}", message + where)
    return None if problems else row._replace(lists_taken_first=lists_taken_first)
