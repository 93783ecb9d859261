"""
The states a claim's verdict and its public corrections take: shared by the
claim, its corrections and every import and export.
"""

from django.db import models
from django.utils.translation import pgettext_lazy

# ClaimReview's ratingValue, worst 1 to best 5; statuses that are verdicts but
# not on the true-false scale (misleading, unproven) have none.
RATING_VALUES = {"true": 5, "mostly_true": 4, "half_true": 3, "mostly_false": 2, "false": 1}


class ClaimStatus(models.TextChoices):
    UNVERIFIED = "unverified", pgettext_lazy("verdict", "Unverified")
    IN_REVIEW = "in_review", pgettext_lazy("verdict", "In review")
    TRUE = "true", pgettext_lazy("verdict", "True")
    MOSTLY_TRUE = "mostly_true", pgettext_lazy("verdict", "Mostly true")
    HALF_TRUE = "half_true", pgettext_lazy("verdict", "Half true")
    MOSTLY_FALSE = "mostly_false", pgettext_lazy("verdict", "Mostly false")
    FALSE = "false", pgettext_lazy("verdict", "False")
    MISLEADING = "misleading", pgettext_lazy("verdict", "Misleading")
    UNPROVEN = "unproven", pgettext_lazy("verdict", "Unproven")

    @property
    def is_verdict(self):
        return self not in (ClaimStatus.UNVERIFIED, ClaimStatus.IN_REVIEW)

    @property
    def rating_value(self):
        """ClaimReview ratingValue (1 worst, 5 best), or None where the scale has no number."""
        return RATING_VALUES.get(self.value)

    @classmethod
    def verdicts(cls):
        return [status for status in cls if status.is_verdict]


class CorrectionKind(models.TextChoices):
    UPDATE = "update", pgettext_lazy("correction kind", "Update")
    CORRECTION = "correction", pgettext_lazy("correction kind", "Correction")
    RATING_CHANGE = "rating_change", pgettext_lazy("correction kind", "Rating change")
    RETRACTION = "retraction", pgettext_lazy("correction kind", "Retraction")
