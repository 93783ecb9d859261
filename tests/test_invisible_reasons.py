"""
A reason, which the history keeps and a correction may quote to the public,
must have something to see: only zero-width, direction or other invisible
characters made an empty public correction note.
"""

import pytest
from django.core.exceptions import ValidationError

from claims.models.claim import reason_problem
from tests.hostile_strings import INVISIBLE


@pytest.mark.parametrize("value", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_the_one_reason_check_refuses_invisible_text(value):
    assert "no visible characters" in reason_problem(value)


@pytest.mark.parametrize(
    "value", ["Checked", "\u202eReversed but there", "數字有誤", "👍", "Fixed\u200b typo"]
)
def test_it_accepts_any_text_with_something_to_see(value):
    assert reason_problem(value) is None


@pytest.mark.parametrize("value", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_the_verbs_refuse_an_invisible_reason(make_verdict, editor, value):
    claim = make_verdict()
    with pytest.raises(ValidationError, match="no visible characters"):
        claim.rate("misleading", reason=value, by=editor)
    with pytest.raises(ValidationError, match="no visible characters"):
        claim.unpublish(reason=value, by=editor)
    claim.refresh_from_db()
    assert (claim.status, claim.is_published) == ("false", True)
    assert not claim.corrections.exists()


@pytest.mark.parametrize("value", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_correction_note_is_refused(make_claim, editor, value):
    claim = make_claim(published=True)
    with pytest.raises(ValidationError) as refusal:
        claim.issue_correction("correction", value, by=editor)
    assert "note" in refusal.value.message_dict
    assert not claim.corrections.exists()
