"""
Imports publish nothing by themselves; a status change on a published claim
issues a Correction, as Claim.rate() does; a published verdict needs a summary.
"""

import pytest
from django.core.management.base import CommandError

from claims.models import Claim, Correction
from tests.interchange_samples import HEADER, csv_row


def test_imported_claims_are_drafts(import_claims, write_file):
    import_claims(write_file("claims.csv", HEADER + csv_row()))

    assert not Claim.objects.get().is_published


def test_a_published_at_column_publishes_a_new_claim(import_claims, write_file):
    content = HEADER.strip() + ",published_at\n" + csv_row().strip() + ',"2024-01-02T10:00:00Z"\n'

    import_claims(write_file("claims.csv", content))

    assert Claim.objects.get().published_at.isoformat() == "2024-01-02T10:00:00+00:00"


def test_a_status_change_on_a_published_claim_issues_a_correction(
    import_claims, write_file, make_claim, editor, make_editor
):
    claim = make_claim(external_id="hk-1", summary="It was said.", published=True)
    # The file writes the new verdict as Erin's: another editor signed its words off.
    claim.approve(
        by=make_editor(), status="mostly_true", summary="The police had written to the group."
    )

    import_claims(
        write_file("claims.csv", HEADER + csv_row(status="Mostly True")), "--user", "erin"
    )

    claim.refresh_from_db()
    assert claim.status == Claim.Status.MOSTLY_TRUE
    correction = Correction.objects.get(claim=claim)
    assert correction.kind == Correction.Kind.RATING_CHANGE
    assert (correction.previous_status, correction.new_status) == ("unverified", "mostly_true")
    assert correction.created_by == editor
    assert correction.note == 'imported from claims.csv (rated "Mostly True")'
    assert correction.history.get().history_user == editor


def test_a_published_verdict_without_a_summary_is_refused(import_claims, write_file, make_claim):
    claim = make_claim(external_id="hk-1", published=True)
    path = write_file("claims.csv", HEADER + csv_row(status="false", summary=""))

    with pytest.raises(CommandError) as raised:
        import_claims(path)

    assert f"{path}:2: summary: a published verdict needs a summary explaining it" in str(
        raised.value
    )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.UNVERIFIED


def test_an_import_never_unpublishes(import_claims, write_file, make_claim):
    claim = make_claim(external_id="hk-1", published=True)
    content = HEADER.strip() + ",published_at\n" + csv_row(status="unverified").strip() + ',""\n'

    import_claims(write_file("claims.csv", content))

    claim.refresh_from_db()
    assert claim.is_published
    assert claim.context == "speaking from London"


def test_it_is_reported_in_the_same_run_as_problems_found_reading(
    import_claims, write_file, make_claim
):
    # Whether a verdict is published is the ledger's to say: it is checked
    # after reading, for the rows read without a problem, and reported with theirs.
    make_claim(external_id="hk-1", published=True)
    path = write_file(
        "claims.csv",
        HEADER
        + csv_row(status="false", summary="")
        + csv_row(external_id="hk-2", said_on="25/10/2021"),
    )

    with pytest.raises(CommandError) as raised:
        import_claims(path)

    lines = str(raised.value).splitlines()
    assert lines[0].startswith("2 problem(s) found")
    # Listed by line, though the summary was checked last.
    assert lines[1].startswith(f"{path}:2: summary: a published verdict needs a summary")
    assert lines[2].startswith(f'{path}:3: said_on: "25/10/2021" is not a date')


def test_problems_are_listed_in_the_order_the_files_were_named(
    import_claims, write_file, make_claim
):
    make_claim(external_id="hk-1", published=True)
    # The first file's only problem is found after reading, the second's while reading.
    first = write_file("first.csv", HEADER + csv_row(status="false", summary=""))
    second = write_file("second.csv", HEADER + csv_row(external_id="hk-2", said_on="soon"))

    with pytest.raises(CommandError) as raised:
        import_claims(first, second)

    lines = str(raised.value).splitlines()
    assert lines[1].startswith(f"{first}:2: summary:")
    assert lines[2].startswith(f"{second}:2: said_on:")
