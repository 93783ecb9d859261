"""
An import changes what readers see only as the Claim workflow would: a moved
published verdict issues a correction, a withdrawn one is a retraction, a
republished claim tells readers how it differs from what they last saw, an
empty status leaves a claim's status alone, and --user may only do what that
user may do in the admin.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError

from claims.models import Claim, Correction, LedgerEntry
from tests.interchange_samples import HEADER, csv_row

PUBLISHED_HEADER = HEADER.strip() + ",published_at\n"


def published_row(**values):
    return csv_row(**values).strip() + ',"2024-01-02T10:00:00Z"\n'


@pytest.fixture
def published_false(make_claim, editor, reviewer):
    """hk-1 as the sample row has it, published as False."""
    claim = make_claim(
        external_id="hk-1",
        text="No direct threat had been made against the offices.",
        context="speaking from London",
    )
    claim.rate(
        "false", reason="Checked", by=reviewer, summary="The police had written to the group."
    )
    claim.publish(by=editor)
    return claim


def test_republishing_with_another_status_issues_the_correction_publish_would(
    import_claims, write_file, published_false, editor, make_editor
):
    published_false.unpublish(reason="Rechecking", by=editor)
    # The file writes the new verdict as Erin's: another editor signed its words off.
    published_false.approve(
        by=make_editor(), status="true", summary="The police had written to the group."
    )

    import_claims(
        write_file("claims.csv", PUBLISHED_HEADER + published_row(status="true")),
        "--user",
        "erin",
    )

    published_false.refresh_from_db()
    assert published_false.is_published
    assert published_false.status == Claim.Status.TRUE
    correction = Correction.objects.get(claim=published_false)
    assert correction.kind == Correction.Kind.RATING_CHANGE
    assert (correction.previous_status, correction.new_status) == ("false", "true")
    assert correction.created_by == editor


def test_republishing_with_the_last_public_status_issues_no_correction(
    import_claims, write_file, published_false, editor
):
    published_false.unpublish(reason="Rechecking", by=editor)

    import_claims(write_file("claims.csv", PUBLISHED_HEADER + published_row(status="false")))

    published_false.refresh_from_db()
    assert published_false.is_published
    assert not Correction.objects.exists()


def test_an_empty_status_leaves_a_claims_status_alone(import_claims, write_file, published_false):
    import_claims(write_file("claims.csv", HEADER + csv_row(status="")))

    published_false.refresh_from_db()
    assert published_false.status == Claim.Status.FALSE
    assert published_false.summary == "The police had written to the group."
    assert not Correction.objects.exists()


def test_an_empty_status_makes_a_new_claim_unverified(import_claims, write_file):
    import_claims(write_file("claims.csv", HEADER + csv_row(status="", summary="")))

    assert Claim.objects.get().status == Claim.Status.UNVERIFIED


def test_withdrawing_a_published_verdict_is_a_retraction_as_retract_does(
    import_claims, write_file, published_false, editor
):
    path = write_file("claims.csv", HEADER + csv_row(status="unverified", summary=""))
    import_claims(path, "--user", "erin")

    published_false.refresh_from_db()
    assert published_false.status == Claim.Status.UNVERIFIED
    assert published_false.summary == ""
    assert published_false.is_published
    correction = Correction.objects.get(claim=published_false)
    assert correction.kind == Correction.Kind.RETRACTION
    assert (correction.previous_status, correction.new_status) == ("false", "unverified")
    assert correction.created_by == editor
    # The same file again changes nothing.
    histories, entries = Claim.history.count(), LedgerEntry.objects.count()
    assert "claims: 0 created, 0 updated, 1 unchanged" in import_claims(path, "--user", "erin")
    assert (Claim.history.count(), LedgerEntry.objects.count()) == (histories, entries)


def test_a_retraction_that_keeps_the_withdrawn_summary_is_refused(
    import_claims, write_file, published_false, editor
):
    # Kept, the summary would be taken off by this run and put back by the next.
    path = write_file("claims.csv", HEADER + csv_row(status="unverified"))
    histories = Claim.history.count()

    with pytest.raises(CommandError) as raised:
        import_claims(path, "--user", "erin")

    assert f"{path}:2: summary: retracting a published verdict takes its summary off the page" in (
        str(raised.value)
    )
    published_false.refresh_from_db()
    assert (published_false.status, Claim.history.count()) == (Claim.Status.FALSE, histories)


def assert_refused(import_claims, path, message, user="ravi"):
    entries = LedgerEntry.objects.count()
    histories = Claim.history.count()
    with pytest.raises(CommandError) as raised:
        import_claims(path, "--user", user)
    assert f"{path}:2: " in str(raised.value)
    assert message in str(raised.value)
    assert "nothing was imported" in str(raised.value)
    assert LedgerEntry.objects.count() == entries
    assert Claim.history.count() == histories


def test_a_user_without_the_permission_to_publish_cannot_import_published_claims(
    import_claims, write_file, reviewer
):
    path = write_file("claims.csv", PUBLISHED_HEADER + published_row())

    assert_refused(import_claims, path, "ravi does not have the permission to publish")
    assert not Claim.objects.exists()


def test_a_user_without_the_permission_cannot_change_a_published_verdict(
    import_claims, write_file, published_false, reviewer
):
    path = write_file("claims.csv", HEADER + csv_row(status="true"))

    assert_refused(import_claims, path, "ravi does not have the permission to change the verdict")
    published_false.refresh_from_db()
    assert published_false.status == Claim.Status.FALSE


def test_a_user_without_the_permission_cannot_retract(
    import_claims, write_file, published_false, reviewer
):
    path = write_file("claims.csv", HEADER + csv_row(status="unverified", summary=""))

    assert_refused(import_claims, path, "ravi does not have the permission to retract")
    published_false.refresh_from_db()
    assert published_false.status == Claim.Status.FALSE


def test_a_reviewer_may_import_drafts(import_claims, write_file, reviewer):
    import_claims(write_file("claims.csv", HEADER + csv_row()), "--user", "ravi")

    assert Claim.objects.get().history.get().history_user == reviewer


def test_the_default_import_user_may_publish_and_change_verdicts(
    import_claims, write_file, published_false
):
    import_claims(write_file("claims.csv", HEADER + csv_row(status="true")))

    published_false.refresh_from_db()
    assert published_false.status == Claim.Status.TRUE
    assert Correction.objects.get().kind == Correction.Kind.RATING_CHANGE


def test_a_dry_run_reports_the_missing_permission_too(import_claims, write_file, reviewer):
    path = write_file("claims.csv", PUBLISHED_HEADER + published_row())

    with pytest.raises(CommandError) as raised:
        import_claims(path, "--dry-run", "--user", "ravi")

    assert f"{path}:2: published_at: ravi does not have the permission to publish" in str(
        raised.value
    )


def test_a_user_without_permissions_cannot_import_draft_verdicts_rate_would_refuse(
    import_claims, write_file, reader, make_claim
):
    # What claim.rate(by=rita) refuses, importing as rita is refused too.
    with pytest.raises(PermissionDenied):
        make_claim().rate(Claim.Status.FALSE, reason="Checked", by=reader)
    path = write_file("claims.csv", HEADER + csv_row(status="false"))

    assert_refused(
        import_claims, path, "rita does not have the permission to change claims", user="rita"
    )
    assert not Claim.objects.filter(status="false").exists()
