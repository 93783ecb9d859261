"""An import killed with SIGKILL while it writes leaves the database as it was, and usable."""

import signal

import pytest

from bench import data
from tests.processes import (
    ledger_state,
    manage,
    seeded_database,
    start_manage,
    stop,
)


def wait_until_claims_are_written(importer):
    """
    Read the import's log (--verbosity 2) until its first batch of claims is
    written, inside its transaction, with more to come. The write lock alone
    says less: SQLite takes it as the transaction opens, before the planning.
    """
    for line in importer.stderr:
        done, total = _counts(line, "Importing claims: ")
        if done:
            assert done < total, f"All {total} claims were written before the kill."
            return
    raise AssertionError(f"The import ended before it wrote a batch: {importer.wait()}")


def _counts(line, prefix):
    if not line.startswith(prefix):
        return 0, 0
    done, total = line.removeprefix(prefix).split("/")
    return int(done.replace(",", "")), int(total.replace(",", ""))


@pytest.fixture
def seeded(tmp_path, db):
    with seeded_database(tmp_path, "killed") as url:
        yield url


def test_a_killed_import_writes_nothing_and_the_next_one_succeeds(seeded, tmp_path):
    url = seeded
    claims_file = tmp_path / "claims.csv"
    data.write_csv(claims_file, claims=5_000, speakers=500, sources=1_000)
    before = ledger_state(url)

    importer = start_manage(url, "import_claims", "--verbosity", "2", str(claims_file))
    try:
        wait_until_claims_are_written(importer)
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
