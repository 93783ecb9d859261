"""
A migration carries a copy of the code it runs (the roles' permissions, the
search index's SQL, the chain's first append), so it does the same thing
whenever it runs, however the live modules change: none imports the claims
app. And a database made by the code of an older main still migrates
forward with today's, and still verifies.
"""

import ast
import contextlib
import json
import sqlite3
from pathlib import Path

import psycopg
import pytest

from tests.processes import PROJECT_DIR, is_postgresql, manage, scratch_database

MIGRATIONS = PROJECT_DIR / "claims" / "migrations"
DATA = Path(__file__).resolve().parent / "data"

# The ledger of a site running commit 2b1fda0: migrated, the seed loaded,
# two claims rated, one published and given a topic, a speaker described
# (tests/data/make_old_ledgers.sh made the dumps), and the head it published.
OLD_REVISION = "2b1fda0"
CHECKPOINTS = {
    "sqlite": "57:a552822351ee4f70a39a46a2b7883e7d743d581b6d411107edfcfae47c553448",
    "postgresql": "57:193b74abf3e4d4ff1d6096e26eeec3a7e3d84a42c8826fa68679fd9d100d5bcc",
}

_CLAIMS = (
    "import json; from claims.models import Claim, Correction; "
    "claims = Claim.objects.order_by('slug'); print(json.dumps({"
    "'claims': claims.count(), 'published': claims.exclude(published_at=None).count(), "
    "'rated': {c.slug: c.status for c in claims.exclude(status='unverified')}, "
    "'topics': sorted(claims.get(slug='amnesty-hong-kong-office-shuts-october-31')"
    ".topics.values_list('slug', flat=True)), "
    "'corrections': Correction.objects.count()}))"
)


def claims_imports(path):
    """The claims app's modules `path` imports, by any import statement or import_module()."""
    imported = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            # A relative import in claims/migrations is one of the claims app.
            imported.append("claims." if node.level else node.module)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None))
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            imported.append(str(node.args[0].value))
    return sorted(name for name in imported if name == "claims" or name.startswith("claims."))


def test_no_migration_imports_the_claims_app():
    imports = {path.name: claims_imports(path) for path in sorted(MIGRATIONS.glob("*.py"))}
    assert len(imports) > 1  # the migrations were found
    assert {name: found for name, found in imports.items() if found} == {}


@pytest.fixture
def old_ledger(tmp_path):
    """A scratch database of the suite's kind holding the old site's ledger; yields its URL."""
    kind = "postgresql" if is_postgresql() else "sqlite"
    dump = (DATA / f"ledger-at-{OLD_REVISION}.{kind}.sql").read_text()
    with scratch_database(tmp_path, "old_ledger") as url:
        if kind == "postgresql":
            # Plain SQL (INSERTs, no COPY), so one simple-protocol round trip runs it.
            with psycopg.connect(url, autocommit=True) as connection:
                connection.execute(dump)
        else:
            with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as connection:
                connection.executescript(dump)
        yield url


def claims_in(url):
    return json.loads(manage(url, "shell", "-c", _CLAIMS).stdout.splitlines()[-1])


def test_a_database_made_at_an_older_main_migrates_forward_and_still_verifies(old_ledger):
    manage(old_ledger, "migrate", "--noinput", "-v0")

    # The head the old site published is still a state of this ledger.
    checkpoint = CHECKPOINTS["postgresql" if is_postgresql() else "sqlite"]
    verified = manage(old_ledger, "verify_ledger", "--checkpoint", checkpoint)
    assert verified.stdout.startswith("Ledger intact")
    assert claims_in(old_ledger) == {
        "claims": 8,
        "published": 5,
        "rated": {
            "amnesty-hong-kong-office-shuts-october-31": "true",
            "closure-driven-by-national-security-law": "mostly_true",
        },
        "topics": ["civil-society", "ngo-closures"],
        "corrections": 1,
    }


def test_the_frozen_first_append_chains_the_old_history_as_todays_verifier_reads_it(old_ledger):
    # Back to before the ledger (its tables dropped), and forward again: the
    # copy of the first append in 0005 chains the whole history anew.
    manage(old_ledger, "migrate", "claims", "0004_search", "--noinput", "-v0")
    manage(old_ledger, "migrate", "--noinput", "-v0")

    assert manage(old_ledger, "verify_ledger").stdout.startswith("Ledger intact")
    assert claims_in(old_ledger)["claims"] == 8
