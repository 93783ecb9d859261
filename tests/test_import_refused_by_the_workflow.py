"""
A change the row's own checks cannot judge (the saved source's date, the
permission to edit a claim) is refused by the workflow the import goes
through, and reported by file and line like any other problem: never a
traceback, and nothing written.
"""

import datetime

import pytest
from django.core.management.base import CommandError

from claims.models import Claim, LedgerHead
from tests.interchange_samples import HEADER, csv_row


def test_a_change_dating_a_claim_after_its_saved_source_is_reported_by_line(
    import_claims, write_file, make_claim, make_source
):
    source = make_source(
        url="https://www.scmp.com/amnesty", published_on=datetime.date(2021, 1, 1)
    )
    claim = make_claim(external_id="hk-1", source=source, said_on=datetime.date(2020, 12, 1))
    head = LedgerHead.objects.get().checkpoint
    row = csv_row(said_on="2021-06-01", source_published_on="", status="in_review", summary="")
    path = write_file("claims.csv", HEADER + row)

    with pytest.raises(CommandError) as refused:
        import_claims(path)

    assert f"{path}:2: said_on: The claim is dated after the source" in str(refused.value)
    claim.refresh_from_db()
    assert claim.said_on == datetime.date(2020, 12, 1)
    assert LedgerHead.objects.get().checkpoint == head


def test_a_user_who_may_not_edit_claims_cannot_change_their_topics_or_context(
    import_claims, write_file, make_claim, reader
):
    claim = make_claim(external_id="hk-1", context="at a rally")
    path = write_file("claims.csv", HEADER + csv_row(status="", summary=""))

    with pytest.raises(CommandError) as refused:
        import_claims(path, "--user", "rita")

    assert "rita does not have the permission to change claims" in str(refused.value)
    assert f"{path}:2: " in str(refused.value)
    claim.refresh_from_db()
    assert claim.context == "at a rally"
    assert not claim.topics.exists()
    assert Claim.history.filter(id=claim.pk).count() == 1
