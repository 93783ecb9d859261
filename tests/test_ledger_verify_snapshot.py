"""
verify_ledger reads the ledger as of one moment: a write that commits while it
walks the chain is not taken for an entry inserted behind the head's back.
"""

import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from claims import chain
from claims.models import LedgerHead, Speaker

# Outside a test's transaction, as the command runs in production.
pytestmark = pytest.mark.django_db(transaction=True)


def in_transaction():
    raw = connection.connection
    if connection.vendor == "postgresql":
        return raw.info.transaction_status.name != "IDLE"
    return raw.in_transaction


@pytest.fixture
def during_the_walk(monkeypatch):
    """Runs the functions appended to the returned list as verify reads its first chunk."""
    hooks, read_rows = [], chain._rows_for

    def read_rows_after_hooks(chunk):
        while hooks:
            hooks.pop(0)()
        return read_rows(chunk)

    monkeypatch.setattr(chain, "_rows_for", read_rows_after_hooks)
    return hooks


def test_it_reads_inside_one_transaction_and_ends_it(make_claim, during_the_walk):
    make_claim()
    seen = []
    during_the_walk.append(lambda: seen.append(in_transaction()))

    call_command("verify_ledger", stdout=StringIO())

    assert seen == [True]
    assert not in_transaction()


def test_it_ends_its_transaction_when_the_ledger_is_broken(make_claim):
    make_claim()
    LedgerHead.objects.update(hash="0" * 64)

    with pytest.raises(CommandError, match="The chain ends at entry"):
        call_command("verify_ledger")

    assert not in_transaction()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's in-memory test database locks a table against a writer while it is read",
)
def test_a_write_committed_during_verification_is_not_taken_for_tampering(
    make_claim, during_the_walk
):
    make_claim()
    before, errors = LedgerHead.objects.get().entries, []

    def write_elsewhere():
        try:
            Speaker.objects.create(name="Written meanwhile")
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    def write_on_another_connection():
        thread = threading.Thread(target=write_elsewhere)
        thread.start()
        thread.join(timeout=30)

    during_the_walk.append(write_on_another_connection)
    out = StringIO()

    call_command("verify_ledger", stdout=out)

    assert not errors
    assert out.getvalue().startswith(f"Ledger intact: {before} entries")
    assert LedgerHead.objects.get().entries > before
    call_command("verify_ledger", stdout=StringIO())
