"""
The ledger's domain: who said what, where, and what the desk found.

Split by concern: the claim and its workflow (claim.py), the states of a
verdict (statuses.py), who said it, where, and on what topic (speakers.py,
sources.py, topics.py), what the check rests on and how it was corrected
(evidence.py), other desks' reviews of a claim, never our verdicts
(external_reviews.py), the editors' sign-off of a verdict (sign_off.py), the
partners told of corrections (notices.py), and the tamper-evident ledger's
tables (ledger.py). Import them from here: `from claims.models import Claim`.

Every tracked model keeps an audit history (claims/history.py). Writes that
change a claim's public record go through the verb-named methods on Claim
(`rate`, `publish`, `unpublish`, `retract`, ...), which ask the one rule of
the workflow, `status_change()`; `save()` on its own refuses to change a
claim's status, so no path can move a verdict without a reason or, on a
published claim, without a public correction.
"""

from claims.models.base import (
    HttpURLField,
    RecordedModel,
    SluggedModel,
    SlugMaker,
    SlugQuerySet,
    http_url_validator,
    language_tag_validator,
    lookalike_key,
    lowercase_scheme,
    name_key,
    web_link_only,
    xml_text_validator,
)
from claims.models.claim import (
    CLAIM_IDENTITY,
    CLAIM_TEXT_MAX_LENGTH,
    PERMISSION_ACTIONS,
    Claim,
    ClaimQuerySet,
    OldSlug,
    SlugChange,
    StatusChange,
    slug_change,
    status_change,
)
from claims.models.evidence import Correction, Evidence, EvidenceStance
from claims.models.external_reviews import UNKNOWN_PUBLISHER, ExternalReview, is_our_publisher
from claims.models.ledger import LedgerEntry, LedgerHead
from claims.models.notices import Delivery, DeliveryStatus, Partner
from claims.models.sign_off import SignOff, Vote, VoteDecision, sign_off
from claims.models.sources import Source, SourceKind
from claims.models.speakers import Speaker, SpeakerKind
from claims.models.statuses import RATING_VALUES, ClaimStatus, CorrectionKind
from claims.models.topics import Topic, topic_name_validator

__all__ = [
    "CLAIM_IDENTITY",
    "CLAIM_TEXT_MAX_LENGTH",
    "PERMISSION_ACTIONS",
    "RATING_VALUES",
    "UNKNOWN_PUBLISHER",
    "Claim",
    "ClaimQuerySet",
    "ClaimStatus",
    "Correction",
    "CorrectionKind",
    "Delivery",
    "DeliveryStatus",
    "Evidence",
    "EvidenceStance",
    "ExternalReview",
    "HttpURLField",
    "LedgerEntry",
    "LedgerHead",
    "OldSlug",
    "Partner",
    "RecordedModel",
    "SignOff",
    "SlugChange",
    "SlugMaker",
    "SlugQuerySet",
    "SluggedModel",
    "Source",
    "SourceKind",
    "Speaker",
    "SpeakerKind",
    "StatusChange",
    "Topic",
    "Vote",
    "VoteDecision",
    "http_url_validator",
    "is_our_publisher",
    "language_tag_validator",
    "lookalike_key",
    "lowercase_scheme",
    "name_key",
    "sign_off",
    "slug_change",
    "status_change",
    "topic_name_validator",
    "web_link_only",
    "xml_text_validator",
]
