"""Rating, publishing, unpublishing and retracting a claim, and the corrections they leave."""

import pytest
from django.core.exceptions import ValidationError

from claims.models import Claim, Correction


def test_publishing_a_verdict_without_a_summary_is_refused(make_claim, editor):
    claim = make_claim()
    claim.rate(Claim.Status.FALSE, reason="Contradicted by the budget papers", by=editor)

    with pytest.raises(ValidationError, match="summary"):
        claim.publish(by=editor)
    claim.refresh_from_db()
    assert not claim.is_published


def test_publishing_records_the_editor_and_sets_the_date(make_claim, editor, reviewer):
    claim = make_claim()
    claim.rate(
        Claim.Status.MOSTLY_FALSE,
        summary="The figure counts only one district.",
        reason="Checked against the census",
        by=reviewer,
    )
    claim.publish(by=editor, reason="Signed off by the desk editor")

    claim.refresh_from_db()
    assert claim.is_published
    entry = claim.history.first()
    assert entry.published_at == claim.published_at
    assert (entry.history_user, entry.history_change_reason) == (
        editor,
        "Signed off by the desk editor",
    )
    assert Claim.objects.published().filter(pk=claim.pk).exists()


def test_rating_a_draft_issues_no_correction(make_claim, editor):
    claim = make_claim()
    claim.rate(Claim.Status.TRUE, summary="Matches the record.", reason="Checked", by=editor)
    assert not claim.corrections.exists()


def test_changing_a_published_verdict_issues_a_rating_change_correction(
    make_claim, editor, make_editor
):
    claim = make_claim(status=Claim.Status.FALSE, summary="No such law exists.", published=True)
    # Another editor signs off the new words: the one who writes them cannot.
    claim.approve(
        by=make_editor(), status="misleading", summary="The law exists but says something else."
    )

    claim.rate(
        Claim.Status.MISLEADING,
        summary="The law exists but says something else.",
        reason="A reader sent us the gazette notice",
        by=editor,
    )

    (correction,) = claim.corrections.all()
    assert correction.kind == Correction.Kind.RATING_CHANGE
    assert (correction.previous_status, correction.new_status) == ("false", "misleading")
    assert correction.note == "A reader sent us the gazette notice"
    assert correction.created_by == editor
    entry = correction.history.get()
    assert (entry.history_user, entry.history_change_reason) == (
        editor,
        "A reader sent us the gazette notice",
    )


def test_moving_a_published_claim_back_into_review_is_a_rating_change(make_claim, editor):
    claim = make_claim(status=Claim.Status.FALSE, summary="Not so.", published=True)
    claim.rate(Claim.Status.IN_REVIEW, reason="Now re-checking", by=editor)
    correction = claim.corrections.get()
    assert (correction.kind, correction.new_status) == (Correction.Kind.RATING_CHANGE, "in_review")


def test_a_summary_edit_alone_issues_no_correction(make_claim, editor, make_editor):
    claim = make_claim(status=Claim.Status.TRUE, summary="Matches the record.", published=True)
    claim.approve(by=make_editor(), status="true", summary="Matches the 2021 record.")
    claim.rate(Claim.Status.TRUE, summary="Matches the 2021 record.", reason="Typo", by=editor)
    assert not claim.corrections.exists()
    assert claim.history.first().summary == "Matches the 2021 record."


def test_rating_with_nothing_changed_writes_nothing(make_claim, editor):
    claim = make_claim()
    assert claim.rate(Claim.Status.UNVERIFIED, reason="No change", by=editor) is False
    assert claim.history.count() == 1


def test_retracting_a_published_verdict_keeps_the_claim_public_with_a_retraction(
    make_claim, editor
):
    claim = make_claim(status=Claim.Status.FALSE, summary="Not so.", published=True)

    claim.retract(reason="Our source was a forged document", by=editor)

    claim.refresh_from_db()
    assert claim.is_published
    assert (claim.status, claim.summary) == (Claim.Status.UNVERIFIED, "")
    assert claim.history.first().history_change_reason == "Our source was a forged document"
    correction = claim.corrections.get()
    assert correction.kind == Correction.Kind.RETRACTION
    assert (correction.previous_status, correction.new_status) == ("false", "unverified")


