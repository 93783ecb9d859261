"""
Real processes for the tests that need them (the load test, a killed import,
backup and restore): a scratch database of the suite's kind, manage.py run in
a subprocess against it, and a gunicorn server on a free loopback port.
"""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg
from django.conf import settings

PROJECT_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "a-secret-for-the-test-servers-only-0123456789-abcdefghijklmnop"


def is_postgresql():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def _server_url():
    """The suite's PostgreSQL server and database name, from DATABASE_URL."""
    url = os.environ["DATABASE_URL"]
    server, _, name = url.rpartition("/")
    return server, name.split("?")[0]


@contextlib.contextmanager
def scratch_database(tmp_path, name):
    """
    A new, empty database named after the suite's with `_name` added
    (`ledger_ci_load`), or a SQLite file in tmp_path; dropped afterwards.
    Yields its URL.
    """
    if not is_postgresql():
        yield f"sqlite:///{tmp_path / name}.sqlite3"
        return
    server, base = _server_url()
    database = f"{base}_{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{database}"')
    try:
        yield f"{server}/{database}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@contextlib.contextmanager
def seeded_database(tmp_path, name):
    """A scratch database, migrated and with the seed loaded, as `make run` leaves one."""
    with scratch_database(tmp_path, name) as url:
        manage(url, "migrate", "--noinput", "-v0")
        manage(url, "load_seed")
        yield url


_STATE = (
    "import json; from claims.models import Claim, Speaker, Source, Topic; "
    "from claims.models import LedgerHead, LedgerEntry; head = LedgerHead.objects.first(); "
    "print(json.dumps([Claim.objects.count(), Speaker.objects.count(), Source.objects.count(), "
    "Topic.objects.count(), LedgerEntry.objects.count(), head and head.hash]))"
)


def ledger_state(database_url):
    """[claims, speakers, sources, topics, ledger entries, head hash], read by a subprocess."""
    return json.loads(manage(database_url, "shell", "-c", _STATE).stdout.splitlines()[-1])


def environment(database_url, **variables):
    """A production-like environment: debugging off, a real key, this database."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        # Set by the browser tests for their own process only.
        if name != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "ledger.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        **variables,
    }


def manage(database_url, *arguments, check=True, timeout=600, **variables):
    """Run manage.py with these arguments; returns the CompletedProcess."""
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT_DIR,
        env=environment(database_url, **variables),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check:
        assert result.returncode == 0, f"manage.py {' '.join(arguments)}:\n{result.stderr}"
    return result


def start_manage(database_url, *arguments, **variables):
    """Start manage.py in the background, in its own process group; returns the Popen."""
    return subprocess.Popen(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT_DIR,
        env=environment(database_url, **variables),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def free_port():
    """
    A free TCP port on 127.0.0.1: the first free one in LEDGER_TEST_PORTS
    ("18800-18899") when set, so parallel checkouts keep to their own ranges,
    else one the kernel picks.
    """
    first, _, last = os.environ.get("LEDGER_TEST_PORTS", "0-0").partition("-")
    for port in range(int(first), int(last) + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError(f"No free port in LEDGER_TEST_PORTS={os.environ['LEDGER_TEST_PORTS']}")


def stop(process, timeout=10):
    """Stop a process started in its own group, and everything it started."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout)


@contextlib.contextmanager
def gunicorn(database_url, log_path, *, workers=2, threads=4):
    """
    The production server (gunicorn, gthread workers) on a free loopback port,
    logging to log_path; yields its base URL and stops it, workers included.
    """
    port = free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "ledger.wsgi"),
                *("--bind", f"127.0.0.1:{port}", "--workers", str(workers)),
                *("--threads", str(threads), "--worker-class", "gthread"),
                *("--timeout", "120", "--graceful-timeout", "5", "--error-logfile", "-"),
            ],
            cwd=PROJECT_DIR,
            env=environment(database_url),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, Path(log_path).read_text()
            try:
                urllib.request.urlopen(f"{url}/methodology/", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield url
    finally:
        stop(process)
