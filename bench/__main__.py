"""
`python -m bench import [--claims N] [--speakers N] [--sources N] [--loaddata-claims N]
[--rounds N] [--databases sqlite,postgres]`

Generates a seeded data set, then on each database (a temporary SQLite file,
and a `ledger_bench` PostgreSQL database it creates and drops) measures, each
in a fresh process on a freshly migrated database:
- `import_claims` of the CSV (validation, matching, history included), its
  process's CPU time and its peak memory;
- the same import without the ledger's entries (no hashing, no entries
  written), which prices the tamper-evident chain;
- `bulk_create_with_history` of the same rows, topic links and their
  history included and chained, with no reading, checking or matching;
- `loaddata` of the same rows as fixtures. loaddata saves row by row, so by
  default only a subset of the claims (--loaddata-claims) is loaded: first a
  fixture of every topic, speaker and source the full data set names (what
  the import creates, loaded in full and timed on its own), then the subset's
  claims. Only the claims' time is scaled, per claim, to the full size; the
  table shows both parts.
With --rounds N the first three run N times, interleaved, and the median
counts, so a neighbour's burst of work on a shared machine weighs on all alike.
"""

import argparse
import json
import os
import statistics
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


def measure(database, mode, *paths):
    url = database.fresh()
    return json.loads(_run(url, "-m", "bench.worker", mode, *paths).strip().splitlines()[-1])


def median_of_rounds(database, modes, path, rounds):
    """{mode: the median round's measurement}, the modes interleaved round by round."""
    measured = {mode: [] for mode in modes}
    for _ in range(rounds):
        for mode in modes:
            measured[mode].append(measure(database, mode, path))
    return {
        mode: {
            "seconds": statistics.median(m["seconds"] for m in results),
            "cpu": statistics.median(m["cpu"] for m in results),
            "peak_mb": max(m["peak_mb"] for m in results),
            "stolen": (
                max(m["stolen"] for m in results) if all("stolen" in m for m in results) else None
            ),
            # PostgreSQL's only: the server process's own CPU time.
            "server_cpu": (
                statistics.median(m["server_cpu"] for m in results)
                if all("server_cpu" in m for m in results)
                else None
            ),
        }
        for mode, results in measured.items()
    }


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    # The public site's benchmarks (bench/site.py): site runs them all.
    if argv[:1] and argv[0] in {"site", "pages", "search", "served"}:
        from bench import site

        return site.main(argv[1:], only=None if argv[0] == "site" else [argv[0]])
    # Chinese beside English: the import and the rare words' search (bench/chinese.py).
    if argv[:1] == ["chinese"]:
        from bench import chinese

        return chinese.main(argv[1:])
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
    parser.add_argument("--rounds", type=int, default=1, help="median of this many rounds")
    parser.add_argument("--databases", default="sqlite,postgres")
    options = parser.parse_args(argv)
    sizes = {"claims": options.claims, "speakers": options.speakers, "sources": options.sources}
    subset = min(options.loaddata_claims or options.claims, options.claims)

    with tempfile.TemporaryDirectory(prefix="ledger-bench-") as folder:
        csv_path = os.path.join(folder, "claims.csv")
        related_path = os.path.join(folder, "related.json")
        fixture_path = os.path.join(folder, "claims.json")
        started = time.perf_counter()
        data.write_csv(csv_path, **sizes)
        named = data.write_fixtures(related_path, fixture_path, subset=subset, **sizes)
        print(
            f"Data: {options.claims:,} claims naming {named['speakers']:,} speakers, "
            f"{named['sources']:,} sources and {named['topics']:,} topics (generated in "
            f"{time.perf_counter() - started:.1f} s).\n"
            f"loaddata: all of those speakers, sources and topics, timed alone, then the "
            f"first {subset:,} claims, whose time alone is scaled per claim to "
            f"{options.claims:,}."
        )
        results = {}
        for kind in options.databases.split(","):
            database = Database(kind, folder)
            try:
                results[kind] = median_of_rounds(
                    database, ["import", "import-unchained", "bulk"], csv_path, options.rounds
                )
                results[kind]["loaddata"] = measure(
                    database, "loaddata", related_path, fixture_path
                )
            finally:
                database.close()
            loaddata = results[kind]["loaddata"]
            related_seconds, claims_seconds = loaddata["parts"]
            loaddata["related"], loaddata["claims"] = related_seconds, claims_seconds
            # The related rows are loaded in full; only the claims scale with their number.
            loaddata["scaled"] = related_seconds + claims_seconds * options.claims / subset
        if options.rounds > 1:
            print(f"Median of {options.rounds} rounds.")
        print(table(results, options.claims, subset))


