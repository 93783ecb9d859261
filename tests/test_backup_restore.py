"""
The backup and restore procedure in README ("Backup and restore"), run as
written on the suite's database kind: a backup restored after later changes
brings back the ledger as it was, and it verifies.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

from bench import data
from tests.processes import (
    is_postgresql,
    ledger_state,
    manage,
    scratch_database,
    seeded_database,
)


def run(*command):
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stderr}"
    return result


@pytest.fixture
def ledger_with_claims(tmp_path, db):
    with seeded_database(tmp_path, "backup") as url:
        claims_file = tmp_path / "claims.csv"
        data.write_csv(claims_file, claims=200, speakers=20, sources=40)
        manage(url, "import_claims", str(claims_file))
        yield url


def later_changes(url, tmp_path):
    more = tmp_path / "more.csv"
    data.write_csv(more, claims=250, speakers=20, sources=40)  # 50 new, as rows 200 to 249
    manage(url, "import_claims", str(more))


@pytest.mark.skipif(is_postgresql(), reason="the SQLite procedure; PostgreSQL's is below")
def test_a_sqlite_backup_restores_the_ledger_as_it_was(ledger_with_claims, tmp_path):
    if shutil.which("sqlite3") is None:
        pytest.skip("the sqlite3 command is missing: apt-get install sqlite3")
    url = ledger_with_claims
    database = url.removeprefix("sqlite:///")
    backup = tmp_path / "ledger-backup.sqlite3"
    at_backup = ledger_state(url)

    # README: an online backup, consistent even while the site writes (WAL).
    run("sqlite3", database, f".backup '{backup}'")
    run("sqlite3", str(backup), "PRAGMA integrity_check;")
    later_changes(url, tmp_path)
    assert ledger_state(url) != at_backup

    # README: with the server stopped, put the copy in place of the database.
    for suffix in ("-wal", "-shm"):
        Path(database + suffix).unlink(missing_ok=True)
    shutil.copyfile(backup, database)

    assert ledger_state(url) == at_backup
    assert manage(url, "verify_ledger").stdout.startswith("Ledger intact")


@pytest.mark.skipif(not is_postgresql(), reason="the PostgreSQL procedure; SQLite's is above")
def test_a_postgresql_dump_restores_the_ledger_as_it_was(ledger_with_claims, tmp_path):
    url = ledger_with_claims
    dump = tmp_path / "ledger.dump"
    at_backup = ledger_state(url)

    # README: pg_dump's custom format, consistent while the site writes.
    run("pg_dump", "--format=custom", f"--file={dump}", url)
    later_changes(url, tmp_path)
    assert ledger_state(url) != at_backup

    # README: restore into a new, empty database, then point DATABASE_URL at it.
    with scratch_database(tmp_path, "restored") as restored:
        run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored}", str(dump))
        assert ledger_state(restored) == at_backup
        assert manage(restored, "verify_ledger").stdout.startswith("Ledger intact")
        # The restored database takes new writes: its sequences came back too.
        later_changes(restored, tmp_path)
        assert ledger_state(restored)[0] == 8 + 250
        assert manage(restored, "verify_ledger").stdout.startswith("Ledger intact")
