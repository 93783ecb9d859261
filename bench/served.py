"""
Pages served over HTTP by gunicorn, with a load generator on the same machine:
throughput and p99 latency for the claim page and the list, built afresh and
from the shared cache, beside the trivial view; and each app process's memory.

    python -m bench served [--claims N] [--databases sqlite,postgres] [--keep]

Two gunicorn servers (WORKERS processes of THREADS threads each, gthread) run
bench/wsgi.py on the data set: one with no cache (CACHE_URL=dummy://), one with
Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/0; local memory when
Redis does not answer). The load comes from wrk (`apt-get install wrk`) with
CONNECTIONS connections, each scenario in turn for a few seconds, twice; without
wrk, from a small Python generator in its own process, which takes a core
itself, so its figures are lower. Memory is each worker's resident set after
it has served every page kind (detail, list, search, speaker, API) under load.

"While the desk edits": READERS connections read claim pages, lists and
searches from the cached server for DESK_SECONDS while a desk process
re-rates one of those claims every second (Claim.rate, committed, the way
the admin does) and reads its page through the server at once, to check the
correction is on it; the trivial view is measured under the same READERS
connections just before, for its p99.
"""

import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.site import LABELS, ROOT, main, worker

WORKERS = 2
THREADS = 4
CONNECTIONS = 8
SCENARIOS = [
    ("trivial view", "built"),
    ("claim detail", "built"),
    ("claim detail", "cached"),
    ("claim list", "built"),
    ("claim list", "cached"),
]
MEMORY_GOAL_MB = 150
READERS = 50
DESK_SECONDS = 30
P99_GOAL = 5.0


def run(data_set, options):
    urls = worker(data_set.url, "urls", str(data_set.claims))
    urls["trivial view"] = ["/bench/trivial/"]
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    servers = {
        "built": _Server(data_set.url, "dummy://"),
        "cached": _Server(data_set.url, redis_url if _answers(redis_url) else "locmem://"),
    }
    seconds = options.seconds or 5.0
    try:
        # Every page kind once through each server, and each URL into the cache.
        for server in servers.values():
            for paths in urls.values():
                _load(server.url, paths, 1.0)
        done = {scenario: [] for scenario in SCENARIOS}
        for _ in range(2):
            for page, mode in SCENARIOS:
                done[page, mode].append(_load(servers[mode].url, urls[page], seconds / 2))
        memory = {mode: server.memory_mb() for mode, server in servers.items()}
        editing = _while_the_desk_edits(data_set, servers["cached"], urls)
    finally:
        for server in servers.values():
            server.stop()
    return {
        "generator": "wrk" if shutil.which("wrk") else "python",
        "cache": servers["cached"].cache_url.split(":")[0],
        "rates": {
            f"{page}|{mode}": statistics.mean(run["rate"] for run in runs)
            for (page, mode), runs in done.items()
        },
        "p99": {
            f"{page}|{mode}": statistics.mean(run["p99_ms"] for run in runs)
            for (page, mode), runs in done.items()
        },
        "errors": sum(run["errors"] for runs in done.values() for run in runs),
        "memory_mb": memory,
        "editing": editing,
    }


def _while_the_desk_edits(data_set, server, urls):
    reading = urls["claim detail"] + urls["claim list"] + urls["search"]
    trivial = _load(server.url, urls["trivial view"], 5.0, connections=READERS)
    desk = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.site",
            "worker",
            "served",
            json.dumps({"desk": server.url, "urls": urls["claim detail"], "seconds": DESK_SECONDS}),
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": data_set.url,
            "CACHE_URL": server.cache_url,
            "DJANGO_SETTINGS_MODULE": "ledger.settings",
        },
        stdout=subprocess.PIPE,
        text=True,
    )
    readers = _load(server.url, reading, DESK_SECONDS, connections=READERS)
    output, _ = desk.communicate(timeout=120)
    return {"trivial": trivial, "readers": readers, **json.loads(output.strip().splitlines()[-1])}


