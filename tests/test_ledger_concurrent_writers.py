"""Writers on separate connections at one moment queue on the ledger head: no fork."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from simple_history.utils import bulk_create_with_history

from claims.models import Claim, LedgerEntry, LedgerHead, Speaker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
    ),
]


def run_together(*jobs):
    start, errors = threading.Barrier(len(jobs)), []

    def run(job):
        try:
            start.wait(timeout=10)
            job()
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=[job]) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors


def test_two_threads_saving_one_by_one_leave_a_valid_chain(db):
    def save_speakers(prefix):
        def job():
            for n in range(15):
                Speaker.objects.create(name=f"{prefix} {n}")

        return job

    run_together(save_speakers("Left"), save_speakers("Right"))

    assert LedgerHead.objects.get().entries == LedgerEntry.objects.count() == 30
    call_command("verify_ledger")


def test_a_bulk_import_and_single_saves_at_once_leave_a_valid_chain(make_speaker, make_source):
    speaker, source = make_speaker(), make_source()

    def bulk_import():
        for batch in range(3):
            with transaction.atomic():
                claims = [
                    Claim(
                        text=f"Claim {batch}-{n}",
                        slug=f"c-{batch}-{n}",
                        speaker=speaker,
                        source=source,
                    )
                    for n in range(20)
                ]
                bulk_create_with_history(claims, Claim)

    def edit_speaker():
        for n in range(10):
            speaker.description = f"Edit {n}"
            speaker.save()

    run_together(bulk_import, edit_speaker)

    assert LedgerEntry.objects.filter(history_model="claims.historicalclaim").count() == 60
    call_command("verify_ledger")
