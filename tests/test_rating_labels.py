"""Other scales' labels and numbers map onto our statuses."""

import pytest

from claims.interchange.ratings import status_for_label, status_for_rating_value


@pytest.mark.parametrize(
    ("label", "status"),
    [
        ("True", "true"),
        ("Mostly True", "mostly_true"),
        ("Half True", "half_true"),
        ("half-true", "half_true"),
        ("Mostly False", "mostly_false"),
        ("False", "false"),
        ("Pants on Fire!", "false"),
        ("pants-fire", "false"),
        ("Barely True", "mostly_false"),
        ("barely-true", "mostly_false"),
        ("Misleading", "misleading"),
        ("Unproven", "unproven"),
        ("Supported", "true"),
        ("Refuted", "false"),
        ("Not Enough Evidence", "unproven"),
        ("Conflicting Evidence/Cherrypicking", "misleading"),
        ("in_review", "in_review"),
        ("  MOSTLY   true ", "mostly_true"),
    ],
)
def test_known_labels_map_to_our_statuses(label, status):
    assert status_for_label(label) == status


def test_an_unknown_label_maps_to_nothing():
    assert status_for_label("Sort of") is None


@pytest.mark.parametrize(
    ("value", "best", "worst", "status"),
    [(5, 5, 1, "true"), (3, 5, 1, "half_true"), (1, 5, 1, "false"), (7, 10, 0, "mostly_true")],
)
def test_rating_values_are_rescaled_from_the_declared_scale(value, best, worst, status):
    assert status_for_rating_value(value, best=best, worst=worst) == status


def test_a_rating_value_off_the_scale_is_refused():
    with pytest.raises(ValueError, match="outside the scale"):
        status_for_rating_value(6, best=5, worst=1)