def measure(params):
    """The desk (in its own process): re-rate a read claim every second, then read its page."""
    import http.client
    from urllib.parse import urlsplit

    from claims.models import Claim

    address = urlsplit(params["desk"])
    slugs = [url.split("/")[2] for url in params["urls"]]
    edits, missed, late = 0, [], []
    deadline = time.monotonic() + params["seconds"]
    while time.monotonic() < deadline:
        started = time.monotonic()
        claim = Claim.objects.get(slug=slugs[edits % len(slugs)])
        status = "false" if claim.status != "false" else "mostly_false"
        claim.rate(
            status, reason="Re-rated by the bench", by=None, summary=claim.summary or "Re-rated."
        )
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        try:
            connection.request("GET", claim.get_absolute_url())
            body = connection.getresponse().read().decode()
        except (OSError, http.client.HTTPException):
            # A server too loaded to answer within 30 s: the correction was not
            # seen, and the run goes on to say so rather than stopping.
            body = ""
        finally:
            connection.close()
        if f'class="status status-{status}"' not in body:
            missed.append(claim.slug)
        edits += 1
        spent = time.monotonic() - started
        if spent > 1.0:
            late.append(round(spent, 2))
        time.sleep(max(0.0, 1.0 - spent))
    return {"edits": edits, "missed": missed, "late_edits": late}