def test_only_a_published_verdict_can_be_retracted(make_claim, editor):
    with pytest.raises(ValidationError, match="published verdict"):
        make_claim(status=Claim.Status.FALSE, summary="Not so.").retract(reason="x", by=editor)


def test_unpublishing_needs_a_reason_and_keeps_the_history(make_claim, editor):
    claim = make_claim(published=True)
    with pytest.raises(ValidationError):
        claim.unpublish(reason="", by=editor)

    claim.unpublish(reason="Published by mistake before the check", by=editor)

    claim.refresh_from_db()
    assert not claim.is_published
    assert not Claim.objects.published().filter(pk=claim.pk).exists()
    assert claim.history.first().history_change_reason == "Published by mistake before the check"
    assert claim.history.count() == 3


def test_a_correction_note_on_a_published_claim(make_claim, editor):
    claim = make_claim(published=True)
    correction = claim.issue_correction(
        Correction.Kind.CORRECTION, "We misspelled the minister's name.", by=editor
    )
    assert correction.history.get().history_user == editor
    with pytest.raises(ValidationError):
        claim.issue_correction(Correction.Kind.RATING_CHANGE, "Sneaky", by=editor)
    with pytest.raises(ValidationError):
        make_claim().issue_correction(Correction.Kind.UPDATE, "Draft", by=editor)


def test_assigning_a_reviewer_is_recorded(make_claim, editor, reviewer):
    claim = make_claim()
    claim.assign(reviewer, by=editor)
    entry = claim.history.first()
    assert (entry.reviewer_id, entry.history_user) == (reviewer.pk, editor)
    assert entry.history_change_reason == "Assigned to Ravi"


def test_a_correction_names_the_status_readers_saw_even_from_a_stale_copy(
    make_claim, editor, make_editor
):
    claim = make_claim(status=Claim.Status.FALSE, summary="Not so.", published=True)
    stale_copy = Claim.objects.get(pk=claim.pk)
    second = make_editor()
    claim.approve(by=second, status="misleading", summary="Not so.")
    claim.approve(by=second, status="true", summary="It is so.")
    claim.rate(Claim.Status.MISLEADING, reason="New gazette notice", by=editor)

    stale_copy.rate(Claim.Status.TRUE, summary="It is so.", reason="Reader's document", by=editor)

    latest = claim.corrections.order_by("-pk").first()
    assert (latest.previous_status, latest.new_status) == ("misleading", "true")


def test_a_refused_rating_leaves_the_claim_as_it_was(make_claim, editor):
    claim = make_claim(published=True)
    with pytest.raises(ValidationError, match="summary"):
        claim.rate(Claim.Status.FALSE, reason="No summary given", by=editor)
    assert claim.status == Claim.Status.UNVERIFIED
    claim.context = "a later, unrelated edit"
    claim.save_recorded(reason="Context", by=editor)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.UNVERIFIED


def test_a_stale_copy_cannot_put_back_an_old_verdict_with_a_plain_save(
    make_claim, editor, make_editor
):
    claim = make_claim(status=Claim.Status.FALSE, summary="Not so.", published=True)
    stale_copy = Claim.objects.get(pk=claim.pk)
    claim.approve(by=make_editor(), status="true", summary="It is so.")
    claim.rate(Claim.Status.TRUE, summary="It is so.", reason="New records", by=editor)

    with pytest.raises(ValidationError, match="rate"):
        stale_copy.save()
    partial_copy = Claim.objects.only("text").get(pk=claim.pk)
    partial_copy.status = Claim.Status.FALSE
    with pytest.raises(ValidationError, match="rate"):
        partial_copy.save()

    claim.refresh_from_db()
    assert claim.status == Claim.Status.TRUE


