"""
Reading ld+json blocks from fact-checkers' pages: the ledger's own block
reader (claims/interchange/claimreview.py) beside extruct 0.18.0, the
well-kept extractor issue 17 suggests, on the same pages.

    DJANGO_SETTINGS_MODULE=ledger.settings .venv/bin/python -m bench.ld_json_pages \
        --extruct-python /path/to/a/venv/with/extruct/bin/python

extruct is not a dependency of the ledger: install it into a virtualenv of its
own (`python -m venv /tmp/ev && /tmp/ev/bin/pip install extruct==0.18.0`) and
name its Python; without one, only our reader is timed. Each figure is the best
of three runs, of finding the blocks and parsing their JSON.
"""

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time

import django

REVIEW = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "No, el agua con limón no cura el cáncer",
    "review": {
        "@type": "ClaimReview",
        "url": "https://factcheck.afp.com/es/doc.afp.com.33FQ8XX",
        "datePublished": "2023-03-02",
        "claimReviewed": "El agua con limón caliente cura el cáncer 錯誤 زائف",
        "author": {"@type": "Organization", "name": "AFP Factual"},
        "reviewRating": {"@type": "Rating", "alternateName": "Falso"},
    },
}
BODY = "<p>" + "Un párrafo del artículo, 一段文字, فقرة من المقال. " * 40 + "</p>\n"
EXTRUCT = """
import sys, time, extruct
html = open(sys.argv[1], encoding="utf-8").read()
best = None
for _ in range(3):
    start = time.perf_counter()
    data = extruct.extract(html, syntaxes=["json-ld"], uniform=False)
    took = time.perf_counter() - start
    best = took if best is None else min(best, took)
print(best, len(data["json-ld"]))
"""


def pages():
    review = json.dumps(REVIEW, ensure_ascii=False)
    block = f'<script type="application/ld+json">{review}</script>\n'
    head = "<!doctype html><html><head><meta charset='utf-8'><title>t</title>\n"
    broken = block.replace('"Falso"}', '"Falso"')
    yield "an article page, 3 blocks", head + block * 3 + "</head><body>" + BODY * 25
    yield "a listing page, 300 blocks", head + "</head><body>" + (block + BODY * 2) * 300
    yield "an article page, 1 of 3 blocks broken", head + block + broken + block + BODY * 25
    yield "hostile: openers never closed", head + '<script type="application/ld+json">' * 17000


def ours(text):
    from claims.interchange.claimreview import _ld_json_blocks

    best = None
    for _ in range(3):
        start = time.perf_counter()
        blocks, _unclosed = _ld_json_blocks(text)
        documents = []
        for begin, end in blocks:
            # A broken block is reported by the importer, with its line; the rest are read.
            with contextlib.suppress(ValueError):
                documents.append(json.loads(text[begin:end]))
        took = time.perf_counter() - start
        best = took if best is None else min(best, took)
    return best, len(documents)


def theirs(python, text):
    with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8", delete=False) as page:
        page.write(text)
    try:
        result = subprocess.run(
            [python, "-c", EXTRUCT, page.name], capture_output=True, text=True, timeout=600
        )
    finally:
        os.unlink(page.name)
    if result.returncode:
        return None, result.stderr.strip().splitlines()[-1]
    took, found = result.stdout.split()
    return float(took), int(found)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--extruct-python", help="A Python with extruct installed.")
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ledger.settings")
    django.setup()
    for name, text in pages():
        took, found = ours(text)
        size = len(text.encode()) / 1024
        line = f"{name} ({size:,.0f} KiB): ours {took * 1000:.2f} ms ({found} read)"
        if arguments.extruct_python:
            their_time, their_found = theirs(arguments.extruct_python, text)
            if their_time is None:
                line += f"; extruct failed: {their_found}"
            else:
                line += (
                    f"; extruct {their_time * 1000:.2f} ms ({their_found} read); "
                    f"extruct takes {their_time / took:.1f}x ours"
                )
        print(line, flush=True)


if __name__ == "__main__":
    sys.exit(main())
