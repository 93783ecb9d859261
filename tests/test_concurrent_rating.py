"""Two editors rating one published claim at the same moment leave an unbroken corrections log."""

import threading

import pytest
from django.db import connection, connections

from claims.models import Claim

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_concurrent_ratings_are_serialised_by_the_row_lock(
    make_claim, editor, reviewer, make_editor
):
    claim = make_claim(status=Claim.Status.FALSE, summary="Not so.", published=True)
    verdicts = [(Claim.Status.TRUE, "It is so."), (Claim.Status.MISLEADING, "Partly so.")]
    # Another editor signed off both new verdicts: the one who writes them cannot.
    second_editor = make_editor()
    for status, summary in verdicts:
        claim.approve(by=second_editor, status=status, summary=summary)
    start, errors = threading.Barrier(len(verdicts)), []

    def rate(status, summary):
        try:
            # Each thread loads its own copy before either writes: both are stale
            # by the time the second one runs.
            copy = Claim.objects.get(pk=claim.pk)
            start.wait(timeout=10)
            copy.rate(status, summary=summary, reason=f"Rated {status}", by=editor)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=rate, args=verdict) for verdict in verdicts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors
    first, second = claim.corrections.order_by("pk")
    assert first.previous_status == "false"
    assert second.previous_status == first.new_status
    claim.refresh_from_db()
    assert claim.status == second.new_status