def _answers(redis_url):
    import redis

    try:
        return redis.Redis.from_url(redis_url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


class _Server:
    def __init__(self, database_url, cache_url):
        self.cache_url = cache_url
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        environment = {
            **os.environ,
            "DATABASE_URL": database_url,
            "CACHE_URL": cache_url,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_LOG_LEVEL": "ERROR",
            # WhiteNoise warns that collectstatic has not run; it serves from the apps' folders.
            "PYTHONWARNINGS": "ignore::UserWarning",
        }
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "bench.wsgi:application"),
                *(f"--bind=127.0.0.1:{self.port}", f"--workers={WORKERS}"),
                *(f"--threads={THREADS}", "--worker-class=gthread", "--log-level=warning"),
            ],
            cwd=ROOT,
            env=environment,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"bench: gunicorn stopped (exit {self.process.returncode})")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit("bench: gunicorn did not answer within 60 seconds")

    def memory_mb(self):
        """{"workers": largest worker's resident set, "master": the master's}, in MB (Linux)."""
        workers = [
            int(pid)
            for pid in os.listdir("/proc")
            if pid.isdigit() and _parent(pid) == self.process.pid
        ]
        return {
            "workers": max((_resident_mb(pid) for pid in workers), default=0.0),
            "master": _resident_mb(self.process.pid),
        }

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _parent(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _resident_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _load(base_url, paths, seconds, connections=CONNECTIONS):
    """{"rate": requests/s, "p99_ms": ..., "errors": non-2xx and socket errors}."""
    if shutil.which("wrk"):
        return _wrk(base_url, paths, seconds, connections)
    command = ["generate", base_url, str(seconds), str(connections), *paths]
    return json.loads(
        subprocess.run(
            [sys.executable, "-m", "bench.served", *command],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )


_WRK_SCRIPT = """
paths = {%s}
counter = 0
request = function()
    counter = counter + 1
    return wrk.format("GET", paths[counter %% #paths + 1])
end
"""


def _wrk(base_url, paths, seconds, connections):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_SCRIPT % ", ".join(json.dumps(path) for path in paths))
    try:
        output = subprocess.run(
            [
                *("wrk", "--latency", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s"),
                *("-s", script.name, base_url),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        Path(script.name).unlink()
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", output)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = sum(
        int(number)
        for number in re.findall(
            r"(?:Non-2xx or 3xx responses|connect|read|write|timeout) (\d+)", output
        )
    )
    return {"rate": rate, "p99_ms": float(p99.group(1)) * scale, "errors": errors}


def _generate(base_url, seconds, connections, paths):
    """The fallback load generator: `connections` keep-alive connections in threads."""
    import http.client
    import threading
    from urllib.parse import urlsplit

    address = urlsplit(base_url)
    latencies, errors = [], []
    deadline = time.monotonic() + seconds

    def client(offset):
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        number = offset
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", paths[number % len(paths)])
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(response.status)
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                errors.append(0)
                connection.close()
            latencies.append(time.perf_counter() - started)
            number += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "rate": len(latencies) / (time.monotonic() - started),
        "p99_ms": latencies[int(0.99 * (len(latencies) - 1))] * 1000 if latencies else 0.0,
        "errors": len(errors),
    }


def table(results, options):
    kinds = list(results)
    first = results[kinds[0]]
    lines = [
        f"Served over HTTP, {options.claims:,} claims: gunicorn ({WORKERS} workers x {THREADS} "
        f"threads), load from {first['generator']} ({CONNECTIONS} connections) on the same "
        f"machine; cached = from {first['cache']}. Requests/s, share of the trivial view's, p99.",
        f"{'':28}" + "".join(f"{LABELS[kind]:>30}" for kind in kinds),
    ]
    for page, mode in SCENARIOS:
        key = f"{page}|{mode}"
        cells = []
        for kind in kinds:
            rates, trivial = results[kind]["rates"], results[kind]["rates"]["trivial view|built"]
            p99 = results[kind]["p99"][key]
            cells.append(f"{rates[key]:>9.0f}/s {rates[key] / trivial:>5.0%} {p99:>7.1f} ms")
        label = page if page == "trivial view" else f"{page}, {mode}"
        lines.append(f"{label:28}" + "".join(f"{cell:>30}" for cell in cells))
    lines.append(
        f"{'errors (non-2xx, socket)':28}"
        + "".join(f"{results[kind]['errors']:>30}" for kind in kinds)
    )
    memory = [_largest(results[kind]) for kind in kinds]
    lines.append(
        f"{f'worker memory (goal < {MEMORY_GOAL_MB} MB)':28}"
        + "".join(f"{mb:>24.0f} MB {'ok' if mb < MEMORY_GOAL_MB else 'MISS':>4}" for mb in memory)
    )
    editing = [results[kind]["editing"] for kind in kinds]
    lines.append(
        f"While the desk edits every second for {DESK_SECONDS} s, {READERS} readers of claim "
        "pages, lists and searches, from the cache:"
    )
    rows = {
        "trivial view p99": [f"{run['trivial']['p99_ms']:.1f} ms" for run in editing],
        "readers p99": [f"{run['readers']['p99_ms']:.1f} ms" for run in editing],
        "readers requests/s": [f"{run['readers']['rate']:.0f}/s" for run in editing],
        "errors (goal 0)": [
            f"{run['readers']['errors']} {'ok' if not run['readers']['errors'] else 'MISS'}"
            for run in editing
        ],
        f"p99 / trivial p99 (goal <= {P99_GOAL:.0f}x)": [_p99_verdict(run) for run in editing],
        "corrections visible next request": [
            f"{run['edits'] - len(run['missed'])}/{run['edits']} "
            f"{'ok' if not run['missed'] else 'MISS'}"
            for run in editing
        ],
    }
    for label, cells in rows.items():
        lines.append(f"{label:40}" + "".join(f"{cell:>24}" for cell in cells))
    return "\n".join(lines)


def _p99_verdict(run):
    ratio = run["readers"]["p99_ms"] / max(run["trivial"]["p99_ms"], 0.001)
    return f"{ratio:.1f}x {'ok' if ratio <= P99_GOAL else 'MISS'}"


def _largest(result):
    return max(memory["workers"] for memory in result["memory_mb"].values())


if __name__ == "__main__":
    if sys.argv[1:2] == ["generate"]:
        print(
            json.dumps(_generate(sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5:]))
        )
    else:
        main(only=["served"])
