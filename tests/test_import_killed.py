"""An import killed with SIGKILL while it writes leaves the database as it was, and usable."""

import signal
import sqlite3
import time

import psycopg
import pytest

from bench import data
from tests.processes import (
    is_postgresql,
    ledger_state,
    manage,
    seeded_database,
    start_manage,
    stop,
)


def is_writing(url):
    """True once the importer holds the database's write lock (its second phase)."""
    if is_postgresql():
        with psycopg.connect(url, autocommit=True) as connection:
            (locks,) = connection.execute(
                "SELECT count(*) FROM pg_locks JOIN pg_class ON pg_class.oid = relation "
                "WHERE mode = 'RowExclusiveLock' AND relname = 'claims_claim' "
                "AND pid <> pg_backend_pid()"
            ).fetchone()
        return locks > 0
    connection = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.rollback()
        return False
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return True
    finally:
        connection.close()


@pytest.fixture
def seeded(tmp_path, db):
    with seeded_database(tmp_path, "killed") as url:
        yield url


def test_a_killed_import_writes_nothing_and_the_next_one_succeeds(seeded, tmp_path):
    url = seeded
    claims_file = tmp_path / "claims.csv"
    data.write_csv(claims_file, claims=5_000, speakers=500, sources=1_000)
    before = ledger_state(url)

    importer = start_manage(url, "import_claims", str(claims_file))
    try:
        deadline = time.monotonic() + 120
        while not is_writing(url):
            assert importer.poll() is None, f"The import ended before it was killed: {importer}"
            assert time.monotonic() < deadline, "The import never started writing."
            time.sleep(0.01)
        time.sleep(0.1)  # into its writes
        importer.send_signal(signal.SIGKILL)
        assert importer.wait(30) == -signal.SIGKILL
    finally:
        stop(importer)

    assert ledger_state(url) == before
    assert manage(url, "verify_ledger").stdout.startswith("Ledger intact")
    # No lock or half-written row is left behind: the next import goes through.
    small_file = tmp_path / "small.csv"
    data.write_csv(small_file, claims=50, speakers=5, sources=5)
    assert "Imported 50 row(s)" in manage(url, "import_claims", str(small_file)).stdout
    assert ledger_state(url)[0] == before[0] + 50
    assert manage(url, "verify_ledger").stdout.startswith("Ledger intact")
