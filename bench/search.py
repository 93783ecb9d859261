"""
Search over the generated claims: the latency of the search index's one query
(claims/search.py, what /claims/?q= and the API run) for selective words (in a
few dozen claims) and common ones (in 13% to 55% of them), against an
`icontains` scan that answers the same question (published claims whose text,
speaker or source contain the word, the newest 1,001) without the index.

    python -m bench search [--claims N] [--databases sqlite,postgres] [--keep]

Selective words are drawn from the rank of the vocabulary where a word is
expected in about 30 claims at this size (bench/data.py draws words by Zipf's
law), so they stay selective at any --claims.
"""

import json
import statistics
import time

from bench.site import LABELS, main, worker

CLASSES = ["selective", "common"]
SELECTIVE_P95_MS = 10
COMMON_P95_MS = 100
SPEEDUP_GOAL = 100


def run(data_set, options):
    return worker(data_set.url, "search", json.dumps({"claims": data_set.claims}))


def terms(claims):
    """{"selective": 20 words, "common": 10 words} for a data set of `claims` claims."""
    from bench.data import VOCABULARY_SIZE, vocabulary

    words = vocabulary()
    # A word of rank r is in about claims * 16 / (r * 11.4) claims: 16 words a
    # claim, and 11.4 the harmonic number of the vocabulary's size.
    rank = min(max(int(claims * 16 / (11.4 * 30)), 500), VOCABULARY_SIZE - 20)
    return {"selective": words[rank : rank + 20], "common": words[1:11]}


def _icontains(words):
    from django.db.models import Q

    from claims.models import Claim
    from claims.search import RESULTS

    claims = Claim.objects.published()
    for word in words:
        claims = claims.filter(
            Q(text__icontains=word)
            | Q(speaker__name__icontains=word)
            | Q(source__title__icontains=word)
            | Q(source__publisher__icontains=word)
        )
    return list(claims.order_by("-pk").values_list("pk", flat=True)[: RESULTS + 1])


def _indexed(words):
    from claims.models import Claim
    from claims.search import matching_claim_ids

    ids, more = matching_claim_ids(Claim.objects.published(), " ".join(words))
    return ids + [None] * more


def _timed(function, words):
    started = time.perf_counter()
    found = function(words)
    return (time.perf_counter() - started) * 1000, len(found)


def _percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, round(share * (len(values) - 1)))]


def measure(params):
    chosen = terms(params["claims"])
    results = {}
    for kind in CLASSES:
        words = chosen[kind]
        for word in words:  # warm the database's caches, as a live site's are
            _indexed([word])
        indexed, matches = [], []
        for _ in range(5):
            for word in words:
                milliseconds, found = _timed(_indexed, [word])
                indexed.append(milliseconds)
                matches.append(found)
        # The scan takes seconds at a million claims: a few words, twice each.
        scanned = [_timed(_icontains, [word])[0] for word in words[:4] * 2]
        results[kind] = {
            "index_p50": statistics.median(indexed),
            "index_p95": _percentile(indexed, 0.95),
            "scan_p50": statistics.median(scanned),
            "scan_p95": _percentile(scanned, 0.95),
            "matches": statistics.median(matches),
            "words": words[:3],
        }
    return results


def table(results, options):
    kinds = list(results)
    lines = [
        f"Search over {options.claims:,} claims: the index's query against an icontains scan "
        "(milliseconds; matches returned, at most 1,001).",
        f"{'':34}" + "".join(f"{LABELS[kind]:>18}" for kind in kinds),
    ]

    def line(label, values):
        lines.append(f"{label:34}" + "".join(f"{value:>18}" for value in values))

    for kind in CLASSES:
        example = ", ".join(results[kinds[0]][kind]["words"])
        lines.append(f"{kind} words (e.g. {example})")
        line("  matches (median)", [f"{results[k][kind]['matches']:,.0f}" for k in kinds])
        line("  index p50 / p95 (ms)", [_pair(results[k][kind], "index") for k in kinds])
        line("  icontains p50 / p95 (ms)", [_pair(results[k][kind], "scan") for k in kinds])
        line(
            "  icontains / index (p50)",
            [f"{results[k][kind]['scan_p50'] / results[k][kind]['index_p50']:.0f}x" for k in kinds],
        )
    line(
        f"selective p95 (goal <= {SELECTIVE_P95_MS} ms)",
        [_goal(results[k]["selective"]["index_p95"] <= SELECTIVE_P95_MS) for k in kinds],
    )
    line(
        f"selective speed-up (goal >= {SPEEDUP_GOAL}x)",
        [
            _goal(
                results[k]["selective"]["scan_p50"] / results[k]["selective"]["index_p50"]
                >= SPEEDUP_GOAL
            )
            for k in kinds
        ],
    )
    line(
        f"common p95 (goal <= {COMMON_P95_MS} ms)",
        [_goal(results[k]["common"]["index_p95"] <= COMMON_P95_MS) for k in kinds],
    )
    return "\n".join(lines)


def _pair(result, name):
    return f"{result[f'{name}_p50']:.1f} / {result[f'{name}_p95']:.1f}"


def _goal(met):
    return "ok" if met else "MISS"


if __name__ == "__main__":
    main(only=["search"])
