"""
From other desks' rating labels and numbers to our verification statuses.

A label is compared ignoring case, punctuation and spacing, so "Pants on
Fire!", "pants-fire" and "PANTS ON FIRE" are one label.
"""

import functools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import translation

from claims.models import RATING_VALUES, ClaimStatus

S = ClaimStatus

# Each scale's labels, kept apart so a reader can check one against its source.
# Our labels as written in the code (English): files are data, read the same
# whatever language is active (claims/languages.py).
with translation.override(None):
    OUR_LABELS = {status.value: status for status in S} | {
        str(status.label): status for status in S
    }
POLITIFACT = {
    "True": S.TRUE,
    "Mostly True": S.MOSTLY_TRUE,
    "Half True": S.HALF_TRUE,
    "Mostly False": S.MOSTLY_FALSE,
    "False": S.FALSE,
    "Pants on Fire": S.FALSE,
    # PolitiFact's name for "Mostly False" until 2011.
    "Barely True": S.MOSTLY_FALSE,
}
# LIAR (Wang 2017) writes PolitiFact's labels in its own spelling.
LIAR = {
    "true": S.TRUE,
    "mostly-true": S.MOSTLY_TRUE,
    "half-true": S.HALF_TRUE,
    "barely-true": S.MOSTLY_FALSE,
    "false": S.FALSE,
    "pants-fire": S.FALSE,
}
AVERITEC = {
    "Supported": S.TRUE,
    "Refuted": S.FALSE,
    "Not Enough Evidence": S.UNPROVEN,
    "Conflicting Evidence/Cherrypicking": S.MISLEADING,
}
# Labels other fact-checkers publish often enough to be worth knowing.
COMMON = {
    "Misleading": S.MISLEADING,
    "Missing context": S.MISLEADING,
    "Needs context": S.MISLEADING,
    "Unproven": S.UNPROVEN,
    "Unsupported": S.UNPROVEN,
    "Unsubstantiated": S.UNPROVEN,
    "Mixture": S.HALF_TRUE,
    "Partly false": S.MOSTLY_FALSE,
    "Correct": S.TRUE,
    "Accurate": S.TRUE,
    "Incorrect": S.FALSE,
    "Fake": S.FALSE,
}
SCALES = {
    "ours": OUR_LABELS,
    "PolitiFact": POLITIFACT,
    "LIAR": LIAR,
    "AVeriTeC": AVERITEC,
    "common": COMMON,
}


def _normalise(label):
    return " ".join(re.sub(r"[^\w]+", " ", label.casefold()).split())


LABELS = {_normalise(label): status for table in SCALES.values() for label, status in table.items()}
STATUS_FOR_RATING_VALUE = {value: ClaimStatus(status) for status, value in RATING_VALUES.items()}


@functools.lru_cache(maxsize=1024)
def status_for_label(label):
    """Our status for a label of any known scale, or None."""
    return LABELS.get(_normalise(label))


def status_for_rating_value(value, *, best=5, worst=1):
    """
    Our status for a ClaimReview ratingValue on a scale from `worst` to `best`
    (schema.org's defaults are 1 and 5), rescaled to our 1 to 5. Raises
    ValueError with a message naming what is wrong.
    """
    try:
        value, best, worst = (Decimal(str(number)) for number in (value, best, worst))
    except InvalidOperation:
        value = None
    # Decimal and JSON both read "NaN" and "Infinity", which no scale can place.
    if value is None or not all(number.is_finite() for number in (value, best, worst)):
        raise ValueError("ratingValue, bestRating and worstRating must be finite numbers")
    if best == worst:
        raise ValueError("bestRating and worstRating are equal, so the scale has no range")
    if not min(best, worst) <= value <= max(best, worst):
        raise ValueError(f"ratingValue {value} is outside the scale {worst} to {best}")
    try:
        position = (value - worst) / (best - worst)
        step = int((1 + 4 * position).to_integral_value(ROUND_HALF_UP))
    except ArithmeticError:
        # Decimal takes exponents such as 1e999999999, which overflow its context here.
        raise ValueError(
            "ratingValue, bestRating and worstRating are too large or too small to place on a scale"
        ) from None
    return STATUS_FOR_RATING_VALUE[step]
