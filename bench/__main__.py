"""
`python -m bench import [--claims N] [--speakers N] [--sources N] [--loaddata-claims N]
[--databases sqlite,postgres]`

Generates a seeded data set, then on each database (a temporary SQLite file,
and a `ledger_bench` PostgreSQL database it creates and drops) measures, each
in a fresh process on a freshly migrated database:
- `import_claims` of the CSV (validation, matching, history included) and its peak memory;
- a bare `bulk_create` of the same rows (no validation, no history);
- `loaddata` of the same rows as a fixture. loaddata saves row by row, so by
  default it loads a subset (--loaddata-claims) and its time is scaled per
  claim to the full size; the table says so.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import django
import psycopg

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ledger.settings")
django.setup()

from bench import data  # noqa: E402  (needs Django set up)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = "ledger_bench"


def _run(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url}
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"bench: {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


class Database:
    def __init__(self, kind, folder):
        self.kind, self.folder = kind, folder

    def fresh(self):
        """A new, migrated, empty database; returns its URL."""
        if self.kind == "sqlite":
            path = os.path.join(self.folder, "bench.sqlite3")
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(path + suffix):
                    os.remove(path + suffix)
            url = f"sqlite:///{path}"
        else:
            self._drop()
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
                connection.execute(f"CREATE DATABASE {PG_DATABASE}")
            url = f"{PG_SERVER}/{PG_DATABASE}"
        _run(url, "manage.py", "migrate", "--noinput", "-v0")
        return url

    def _drop(self):
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")

    def close(self):
        if self.kind == "postgres":
            self._drop()


def measure(database, mode, path):
    url = database.fresh()
    return json.loads(_run(url, "-m", "bench.worker", mode, path).strip().splitlines()[-1])


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    # The public site's benchmarks (bench/site.py): site runs them all.
    if argv[:1] and argv[0] in {"site", "pages", "search", "served"}:
        from bench import site

        return site.main(argv[1:], only=None if argv[0] == "site" else [argv[0]])
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("benchmark", choices=["import"])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--speakers", type=int, default=5_000)
    parser.add_argument("--sources", type=int, default=20_000)
    parser.add_argument(
        "--loaddata-claims",
        type=int,
        default=5_000,
        help="loaddata this many of the claims and scale its time per claim (0: all of them).",
    )
    parser.add_argument("--databases", default="sqlite,postgres")
    options = parser.parse_args(argv)
    sizes = {"claims": options.claims, "speakers": options.speakers, "sources": options.sources}
    subset = min(options.loaddata_claims or options.claims, options.claims)

    with tempfile.TemporaryDirectory(prefix="ledger-bench-") as folder:
        csv_path = os.path.join(folder, "claims.csv")
        fixture_path = os.path.join(folder, "claims.json")
        started = time.perf_counter()
        data.write_csv(csv_path, **sizes)
        data.write_fixture(fixture_path, **{**sizes, "claims": subset})
        print(
            f"Data: {options.claims:,} claims, {options.speakers:,} speakers, "
            f"{options.sources:,} sources (generated in {time.perf_counter() - started:.1f} s); "
            f"loaddata on the first {subset:,} claims, scaled per claim."
        )
        results = {}
        for kind in options.databases.split(","):
            database = Database(kind, folder)
            try:
                results[kind] = {
                    "import": measure(database, "import", csv_path),
                    "bulk": measure(database, "bulk", csv_path),
                    "loaddata": measure(database, "loaddata", fixture_path),
                }
            finally:
                database.close()
            loaddata = results[kind]["loaddata"]
            loaddata["scaled"] = loaddata["seconds"] * options.claims / subset
        print(table(results, options.claims, subset))


def table(results, claims, subset):
    goals = {"sqlite": 10, "postgres": 20}
    kinds = list(results)
    lines = [f"{'':44}" + "".join(f"{kind:>14}" for kind in kinds)]

    def line(label, values):
        lines.append(f"{label:44}" + "".join(f"{value:>14}" for value in values))

    line(
        "import_claims, with history (s)", [f"{results[k]['import']['seconds']:.2f}" for k in kinds]
    )
    line(
        "bare bulk_create, no history (s)", [f"{results[k]['bulk']['seconds']:.2f}" for k in kinds]
    )
    line(
        f"loaddata, {subset:,} claims (s)",
        [f"{results[k]['loaddata']['seconds']:.2f}" for k in kinds],
    )
    line(
        f"loaddata, scaled to {claims:,} (s)",
        [f"{results[k]['loaddata']['scaled']:.1f}" for k in kinds],
    )
    line(
        "loaddata / import_claims (goal >= 10x, 20x PG)",
        [
            f"{results[k]['loaddata']['scaled'] / results[k]['import']['seconds']:.1f}x"
            + (
                " ok"
                if results[k]["loaddata"]["scaled"] / results[k]["import"]["seconds"]
                >= goals.get(k, 10)
                else " MISS"
            )
            for k in kinds
        ],
    )
    line(
        "import_claims / bulk_create (goal <= 2x)",
        [
            f"{results[k]['import']['seconds'] / results[k]['bulk']['seconds']:.2f}x"
            + (
                " ok"
                if results[k]["import"]["seconds"] <= 2 * results[k]["bulk"]["seconds"]
                else " MISS"
            )
            for k in kinds
        ],
    )
    # The goal is 10 s for 100,000 claims; smaller runs are held to the same rate.
    goal_seconds = 10 * claims / 100_000
    line(
        f"import_claims {claims:,} claims (goal < {goal_seconds:g} s)",
        [
            f"{results[k]['import']['seconds']:.1f}s"
            + (" ok" if results[k]["import"]["seconds"] < goal_seconds else " MISS")
            for k in kinds
        ],
    )
    line(
        "import_claims peak memory (goal < 500 MB)",
        [
            f"{results[k]['import']['peak_mb']:.0f}MB"
            + (" ok" if results[k]["import"]["peak_mb"] < 500 else " MISS")
            for k in kinds
        ],
    )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
