"""
Pages in-process: requests per second through Django's WSGI handler (no
network, no server), each as a share of a trivial view that returns a constant
string through the same middleware (bench/urls.py), the framework's own
ceiling on this machine.

    python -m bench pages [--claims N] [--databases sqlite,postgres] [--keep]

Five pages, each over 20 URLs in turn (20 claims, list pages 1 to 20, 20
searches for selective words, 20 speakers, API pages 1 to 20): built afresh
(a dummy cache), from the page cache in local memory, and from Redis
(BENCH_REDIS_URL, default redis://127.0.0.1:6379/0; left out when it does not
answer). Variants take turns in short slices, so a busy machine slows all of
them alike and the ratios hold. It also counts each page's queries.
"""

import json
import time

from bench.site import LABELS, main, worker

PAGES = ["claim detail", "claim list", "search", "speaker page", "API list"]
GOALS = {"claim detail": 0.30, "claim list": 0.12}
CACHED_GOAL = 0.80


def run(data_set, options):
    import os

    params = {
        "claims": data_set.claims,
        "seconds": options.seconds or 3.0,
        "redis": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
    }
    return worker(data_set.url, "pages", json.dumps(params))


def page_urls(claims):
    """{page: [20 URLs]} over the generated data set (bench/data.py)."""
    from bench.search import terms
    from claims.models import Claim, Speaker

    with_evidence = (
        Claim.objects.published()
        .filter(pk__in=range(5, claims + 1, 5))
        .order_by("-pk")
        .values_list("slug", flat=True)[:20]
    )
    speakers = Speaker.objects.order_by("pk").values_list("slug", flat=True)[:20]
    return {
        "claim detail": [f"/claims/{slug}/" for slug in with_evidence],
        "claim list": [f"/claims/?page={number}" for number in range(1, 21)],
        "search": [f"/claims/?q={word}" for word in terms(claims)["selective"]],
        "speaker page": [f"/speakers/{slug}/" for slug in speakers],
        "API list": [f"/api/claims/?page={number}" for number in range(1, 21)],
    }


def measure(params):
    import io
    import itertools
    import sys

    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import claims.caching

    settings.ROOT_URLCONF = "bench.urls"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
        "local memory": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "redis": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": params["redis"]},
    }
    from django.core.cache import caches

    stores = {"built": caches["default"], "local memory": caches["local memory"]}
    try:
        caches["redis"].set("ledger:bench", 1, 5)
        stores["redis"] = caches["redis"]
    except Exception as error:
        print(f"Redis left out: {error}", file=sys.stderr)

    application = WSGIHandler()
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    def call(url):
        path, _, query = url.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SCRIPT_NAME": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        body = application(environ, start_response)
        b"".join(body)
        body.close()

    urls = page_urls(params["claims"])
    variants = {("trivial view", "built"): ["/bench/trivial/"]}
    for page, store in itertools.product(PAGES, stores):
        variants[page, store] = urls[page]
    queries = {}
    for page in PAGES:
        claims.caching.cache = stores["built"]
        with CaptureQueriesContext(connection) as captured:
            call(urls[page][0])
        queries[page] = len(captured)
    # Every URL once in each store first: the "cached" variants then only hit.
    for (_, store), paths in variants.items():
        claims.caching.cache = stores[store]
        for url in paths:
            statuses.clear()
            call(url)
            if statuses[-1] != "200 OK":
                raise RuntimeError(f"{url} answered {statuses[-1]}")

    done = dict.fromkeys(variants, 0)
    spent = dict.fromkeys(variants, 0.0)
    rounds = 6
    for _ in range(rounds):
        for variant, paths in variants.items():
            claims.caching.cache = stores[variant[1]]
            cycle = itertools.cycle(paths)
            started = time.perf_counter()
            deadline = started + params["seconds"] / rounds
            count = 0
            while count % 10 or time.perf_counter() < deadline:
                call(next(cycle))
                count += 1
            spent[variant] += time.perf_counter() - started
            done[variant] += count
    rates = {f"{page}|{store}": done[page, store] / spent[page, store] for page, store in variants}
    return {"rates": rates, "queries": queries, "stores": list(stores)}


def table(results, options):
    kinds = list(results)
    columns = f"{'queries':>8}{'built/s':>9}{'built':>7}{'cached':>8}{'redis':>7}"
    lines = [
        f"Pages in-process (Django's WSGI handler, no network), {options.claims:,} claims: "
        "requests/s built afresh, and built, cached in local memory and cached in Redis as a "
        "share of the trivial view's requests/s.",
        f"{'':22}" + "".join(f"{LABELS[kind]:>39}" for kind in kinds),
        f"{'':22}" + "".join(f"{columns:>39}" for _ in kinds),
    ]
    for page in ["trivial view", *PAGES]:
        cells = []
        for kind in kinds:
            rates = results[kind]["rates"]
            trivial = rates["trivial view|built"]
            if page == "trivial view":
                cells.append(f"{0:>8}{trivial:>9.0f}{'':>22}")
                continue
            shares = [
                f"{rates[f'{page}|{store}'] / trivial:.0%}" if f"{page}|{store}" in rates else "-"
                for store in ("built", "local memory", "redis")
            ]
            cells.append(
                f"{results[kind]['queries'][page]:>8}{rates[f'{page}|built']:>9.0f}"
                f"{shares[0]:>7}{shares[1]:>8}{shares[2]:>7}"
            )
        lines.append(f"{page:22}" + "".join(f"{cell:>39}" for cell in cells))

    def goal_line(label, verdicts):
        # Each verdict under its database's columns.
        lines.append(f"{label:44}{verdicts[0]:>17}" + "".join(f"{v:>39}" for v in verdicts[1:]))

    for page, goal in GOALS.items():
        goal_line(
            f"{page} built (goal >= {goal:.0%})",
            [_verdict(results[kind]["rates"], f"{page}|built", goal) for kind in kinds],
        )
    for store in ("local memory", "redis"):
        goal_line(
            f"slowest cached, {store} (goal >= {CACHED_GOAL:.0%})",
            [
                _verdict(
                    results[kind]["rates"],
                    min(
                        (f"{page}|{store}" for page in PAGES),
                        key=lambda key, kind=kind: results[kind]["rates"].get(key, 0),
                    ),
                    CACHED_GOAL,
                )
                for kind in kinds
            ],
        )
    return "\n".join(lines)


def _verdict(rates, key, goal):
    if key not in rates:
        return "-"
    share = rates[key] / rates["trivial view|built"]
    return f"{share:.0%} {'ok' if share >= goal else 'MISS':>5}"


if __name__ == "__main__":
    main(only=["pages"])