def test_republishing_with_another_verdict_tells_readers_what_they_last_saw(
    make_claim, editor, reviewer
):
    claim = make_claim(status=Claim.Status.FALSE, summary="Not so.", published=True)
    claim.unpublish(reason="Re-checking off the public site", by=editor)
    claim.rate(Claim.Status.TRUE, summary="It is so.", reason="New records", by=reviewer)
    assert not claim.corrections.exists()

    claim.publish(by=editor, reason="Re-checked")

    correction = claim.corrections.get()
    assert correction.kind == Correction.Kind.RATING_CHANGE
    assert (correction.previous_status, correction.new_status) == ("false", "true")


def test_republishing_with_the_same_verdict_issues_no_correction(make_claim, editor):
    claim = make_claim(status=Claim.Status.FALSE, summary="Not so.", published=True)
    claim.unpublish(reason="Briefly withdrawn", by=editor)
    claim.publish(by=editor, reason="Back")
    assert not claim.corrections.exists()


def test_a_refused_rating_from_a_stale_copy_leaves_that_copy_usable(make_claim, editor):
    claim = make_claim(published=True)
    stale_copy = Claim.objects.get(pk=claim.pk)
    # In review is no verdict: the panel has nothing to sign off.
    claim.rate(Claim.Status.IN_REVIEW, reason="Checking", by=editor)

    with pytest.raises(ValidationError, match="summary"):
        stale_copy.rate(Claim.Status.FALSE, reason="No summary given", by=editor)
    stale_copy.refresh_from_db()
    stale_copy.context = "an unrelated edit"
    stale_copy.save_recorded(reason="Context", by=editor)

    claim.refresh_from_db()
    assert (claim.status, claim.context) == (Claim.Status.IN_REVIEW, "an unrelated edit")


def test_rating_a_published_verdict_unverified_is_a_retraction(make_claim, editor, reviewer):
    from django.core.exceptions import PermissionDenied

    claim = make_claim(status=Claim.Status.FALSE, summary="Not so.", published=True)
    with pytest.raises(PermissionDenied, match="retract a published verdict"):
        claim.rate(Claim.Status.UNVERIFIED, reason="Withdrawn", by=reviewer)

    claim.rate(Claim.Status.UNVERIFIED, summary="Kept?", reason="Our source recanted", by=editor)

    claim.refresh_from_db()
    assert (claim.status, claim.summary, claim.is_published) == ("unverified", "", True)
    correction = claim.corrections.get()
    assert (correction.kind, correction.previous_status) == (Correction.Kind.RETRACTION, "false")


def test_the_system_acts_under_the_account_it_names(make_claim, make_topic, django_user_model):
    account = django_user_model.objects.create_user("ledger-import")
    claim = make_claim(status=Claim.Status.FALSE, summary="Not so.")

    claim.publish(by=None, reason="Imported", history_user=account)
    claim.rate(
        Claim.Status.TRUE, summary="It is so.", reason="Re-imported", by=None, history_user=account
    )
    claim.set_topics([make_topic()], reason="Re-imported", by=None, history_user=account)
    claim.retract(reason="Withdrawn upstream", by=None, history_user=account)
    claim.unpublish(reason="Removed upstream", by=None, history_user=account)

    assert {entry.history_user for entry in claim.history.all()[:5]} == {account}
    assert {correction.created_by for correction in claim.corrections.all()} == {account}
    assert claim.corrections.count() == 2


def test_publishing_at_a_given_date_keeps_it(make_claim):
    from datetime import UTC, datetime

    claim = make_claim()
    published_at = datetime(2021, 10, 26, 9, 0, tzinfo=UTC)

    claim.publish(by=None, reason="Imported", at=published_at)

    claim.refresh_from_db()
    assert claim.published_at == published_at
