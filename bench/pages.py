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
answer; the ledger's keys in it are deleted first). Variants take turns in
short slices, so a busy machine slows all of them alike and the ratios hold.
It also counts each page's queries.

"Untouched, while editing": the claim pages and speakers' pages above, from
each cache, while an editor re-rates one other claim (Claim.rate, as the
desk does) every second. The edits' own time is left out: what is measured
is what a reader of a page the edit did not touch pays for it.
"""

import json
import time

from bench.site import LABELS, main, worker

PAGES = ["claim detail", "claim list", "search", "speaker page", "API list"]
GOALS = {"claim detail": 0.30, "claim list": 0.12}
CACHED_GOAL = 0.80
EDITING = "untouched, while editing"
EDITING_GOAL = 0.50
# The list built afresh as it is after an edit: its page stale, most of its
# rows (claim_rows) still in the cache.
REBUILT = "rebuilt after an edit"


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
        # Room for every page and row measured: a culled version only makes
        # its pages rebuild, which is not what the cached variants measure.
        "local memory": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        },
        "redis": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": params["redis"]},
    }
    from django.core.cache import caches

    stores = {"built": caches["default"], "local memory": caches["local memory"]}
    stores[REBUILT] = caches["local memory"]
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

    if "redis" in stores:
        # Pages and versions of an earlier run's data set of the same name.
        caches["redis"].delete_pattern("ledger:*")
    urls = page_urls(params["claims"])
    variants = {("trivial view", "built"): ["/bench/trivial/"]}
    for page, store in itertools.product(PAGES, [store for store in stores if store != REBUILT]):
        variants[page, store] = urls[page]
    edited = ClaimToEdit(urls)
    variants["claim list", REBUILT] = urls["claim list"]
    # The trivial view again beside them, for their ratios.
    variants["trivial view", EDITING] = ["/bench/trivial/"]
    for store in [store for store in stores if store not in ("built", REBUILT)]:
        variants[EDITING, store] = urls["claim detail"] + urls["speaker page"]
    queries = {}
    for page in PAGES:
        claims.caching.cache = stores["built"]
        with CaptureQueriesContext(connection) as captured:
            call(urls[page][0])
        queries[page] = len(captured)
    # Every URL once in each store first: the "cached" variants then only hit.
    for (_, store), paths in variants.items():
        claims.caching.cache = stores.get(store, stores["built"])
        for url in paths:
            statuses.clear()
            call(url)
            if statuses[-1] != "200 OK":
                raise RuntimeError(f"{url} answered {statuses[-1]}")

    done = dict.fromkeys(variants, 0)
    spent = dict.fromkeys(variants, 0.0)
    rounds = 6
    # The edits (and the rebuilt lists) last: each makes the lists stale,
    # which the other variants would then measure being rebuilt.
    late = [variant for variant in variants if EDITING in variant or REBUILT in variant]
    for group in ([variant for variant in variants if variant not in late], late):
        for _ in range(rounds):
            for variant in group:
                claims.caching.cache = stores.get(variant[1], stores["built"])
                cycle = itertools.cycle(variants[variant])
                started = time.perf_counter()
                deadline = started + params["seconds"] / rounds
                count, editing, next_edit = 0, 0.0, started
                while count % 10 or time.perf_counter() < deadline + editing:
                    if variant[0] == EDITING and time.perf_counter() >= next_edit:
                        before = time.perf_counter()
                        edited.re_rate()
                        editing += time.perf_counter() - before
                        next_edit = before + 1.0
                    if variant[1] == REBUILT:
                        claims.caching._move([claims.caching.LISTS], time.time())
                    call(next(cycle))
                    count += 1
                spent[variant] += time.perf_counter() - started - editing
                done[variant] += count
    rates = {f"{page}|{store}": done[page, store] / spent[page, store] for page, store in variants}
    return {"rates": rates, "queries": queries, "stores": list(stores), "edits": edited.edits}


class ClaimToEdit:
    """A published claim on none of the measured pages, re-rated back and forth."""

    def __init__(self, urls):
        from claims.models import Claim

        shown = {url.split("/")[2] for url in urls["claim detail"] + urls["speaker page"]}
        claims = Claim.objects.published().exclude(slug__in=shown).exclude(speaker__slug__in=shown)
        self.claim = claims.order_by("pk").first()
        self.edits = 0

    def re_rate(self):
        status = "false" if self.claim.status != "false" else "mostly_false"
        self.claim.rate(
            status,
            reason="Re-rated by the bench",
            by=None,
            summary=self.claim.summary or "Re-rated.",
        )
        self.edits += 1


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
    for page in ["trivial view", *PAGES, EDITING]:
        cells = []
        for kind in kinds:
            rates = results[kind]["rates"]
            trivial = rates["trivial view|built"]
            if page == "trivial view":
                cells.append(f"{0:>8}{trivial:>9.0f}{'':>22}")
                continue
            if page == EDITING:
                beside = rates[f"trivial view|{EDITING}"]
                keys = [f"{page}|{store}" for store in ("local memory", "redis")]
                shares = [f"{rates[key] / beside:.0%}" if key in rates else "-" for key in keys]
                cells.append(f"{'':>8}{'':>9}{'':>7}{shares[0]:>8}{shares[1]:>7}")
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
    goal_line(
        f"claim list {REBUILT} (goal >= {GOALS['claim list']:.0%})",
        [
            _verdict(
                results[kind]["rates"],
                f"claim list|{REBUILT}",
                GOALS["claim list"],
                trivial=f"trivial view|{EDITING}",
            )
            for kind in kinds
        ],
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
    for store in ("local memory", "redis"):
        goal_line(
            f"{EDITING}, {store} (goal >= {EDITING_GOAL:.0%})",
            [
                _verdict(
                    results[kind]["rates"],
                    f"{EDITING}|{store}",
                    EDITING_GOAL,
                    trivial=f"trivial view|{EDITING}",
                )
                for kind in kinds
            ],
        )
    return "\n".join(lines)


def _verdict(rates, key, goal, trivial="trivial view|built"):
    if key not in rates:
        return "-"
    share = rates[key] / rates[trivial]
    return f"{share:.0%} {'ok' if share >= goal else 'MISS':>5}"


if __name__ == "__main__":
    main(only=["pages"])
