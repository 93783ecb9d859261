"""
Other desks' checks of a claim: their ClaimReview, imported from a feed, a
page or the Fact Check Tools API, kept as theirs. An external review never
sets the claim's status, never publishes it, and never enters our own
ClaimReview output (the page's JSON-LD, the exports, the feeds): it tells a
reviewer who has already checked the claim, and readers who else did.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from claims.history import HistoricalRecords
from claims.models.base import (
    HttpURLField,
    RecordedModel,
    language_tag_validator,
    name_key,
    web_link_only,
    xml_text_validator,
)
from claims.models.statuses import ClaimStatus

# The longest label kept: some desks write a paragraph in alternateName.
EXTERNAL_LABEL_MAX_LENGTH = 500
# The rating's numbers as the review gave them ("4.5", "-1"), text so that
# nothing is rounded.
RATING_NUMBER_MAX_LENGTH = 32


# The publisher recorded for a ClaimReview naming no organisation (no author
# and no publisher, or one without a name): a review whose author was stripped
# is still someone else's, and is shown as of a publisher not known.
UNKNOWN_PUBLISHER = "Unknown publisher"


def is_our_publisher(name):
    """
    Whether a review's author or publisher is this desk (LEDGER_PUBLISHER_NAME),
    by name as speakers are matched: the one test of whose review a
    ClaimReview is, asked by every reader that imports reviews. Only our name
    makes a review ours (or a run with --as-own): a review naming no one is
    not, so a scraped review with its author stripped never sets our status.
    """
    return bool(name) and name_key(name) == name_key(settings.LEDGER_PUBLISHER_NAME)


class ExternalReviewQuerySet(models.QuerySet):
    def for_list(self):
        """A list of reviews with their claims: one query."""
        return self.select_related("claim")


class ExternalReview(RecordedModel):
    """Another organisation's published check of a claim, as it published it."""

    claim = models.ForeignKey(
        "claims.Claim",
        on_delete=models.CASCADE,
        related_name="external_reviews",
        verbose_name=_("claim"),
    )
    publisher_name = models.CharField(
        _("publisher"), max_length=200, validators=[xml_text_validator]
    )
    publisher_site = HttpURLField(_("publisher's site"), blank=True)
    url = HttpURLField(_("review URL"), blank=True)
    title = models.CharField(
        _("title"), max_length=500, blank=True, validators=[xml_text_validator]
    )
    reviewed_on = models.DateField(_("review date"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=35, blank=True, validators=[language_tag_validator]
    )
    label = models.CharField(
        _("label"),
        max_length=EXTERNAL_LABEL_MAX_LENGTH,
        blank=True,
        validators=[MaxLengthValidator(EXTERNAL_LABEL_MAX_LENGTH), xml_text_validator],
        help_text=_("The rating exactly as the publisher wrote it."),
    )
    rating_value = models.CharField(
        _("rating value"), max_length=RATING_NUMBER_MAX_LENGTH, blank=True
    )
    best_rating = models.CharField(
        _("best rating"), max_length=RATING_NUMBER_MAX_LENGTH, blank=True
    )
    worst_rating = models.CharField(
        _("worst rating"), max_length=RATING_NUMBER_MAX_LENGTH, blank=True
    )
    mapped_status = models.CharField(
        _("mapped status"),
        max_length=20,
        choices=ClaimStatus.choices,
        default=ClaimStatus.UNVERIFIED,
        help_text=_(
            "Their label on our scale; Unverified when the label table does not know it."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ExternalReviewQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "-reviewed_on", "publisher_name", "pk"]
        verbose_name = _("external review")
        verbose_name_plural = _("external reviews")
        indexes = [
            # A claim's page lists its external reviews, newest first.
            models.Index(fields=["claim", "reviewed_on"], name="external_review_claim_idx"),
        ]
        constraints = [
            # A review is its URL and its claim: the same review read from a
            # feed and from its page is one record, and one article checking
            # two claims is a review of each.
            models.UniqueConstraint(
                fields=["claim", "url"],
                condition=~Q(url=""),
                name="external_review_claim_url_unique",
                violation_error_message=_("This claim already has a review with this URL."),
            ),
            models.CheckConstraint(
                condition=Q(mapped_status__in=ClaimStatus.values),
                name="external_review_status_valid",
                violation_error_message=_("Unknown status."),
            ),
            web_link_only("url", "external_review"),
            web_link_only("publisher_site", "external_review"),
        ]

    def __str__(self):
        return f"{self.publisher_name}: {self.label or self.get_mapped_status_display()}"

    def fields_for_export(self):
        """The review's own fields as the external-reviews export writes them."""
        return {
            "publisher_name": self.publisher_name,
            "publisher_site": self.publisher_site,
            "url": self.url,
            "title": self.title,
            "reviewed_on": self.reviewed_on.isoformat() if self.reviewed_on else "",
            "language": self.language,
            "label": self.label,
            "rating_value": self.rating_value,
            "best_rating": self.best_rating,
            "worst_rating": self.worst_rating,
            "mapped_status": self.mapped_status,
        }
