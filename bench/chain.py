"""
What chaining history into the tamper-evident ledger costs, side by side.

    python -m bench.chain [--claims 20000] [--saves 500] [--rounds 3]

For SQLite and PostgreSQL in turn (each in a fresh database, in its own
process), it times the same work with the chain and with the chain's append
replaced by a no-op: `bulk_create_with_history` of N generated claims (an
import's write path, in batches of 1,000) and single admin-style
`save_recorded` calls, each in its own transaction like an admin edit. The two
variants alternate round by round and the median round counts, so a warming
cache or a growing table weighs on both alike. It prints both times and the
overhead ratio; the goal is at most 1.15 for the import.

PostgreSQL is reached at BENCH_POSTGRES_URL (default
postgres://postgres@127.0.0.1:5432/ledger_bench_chain); the database is
created and dropped by the benchmark. Without PostgreSQL it says so and times
SQLite alone.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from contextlib import nullcontext
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/ledger_bench_chain"
IMPORT_BATCH_SIZE = 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=20_000, help="claims per bulk import")
    parser.add_argument("--saves", type=int, default=500, help="single saves per round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each variant")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        print(json.dumps(run_worker(options)))
        return
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        sqlite_url = f"sqlite:///{folder}/bench.sqlite3"
        results["SQLite"] = run_in_process(sqlite_url, options)
    postgres_url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    try:
        with fresh_postgres_database(postgres_url):
            results["PostgreSQL"] = run_in_process(postgres_url, options)
    except OSError as error:
        print(f"PostgreSQL skipped: {error}", file=sys.stderr)
    print_table(results, options)


def run_in_process(database_url, options):
    """One database per process: settings read DATABASE_URL once, at start-up."""
    command = [
        sys.executable,
        "-m",
        "bench.chain",
        "--worker=1",
        f"--claims={options.claims}",
        f"--saves={options.saves}",
        f"--rounds={options.rounds}",
    ]
    environment = {**os.environ, "DATABASE_URL": database_url}
    environment.setdefault("DJANGO_SETTINGS_MODULE", "ledger.settings")
    finished = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )
    if finished.returncode:
        raise SystemExit(f"The benchmark failed on {database_url}:\n{finished.stderr}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


class fresh_postgres_database:
    def __init__(self, url):
        from urllib.parse import urlsplit

        self.name = urlsplit(url).path.lstrip("/")
        self.admin_url = url.rsplit("/", 1)[0] + "/postgres"

    def _run(self, statement):
        import psycopg

        try:
            with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5) as db:
                db.execute(statement)
        except psycopg.OperationalError as error:
            raise OSError(f"cannot reach {self.admin_url}: {error}") from error

    def __enter__(self):
        self._run(f'DROP DATABASE IF EXISTS "{self.name}"')
        self._run(f'CREATE DATABASE "{self.name}"')

    def __exit__(self, *exc_info):
        self._run(f'DROP DATABASE IF EXISTS "{self.name}"')


# The worker: runs inside one database ------------------------------------


def run_worker(options):
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from simple_history.utils import bulk_create_with_history

    from claims.models import Claim, Source, Speaker

    editor = get_user_model().objects.create_user("bench-editor")
    speaker = Speaker.objects.create(name="Bench Speaker")
    source = Source.objects.create(title="Bench Source", url="https://bench.example.org/")
    claim = Claim(text="A claim edited over and over.", speaker=speaker, source=source)
    claim.save_recorded(reason="Bench", by=editor)
    runs = iter(range(10**9))

    def bulk_import():
        run = next(runs)
        claims = [
            Claim(
                text=f"Generated claim {run}-{n}: the figure rose by {n % 97} per cent.",
                slug=f"bench-{run}-{n}",
                speaker=speaker,
                source=source,
                context="at a press conference",
                summary="Generated for the benchmark.",
            )
            for n in range(options.claims)
        ]
        with transaction.atomic():
            bulk_create_with_history(
                claims,
                Claim,
                batch_size=IMPORT_BATCH_SIZE,
                default_user=editor,
                default_change_reason="Imported by the benchmark",
            )

    # Saves alternate in short blocks: each commits (and on PostgreSQL waits
    # for the disk), so the disk's moods must fall on both variants alike.
    blocks = 5 * options.rounds
    block_size = max(1, options.saves // 5)

    def single_saves():
        for n in range(block_size):
            with transaction.atomic():
                claim.context = f"edit {n}"
                claim.save_recorded(reason=f"Edit {n}", by=editor)

    results = {
        "import": compare(bulk_import, options.rounds),
        "save": {
            variant: seconds / block_size
            for variant, seconds in compare(single_saves, blocks).items()
        },
    }
    results["verify"] = time_verification()
    return results


def time_verification():
    """
    verify_ledger over everything the chained rounds wrote, once the rows the
    unchained rounds wrote around the ledger are gone; also proves the chained
    rounds left a valid chain.
    """
    from claims.chain import history_models
    from claims.models import LedgerEntry, LedgerHead

    for model in history_models():
        chained = LedgerEntry.objects.filter(history_model=model._meta.label_lower)
        model.objects.exclude(pk__in=chained.values("history_id")).delete()
    started = time.perf_counter()
    LedgerEntry.objects.verify()
    seconds = time.perf_counter() - started
    # Once more under tracemalloc (slower) for the peak: it depends on the
    # chunk size, not on the number of entries.
    tracemalloc.start()
    LedgerEntry.objects.verify()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"seconds": seconds, "entries": LedgerHead.current().entries, "peak_bytes": peak}


def compare(work, rounds):
    """Median seconds of `work` with the chain and without, alternating."""
    timings = {"chained": [], "unchained": []}
    for _ in range(rounds):
        for variant in timings:
            # A plain no-op: a MagicMock would keep every call's records alive.
            skip_chain = (
                mock.patch("claims.chain.append", new=lambda records: None)
                if variant == "unchained"
                else nullcontext()
            )
            with skip_chain:
                started = time.perf_counter()
                work()
                timings[variant].append(time.perf_counter() - started)
    return {variant: statistics.median(seconds) for variant, seconds in timings.items()}


def print_table(results, options):
    print(
        f"Ledger chain overhead, median of {options.rounds} rounds of a bulk import of "
        f"{options.claims:,} claims (batches of {IMPORT_BATCH_SIZE:,}) and of "
        f"{5 * options.rounds} blocks of {max(1, options.saves // 5):,} single saves"
    )
    print(f"{'database':<12} {'work':<34} {'chained':>10} {'unchained':>10} {'ratio':>7}")
    for database, measured in results.items():
        rows = [
            ("bulk_create_with_history", measured["import"], 1, "s"),
            ("save_recorded, per save", measured["save"], 1000, "ms"),
        ]
        for label, timings, scale, unit in rows:
            chained, unchained = timings["chained"], timings["unchained"]
            print(
                f"{database:<12} {label:<34} {chained * scale:>8.3f}{unit:<2} "
                f"{unchained * scale:>8.3f}{unit:<2} {chained / unchained:>7.3f}"
            )
    for database, measured in results.items():
        verify = measured["verify"]
        print(
            f"{database:<12} verify_ledger: {verify['entries']:,} entries in "
            f"{verify['seconds']:.3f}s ({verify['entries'] / verify['seconds']:,.0f} entries/s), "
            f"peak Python memory {verify['peak_bytes'] / 2**20:.1f} MiB"
        )


if __name__ == "__main__":
    main()
