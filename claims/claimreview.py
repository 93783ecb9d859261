"""
schema.org ClaimReview for a verdict: the JSON-LD on its public page and each
element of the ClaimReview export (claims/interchange/claimreview.py adds only
what an export carries besides: the external id and the topics). It is built
from the same fields the page shows, so the page, its markup and the export agree.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.safestring import mark_safe

from claims.models import SpeakerKind

# Inside <script>, "</script>" or "<!--" in a claim would end or alter the
# element; escaping <, > and & as JSON \u escapes keeps the JSON identical.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute_url(path):
    return f"{settings.LEDGER_SITE_URL}{path}"


def claim_review(claim):
    """
    The ClaimReview for `claim`, or None when its status is not a verdict
    (unverified, in review). Reads claim.speaker and claim.source.
    """
    if not claim.has_verdict:
        return None
    # An exported draft verdict has no publication date yet; its last change stands in.
    published = claim.published_at or claim.updated_at
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": absolute_url(claim.get_absolute_url()),
        "claimReviewed": claim.text,
        "datePublished": published.date().isoformat(),
        "dateModified": claim.updated_at.isoformat(),
        "author": {
            "@type": "Organization",
            "name": settings.LEDGER_PUBLISHER_NAME,
            "url": absolute_url("/"),
        },
        "itemReviewed": _item_reviewed(claim),
        "reviewRating": rating(claim),
    }
    if claim.summary:
        review["reviewBody"] = claim.summary
    if claim.language:
        review["inLanguage"] = claim.language
    return review


def rating(claim):
    verdict = claim.verdict
    # Data, not the page's words: the label as written (English) in either
    # language, as exports write it and importers read it back.
    with translation.override(None):
        value = {"@type": "Rating", "alternateName": str(verdict.label)}
    if verdict.rating_value is not None:
        value.update(ratingValue=verdict.rating_value, bestRating=5, worstRating=1)
    return value


def _item_reviewed(claim):
    item = {"@type": "Claim"}
    if not claim.speaker.is_unattributed:
        # Nobody named: schema.org's author is left out, not given as a person.
        item["author"] = _speaker(claim.speaker)
    # Only the claim's own date: the source's is in the appearance, and an
    # import reads this one back as said_on.
    if claim.said_on:
        item["datePublished"] = claim.said_on.isoformat()
    # A source not known has no appearance to give: none is made up.
    if not claim.source.is_not_known:
        appearance = _appearance(claim.source)
        item["firstAppearance"] = appearance
        item["appearance"] = [appearance]
    return item


def _speaker(speaker):
    if speaker.kind == SpeakerKind.PERSON:
        author = {"@type": "Person", "name": speaker.name}
        if speaker.description:
            author["jobTitle"] = speaker.description
    else:
        # GovernmentOrganization is schema.org's Organization for a government
        # body: readers of the markup see an organisation either way, and an
        # import of it gets the kind back.
        kind = "GovernmentOrganization" if speaker.kind == SpeakerKind.GOVERNMENT_BODY else None
        author = {"@type": kind or "Organization", "name": speaker.name}
        if speaker.description:
            author["description"] = speaker.description
    if speaker.same_as:
        author["sameAs"] = speaker.same_as
    return author


def _appearance(source):
    work = {"@type": "CreativeWork"}
    if source.url:
        work["url"] = source.url
    if source.title:
        work["headline"] = source.title
    if source.publisher:
        work["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.published_on:
        work["datePublished"] = source.published_on.isoformat()
    return work


def as_script_json(data):
    """JSON safe to place between <script type="application/ld+json"> tags."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))
