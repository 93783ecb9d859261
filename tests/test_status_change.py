"""
The workflow's one rule, Claim.status_change(): what a change of status or
publication asks for (permissions, a reason, a summary) and gives readers (a
correction from the status they saw, a withdrawn summary). The verbs, the
admin form and actions and the importer all ask it; here it is asked directly.
"""

import pytest
from django.core.exceptions import PermissionDenied

from claims.models import Claim, CorrectionKind

Status = Claim.Status


def change(old, new, *, was_published, published, **kwargs):
    return Claim.status_change(old, new, was_published=was_published, published=published, **kwargs)


def test_a_draft_changes_status_with_the_plain_change_permission():
    rule = change(Status.UNVERIFIED, Status.FALSE, was_published=False, published=False)

    assert rule.permissions == {"claims.change_claim"}
    assert (rule.correction, rule.previous_status) == (None, None)
    assert (rule.withdraws_summary, rule.needs_summary, rule.needs_reason) == (False, False, True)


def test_a_drafts_summary_alone_needs_no_reason():
    rule = change(
        Status.FALSE, Status.FALSE, was_published=False, published=False, summary_changed=True
    )

    assert rule.permissions == {"claims.change_claim"}
    assert not rule.needs_reason


def test_publishing_a_verdict_needs_an_editor_and_a_summary():
    rule = change(Status.FALSE, Status.FALSE, was_published=False, published=True)

    assert rule.permissions == {"claims.publish_claim"}
    assert rule.correction is None
    assert (rule.needs_summary, rule.needs_reason) == (True, True)


def test_publishing_an_unverified_claim_needs_no_summary():
    rule = change(Status.UNVERIFIED, Status.UNVERIFIED, was_published=False, published=True)

    assert rule.permissions == {"claims.publish_claim"}
    assert not rule.needs_summary


def test_rating_and_publishing_at_once_needs_both_permissions():
    rule = change(Status.IN_REVIEW, Status.TRUE, was_published=False, published=True)

    assert rule.permissions == {"claims.change_claim", "claims.publish_claim"}
    assert rule.needs_summary


def test_a_new_rating_of_a_published_claim_is_a_public_rating_change():
    rule = change(Status.FALSE, Status.MISLEADING, was_published=True, published=True)

    assert rule.permissions == {"claims.rate_published_claim"}
    assert (rule.correction, rule.previous_status) == (CorrectionKind.RATING_CHANGE, Status.FALSE)
    assert (rule.withdraws_summary, rule.needs_summary, rule.needs_reason) == (False, True, True)


def test_a_published_claim_moved_back_into_review_is_a_rating_change_not_a_retraction():
    rule = change(Status.FALSE, Status.IN_REVIEW, was_published=True, published=True)

    assert rule.permissions == {"claims.rate_published_claim"}
    assert rule.correction == CorrectionKind.RATING_CHANGE
    assert not rule.withdraws_summary
    assert not rule.needs_summary


def test_a_published_verdict_set_back_to_unverified_is_a_retraction():
    rule = change(Status.FALSE, Status.UNVERIFIED, was_published=True, published=True)

    assert rule.permissions == {"claims.retract_claim"}
    assert (rule.correction, rule.previous_status) == (CorrectionKind.RETRACTION, Status.FALSE)
    assert (rule.withdraws_summary, rule.needs_summary, rule.needs_reason) == (True, False, True)


def test_a_published_claim_in_review_set_back_to_unverified_withdraws_no_verdict():
    rule = change(Status.IN_REVIEW, Status.UNVERIFIED, was_published=True, published=True)

    assert rule.permissions == {"claims.rate_published_claim"}
    assert rule.correction == CorrectionKind.RATING_CHANGE
    assert not rule.withdraws_summary


def test_a_published_summary_alone_needs_an_editor_but_no_reason_and_no_correction():
    rule = change(
        Status.TRUE, Status.TRUE, was_published=True, published=True, summary_changed=True
    )

    assert rule.permissions == {"claims.rate_published_claim"}
    assert rule.correction is None
    assert (rule.needs_summary, rule.needs_reason) == (True, False)


def test_unpublishing_with_a_new_status_tells_readers_nothing_yet():
    rule = change(Status.FALSE, Status.TRUE, was_published=True, published=False)

    assert rule.permissions == {"claims.publish_claim", "claims.change_claim"}
    assert rule.correction is None
    assert not rule.needs_summary


def test_republishing_with_another_status_than_readers_last_saw_is_a_rating_change():
    rule = change(
        Status.TRUE,
        Status.TRUE,
        was_published=False,
        published=True,
        last_public_status=Status.FALSE,
    )

    assert rule.permissions == {"claims.publish_claim"}
    assert (rule.correction, rule.previous_status) == (CorrectionKind.RATING_CHANGE, Status.FALSE)


def test_republishing_with_the_status_readers_last_saw_issues_no_correction():
    rule = change(
        Status.TRUE,
        Status.TRUE,
        was_published=False,
        published=True,
        last_public_status=Status.TRUE,
    )

    assert rule.correction is None


@pytest.mark.parametrize("published", [False, True])
def test_no_change_asks_for_nothing(published):
    rule = change(Status.FALSE, Status.FALSE, was_published=published, published=published)

    assert rule.permissions == frozenset()
    assert (rule.correction, rule.withdraws_summary, rule.needs_reason) == (None, False, False)
    assert rule.needs_summary == published


def test_the_rule_takes_plain_status_values():
    assert change("false", "unverified", was_published=True, published=True) == change(
        Status.FALSE, Status.UNVERIFIED, was_published=True, published=True
    )


def test_the_rule_runs_no_query(db, django_assert_num_queries):
    # No queries: the callers hand it what they read (the locked row, and
    # for a republication what readers last saw).
    with django_assert_num_queries(0):
        for was_published in (False, True):
            for published in (False, True):
                for old in Status:
                    for new in Status:
                        change(
                            old,
                            new,
                            was_published=was_published,
                            published=published,
                            summary_changed=True,
                            last_public_status=Status.FALSE,
                        )


def test_check_permissions_refuses_in_the_verbs_words(reviewer, editor):
    retraction = change(Status.FALSE, Status.UNVERIFIED, was_published=True, published=True)

    with pytest.raises(
        PermissionDenied, match="ravi does not have the permission to retract a published verdict"
    ):
        Claim.check_permissions(reviewer, retraction)
    Claim.check_permissions(editor, retraction)
    # The system itself (imports, commands) is refused nothing.
    Claim.check_permissions(None, retraction)
