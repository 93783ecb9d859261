"""
The states a claim's verdict and its public corrections take: shared by the
claim, its corrections and every import and export.
"""

from django.db import models

# ClaimReview's ratingValue, worst 1 to best 5; statuses that are verdicts but
# not on the true-false scale (misleading, unproven) have none.
RATING_VALUES = {"true": 5, "mostly_true": 4, "half_true": 3, "mostly_false": 2, "false": 1}


class ClaimStatus(models.TextChoices):
    UNVERIFIED = "unverified", "Unverified"
    IN_REVIEW = "in_review", "In review"
    TRUE = "true", "True"
    MOSTLY_TRUE = "mostly_true", "Mostly true"
    HALF_TRUE = "half_true", "Half true"
    MOSTLY_FALSE = "mostly_false", "Mostly false"
    FALSE = "false", "False"
    MISLEADING = "misleading", "Misleading"
    UNPROVEN = "unproven", "Unproven"

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
    UPDATE = "update", "Update"
    CORRECTION = "correction", "Correction"
    RATING_CHANGE = "rating_change", "Rating change"
    RETRACTION = "retraction", "Retraction"