def table(results, claims, subset):
    kinds = list(results)
    lines = [f"{'':44}" + "".join(f"{kind:>14}" for kind in kinds)]

    def line(label, values):
        lines.append(f"{label:44}" + "".join(f"{value:>14}" for value in values))

    def against_goal(label, measure, text, met):
        """A row of `text(value)` plus ok or MISS, for `value = measure(kind's results)`."""
        values = [measure(results[kind], kind) for kind in kinds]
        line(
            label,
            [
                text(v) + (" ok" if met(v, kind) else " MISS")
                for v, kind in zip(values, kinds, strict=True)
            ],
        )

    def seconds(mode, digits=2):
        line(label_of[mode], [f"{results[k][mode]['seconds']:.{digits}f}" for k in kinds])

    label_of = {
        "import": "import_claims, with history (s)",
        "import-unchained": "import_claims, no ledger entries (s)",
        "bulk": "bulk_create_with_history, chained (s)",
    }
    for mode in label_of:
        seconds(mode)
    # The importer's own work, less swayed than wall time by what else the
    # machine runs; on PostgreSQL the server's share is not in it.
    line(
        "import_claims, CPU time of its process (s)",
        [f"{results[k]['import']['cpu']:.2f}" for k in kinds],
    )
    # On a shared host the hypervisor may run other machines on these cores:
    # what it took is time no code here could use.
    stolen = [[results[k][mode]["stolen"] for mode in label_of] for k in kinds]
    line(
        "CPU stolen by the host, worst round (%)",
        ["-" if None in shares else f"{max(shares):.0%}" for shares in stolen],
    )
    # One transaction is served by one server process, on one core: its CPU
    # time is as fast as that run can go, however the importer splits its own work.
    for mode, label in (("import", "import_claims"), ("bulk", "bulk_create_with_history")):
        server = [results[k][mode]["server_cpu"] for k in kinds]
        line(
            f"{label}, CPU time of the server (s)",
            ["-" if cpu is None else f"{cpu:.2f}" for cpu in server],
        )
    line(
        "loaddata, all speakers, sources, topics (s)",
        [f"{results[k]['loaddata']['related']:.2f}" for k in kinds],
    )
    line(
        f"loaddata, {subset:,} claims (s)",
        [f"{results[k]['loaddata']['claims']:.2f}" for k in kinds],
    )
    line(
        f"loaddata, claims x{claims / subset:g} + the rest (s)",
        [f"{results[k]['loaddata']['scaled']:.1f}" for k in kinds],
    )
    loaddata_goals = {"sqlite": 10, "postgres": 20}
    against_goal(
        "loaddata / import_claims (goal >= 10x, 20x PG)",
        lambda r, kind: r["loaddata"]["scaled"] / r["import"]["seconds"],
        lambda v: f"{v:.1f}x",
        lambda v, kind: v >= loaddata_goals.get(kind, 10),
    )
    against_goal(
        "import_claims / bulk_create_with_history (goal <= 1.5x)",
        lambda r, kind: r["import"]["seconds"] / r["bulk"]["seconds"],
        lambda v: f"{v:.2f}x",
        lambda v, kind: v <= 1.5,
    )
    against_goal(
        "ledger chain's cost (goal <= +15%)",
        lambda r, kind: r["import"]["seconds"] / r["import-unchained"]["seconds"] - 1,
        lambda v: f"{v:+.0%}",
        lambda v, kind: v <= 0.15,
    )
    against_goal(
        "import_claims peak memory (goal < 500 MB)",
        lambda r, kind: r["import"]["peak_mb"],
        lambda v: f"{v:.0f}MB",
        lambda v, kind: v < 500,
    )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
