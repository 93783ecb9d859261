"""
On PostgreSQL an import locks the claims it changes before it writes, and
decides from what they hold under the lock: an editor's rating committed
while the import waits is neither overwritten unseen nor misreported in the
readers' corrections log.
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from claims.models import Claim, Correction
from tests.interchange_samples import HEADER, csv_row

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def wait_until_someone_waits_for_a_lock(limit=100):
    """Poll pg_locks (a condition, not a timing assertion) until a lock request is queued."""
    with connection.cursor() as cursor:
        for _ in range(limit):
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.1)


def approve_both_verdicts(claim, other_editor):
    """Erin writes both new verdicts (by hand and by her file): another editor signed them off."""
    claim.approve(by=other_editor, status="true", summary="It is so.")
    claim.approve(by=other_editor, status="mostly_true", summary="Mostly so.")


def test_a_rating_committed_while_an_import_waits_is_what_its_correction_starts_from(
    make_claim, editor, make_editor, import_claims, write_file
):
    claim = make_claim(external_id="hk-1", status="false", summary="Not so.", published=True)
    path = write_file("claims.csv", HEADER + csv_row(status="mostly_true", summary="Mostly so."))
    approve_both_verdicts(claim, make_editor())
    rated, errors = threading.Event(), []

    def edit():
        try:
            with transaction.atomic():
                Claim.objects.get(pk=claim.pk).rate(
                    "true", summary="It is so.", reason="Rechecked", by=editor
                )
                rated.set()
                # Commit only once the import, having read the claim as False,
                # queues behind this transaction's locks.
                wait_until_someone_waits_for_a_lock()
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            rated.set()
            connections.close_all()

    thread = threading.Thread(target=edit)
    thread.start()
    assert rated.wait(timeout=30)
    import_claims(path, "--user", "erin")
    thread.join(timeout=60)

    assert not errors
    claim.refresh_from_db()
    assert claim.status == Claim.Status.MOSTLY_TRUE
    log = [
        (correction.previous_status, correction.new_status)
        for correction in Correction.objects.filter(claim=claim).order_by("pk")
    ]
    # The editor's correction, then the import's, from the status the editor left.
    assert log == [("false", "true"), ("true", "mostly_true")]


def test_an_import_and_an_editor_on_the_same_claim_queue_rather_than_deadlock(
    make_claim, editor, make_editor, import_claims, write_file
):
    # The row also creates a speaker, source and topic: without the claim
    # locks first, the import would take the ledger head for those, then wait
    # for the claim the editor holds while the editor waits for the head.
    claim = make_claim(external_id="hk-1", status="false", summary="Not so.", published=True)
    path = write_file("claims.csv", HEADER + csv_row(status="mostly_true", summary="Mostly so."))
    approve_both_verdicts(claim, make_editor())
    locked, errors = threading.Event(), []

    def edit():
        try:
            with transaction.atomic():
                copy = Claim.objects.select_for_update().get(pk=claim.pk)
                locked.set()
                wait_until_someone_waits_for_a_lock()
                copy.rate("true", summary="It is so.", reason="Rechecked", by=editor)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            locked.set()
            connections.close_all()

    thread = threading.Thread(target=edit)
    thread.start()
    assert locked.wait(timeout=30)
    import_claims(path, "--user", "erin")
    thread.join(timeout=60)

    assert not errors
    log = list(
        Correction.objects.filter(claim=claim)
        .order_by("pk")
        .values_list("previous_status", "new_status")
    )
    assert log == [("false", "true"), ("true", "mostly_true")]
