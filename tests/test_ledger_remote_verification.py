"""
A reader who saved a checkpoint checks a ledger site from its published
hashes alone (verify_ledger --url), without access to its database.
"""

import html
import re

import pytest
from django.core.management import CommandError, call_command

from claims.chain import entry_hash
from claims.models import Claim, LedgerEntry, LedgerHead

pytestmark = pytest.mark.django_db(transaction=True)


def verify_site(live_server, *checkpoints):
    options = [f"--checkpoint={checkpoint}" for checkpoint in checkpoints]
    call_command("verify_ledger", f"--url={live_server.url}", *options)


def test_a_site_that_extends_the_checkpoint_verifies(live_server, make_claim, editor, capsys):
    claim = make_claim(summary="Right.")
    earlier = LedgerHead.objects.get().checkpoint
    claim.rate(Claim.Status.TRUE, reason="Checked", by=editor)

    verify_site(live_server, earlier)

    head = LedgerHead.objects.get()
    assert f"Ledger intact at {live_server.url}: {head.entries} entries, head {head.hash}" in (
        capsys.readouterr().out
    )


def test_a_site_whose_hashes_were_rewritten_fails_the_checkpoint(live_server, make_claim):
    make_claim()
    earlier = LedgerHead.objects.get().checkpoint
    make_claim()
    # A rewrite that replaces a record's content hash and recomputes the chain
    # after it, head included: consistent, but not what the checkpoint saw.
    previous = "0" * 64
    for entry in LedgerEntry.objects.order_by("position"):
        if entry.position == 2:
            entry.content_hash = "f" * 64
        entry.entry_hash = previous = entry_hash(entry.position, previous, entry.content_hash)
        entry.save()
    LedgerHead.objects.update(hash=previous)

    with pytest.raises(CommandError, match="Ledger broken at entry 3: it does not match"):
        verify_site(live_server, earlier)


def test_an_unreachable_site_is_a_clear_error(db):
    with pytest.raises(
        CommandError, match=re.escape("Could not read http://127.0.0.1:9/ledger/head.json")
    ):
        call_command("verify_ledger", "--url=http://127.0.0.1:9")


def test_the_python_recipe_on_the_ledger_page_verifies_the_site(
    live_server, make_claim, client, settings, capsys
):
    make_claim()
    earlier = LedgerHead.objects.get().checkpoint
    make_claim()
    settings.LEDGER_SITE_URL = live_server.url
    page = client.get("/ledger/").content.decode()
    recipe = html.unescape(re.search(r"<pre><code>(import hashlib.*?)</code></pre>", page, re.S)[1])
    recipe = recipe.replace(LedgerHead.objects.get().checkpoint, earlier)

    exec(recipe, {})

    head = LedgerHead.objects.get()
    assert capsys.readouterr().out == f"extends the checkpoint: {head.entries} {head.hash}\n"


class HTTPCache:
    """
    A shared cache between a reader and the site, as a CDN behaves: it keeps
    each response for its Cache-Control max-age, and revalidates one marked
    no-cache (or expired) with its ETag.
    """

    def __init__(self, urlopen):
        self.urlopen, self.stored = urlopen, {}

    def __call__(self, request, timeout=None):
        import io
        import urllib.request
        from urllib.error import HTTPError

        url = request.full_url if isinstance(request, urllib.request.Request) else request
        body, etag, fresh = self.stored.get(url, (None, None, False))
        if body is not None and fresh:
            return io.BytesIO(body)
        headers = {"If-None-Match": etag} if etag else {}
        try:
            response = self.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout)
            body, headers = response.read(), response.headers
        except HTTPError as error:
            if error.code != 304:
                raise
            headers = error.headers
        control = headers.get("Cache-Control", "")
        fresh = "no-cache" not in control and "max-age=0" not in control
        self.stored[url] = body, headers.get("ETag"), fresh
        return io.BytesIO(body)


def test_a_cache_between_reader_and_site_cannot_fake_a_break(
    live_server, make_claim, monkeypatch, capsys
):
    from urllib.request import urlopen

    from claims import ledger_views
    from claims.management.commands import verify_ledger

    monkeypatch.setattr(ledger_views, "ENTRIES_PAGE_SIZE", 2)
    cache = HTTPCache(urlopen)
    monkeypatch.setattr(verify_ledger, "urlopen", cache)
    make_claim()
    # Readers fetched every page of today's ledger, and the cache kept them.
    for after in range(LedgerHead.objects.get().entries + 1):
        cache(f"{live_server.url}/ledger/entries.json?after={after}")
    make_claim()

    verify_site(live_server)

    head = LedgerHead.objects.get()
    assert f"{head.entries} entries, head {head.hash}" in capsys.readouterr().out


@pytest.mark.parametrize(
    "page",
    [
        b"[]",
        b'{"entries": [{"position": 1}]}',
        b'{"entries": "none"}',
        b'{"head": {"entries": 1}, "entries": [{"position": "1", "content_hash": 1, '
        b'"entry_hash": null}]}',
    ],
)
def test_a_malformed_page_is_a_clear_error(db, monkeypatch, page):
    import io
    import json

    from claims.management.commands import verify_ledger

    head = json.dumps({"entries": 1, "head": "a" * 64}).encode()

    def fake_urlopen(request, timeout=None):
        url = getattr(request, "full_url", request)
        return io.BytesIO(head if url.endswith("head.json") else page)

    monkeypatch.setattr(verify_ledger, "urlopen", fake_urlopen)
    with pytest.raises(CommandError, match=r"http://ledger\.example/ledger/entries\.json\?after=0"):
        call_command("verify_ledger", "--url=http://ledger.example")
