"""
The public site's speed, on SQLite and PostgreSQL, over one generated data set
per database:

    python -m bench site [--claims N] [--databases sqlite,postgres]
                         [--only pages,search,served] [--keep]
    python -m bench pages|search|served [...]      (one of them; also python -m bench.pages)

- pages (bench/pages.py): requests per second through Django's WSGI handler,
  in-process, for the claim page, the list, a search, a speaker's page and the
  API list, built afresh and from the page cache, as a share of a trivial view's;
- search (bench/search.py): latency of the search index against an icontains
  scan of the same claims, for selective and common words;
- served (bench/served.py): throughput and p99 latency over HTTP from gunicorn,
  with a load generator on the same machine, and the app processes' memory.

The data set (bench/data.py, site_tables) is written straight into a freshly
migrated database: a SQLite file in BENCH_DIR (default: the system's temporary
folder) and the PostgreSQL database BENCH_SITE_DATABASE (default
ledger_bench_site) on BENCH_PG (default postgres://postgres@127.0.0.1:5432).
Both are removed afterwards unless --keep is given; a kept data set of the same
size is used again by the next run. The figures are also written to
BENCH_DIR/site-results.json. Each measurement runs in its own process,
so DATABASE_URL (read once, at start-up) names its database.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = os.environ.get("BENCH_SITE_DATABASE", "ledger_bench_site")
BENCH_DIR = Path(os.environ.get("BENCH_DIR", Path(tempfile.gettempdir()) / "ledger-bench"))
BENCHMARKS = ["pages", "search", "served"]
LABELS = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def worker(database_url, *args, environment=None):
    """Run `python -m bench.site worker ARGS` on `database_url`; returns its JSON answer."""
    env = {**os.environ, **(environment or {}), "DATABASE_URL": database_url}
    env.setdefault("DJANGO_SETTINGS_MODULE", "ledger.settings")
    finished = subprocess.run(
        [sys.executable, "-m", "bench.site", "worker", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if finished.returncode:
        sys.exit(f"bench: {' '.join(args)} failed on {database_url}:\n{finished.stderr[-4000:]}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


class DataSet:
    """One database holding the generated claims: created, filled, kept or dropped."""

    def __init__(self, kind, claims, language="en"):
        self.kind, self.claims, self.language = kind, claims, language
        # A data set of Traditional Chinese claims (bench/chinese.py) is kept apart.
        suffix = "" if language == "en" else "-zh"
        self.database = PG_DATABASE + suffix.replace("-", "_")
        if kind == "sqlite":
            BENCH_DIR.mkdir(parents=True, exist_ok=True)
            self.path = BENCH_DIR / f"site-{claims}{suffix}.sqlite3"
            self.url = f"sqlite:///{self.path}"
        elif kind == "postgres":
            self.url = f"{PG_SERVER}/{self.database}"
        else:
            sys.exit(f"bench: unknown database {kind!r}: use sqlite or postgres")

    def prepare(self):
        """Reuse a kept data set of this size, or make a new one; returns seconds spent."""
        started = time.perf_counter()
        if self._exists() and self._claims() == self.claims:
            print(f"{LABELS[self.kind]}: using the kept data set of {self.claims:,} claims.")
            self._migrate()  # the code may have moved on since
            return 0.0
        self.drop()
        if self.kind == "postgres":
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
                connection.execute(f"CREATE DATABASE {self.database}")
        self._migrate()
        worker(self.url, "generate", str(self.claims), self.language)
        seconds = time.perf_counter() - started
        print(f"{LABELS[self.kind]}: generated {self.claims:,} claims in {seconds:.0f} s.")
        return seconds

    def _migrate(self):
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": self.url},
            check=True,
        )

    def _exists(self):
        if self.kind == "sqlite":
            return self.path.exists()
        with psycopg.connect(f"{PG_SERVER}/postgres") as connection:
            found = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [self.database]
            ).fetchone()
            return found is not None

    def _claims(self):
        try:
            return worker(self.url, "count")["claims"]
        except SystemExit:
            return None

    def drop(self):
        if self.kind == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        else:
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")


def main(argv=None, only=None):
    parser = argparse.ArgumentParser(prog="python -m bench site", description=__doc__)
    parser.add_argument("--claims", type=int, default=100_000, help="claims in the data set")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--only", default=",".join(only or BENCHMARKS))
    parser.add_argument("--keep", action="store_true", help="keep the data sets for a next run")
    parser.add_argument(
        "--seconds", type=float, default=None, help="measuring time per variant (default: each's)"
    )
    options = parser.parse_args(argv)
    benchmarks = [name for name in options.only.split(",") if name]
    for name in benchmarks:
        if name not in BENCHMARKS:
            sys.exit(f"bench: unknown benchmark {name!r}: use {', '.join(BENCHMARKS)}")
    modules = {name: __import__(f"bench.{name}", fromlist=["table"]) for name in benchmarks}

    results = {name: {} for name in benchmarks}
    for kind in options.databases.split(","):
        data_set = DataSet(kind, options.claims)
        try:
            data_set.prepare()
            for name in benchmarks:
                results[name][kind] = modules[name].run(data_set, options)
        finally:
            if not options.keep:
                data_set.drop()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    (BENCH_DIR / "site-results.json").write_text(json.dumps(results, indent=1))
    for name in benchmarks:
        print()
        print(modules[name].table(results[name], options))


def _worker(argv):
    """Inside a measuring process: Django set up on DATABASE_URL."""
    import django

    django.setup()
    command, *args = argv
    if command == "generate":
        from bench import data

        if args[1:] in ([], ["en"]):
            data.load_site_data(int(args[0]))
        else:
            from bench.chinese import chinese_text

            data.load_site_data(int(args[0]), text=chinese_text(int(args[0])))
        answer = {"ok": True}
    elif command == "urls":
        from bench.pages import page_urls

        answer = page_urls(int(args[0]))
    elif command == "count":
        from claims.models import Claim

        answer = {"claims": Claim.objects.count()}
    else:
        module = __import__(f"bench.{command}", fromlist=["measure"])
        answer = module.measure(json.loads(args[0]))
    print(json.dumps(answer))


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:
        _worker(sys.argv[2:])
    else:
        main()
