"""
verify_ledger --url reads a site it does not trust: whatever the site sends
(too much, too slowly, nested too deeply, values of the wrong type), the
command stops with a short CommandError, never a traceback, and holds no
more than its limits (claims/management/commands/verify_ledger.py).
"""

import http.server
import io
import json
import threading
import time

import pytest
from django.core.management import CommandError, call_command

from claims.chain import GENESIS_HASH, entry_hash
from claims.management.commands.verify_ledger import (
    MAX_HEAD_BYTES,
    MAX_PAGE_BYTES,
    MAX_PAGE_ENTRIES,
)

CONTENT_HASH = "c" * 64


def chain_of(count):
    """A valid published chain of `count` entries: (head, entries)."""
    entries, previous = [], GENESIS_HASH
    for position in range(1, count + 1):
        previous = entry_hash(position, previous, CONTENT_HASH)
        entries.append({"position": position, "content_hash": CONTENT_HASH, "entry_hash": previous})
    return {"entries": count, "head": previous}, entries


def as_json(value):
    return json.dumps(value).encode()


class Site(http.server.BaseHTTPRequestHandler):
    """
    Answers /ledger/head.json and /ledger/entries.json from `pages`, by file
    name with its query ("entries.json?after=2") or without: bytes, or a
    callable that writes the whole response itself.
    """

    pages = {}

    def do_GET(self):
        name = self.path.rsplit("/", 1)[-1]
        page = self.pages.get(name, self.pages.get(name.split("?")[0]))
        if callable(page):
            page(self)
            return
        if page is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, *args):
        pass  # quiet: pytest shows what a failing test printed


@pytest.fixture
def site():
    """A hostile ledger site on 127.0.0.1, in a thread of the test."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    Site.pages = {}
    yield Site.pages, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


def verify(url, *options):
    with pytest.raises(CommandError) as failure:
        call_command("verify_ledger", f"--url={url}", *options, stdout=io.StringIO())
    message = str(failure.value)
    # Short, whatever the site sent: nothing of its body is echoed.
    assert len(message) < 400, message
    return message


def test_a_valid_site_verifies(site):
    pages, url = site
    head, entries = chain_of(3)
    pages["head.json"] = as_json(head)
    pages["entries.json"] = as_json({"head": head, "entries": entries, "next": None})
    out = io.StringIO()

    call_command("verify_ledger", f"--url={url}", stdout=out)

    assert f"Ledger intact at {url}: 3 entries, head {head['head']}." in out.getvalue()


def without_length(body):
    """A response that says nothing of its length and ends when the site closes it."""

    def send(handler):
        handler.send_response(200)
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(body)
        handler.close_connection = True

    return send


@pytest.mark.parametrize("declared", [True, False], ids=["with-length", "without-length"])
def test_an_oversized_head_is_refused_unread(site, declared):
    pages, url = site
    body = b'{"entries": 1, "head": "' + b"a" * (MAX_HEAD_BYTES * 4) + b'"}'
    pages["head.json"] = body if declared else without_length(body)

    message = verify(url)

    assert f"{url}/ledger/head.json sent more than {MAX_HEAD_BYTES:,} bytes" in message


def test_an_oversized_page_is_refused_unread(site):
    pages, url = site
    head, _ = chain_of(1)
    pages["head.json"] = as_json(head)
    pages["entries.json"] = without_length(b" " * (MAX_PAGE_BYTES + 1) + as_json({}))

    message = verify(url)

    assert f"sent more than {MAX_PAGE_BYTES:,} bytes" in message


def test_a_page_of_too_many_entries_is_refused(site):
    pages, url = site
    head, entries = chain_of(MAX_PAGE_ENTRIES + 1)
    pages["head.json"] = as_json(head)
    pages["entries.json"] = as_json({"head": head, "entries": entries, "next": None})

    message = verify(url)

    assert f"lists {MAX_PAGE_ENTRIES + 1:,} entries, more than the {MAX_PAGE_ENTRIES:,}" in (
        message
    )


def test_a_site_that_sends_a_byte_at_a_time_is_given_up_at_the_deadline(site):
    pages, url = site
    stop = threading.Event()

    def drip(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        # A byte every fifth of a second: each read gets something well
        # within its timeout, and the page would take over three minutes.
        for _ in range(1000):
            if stop.wait(0.2):
                return
            try:
                handler.wfile.write(b" ")
                handler.wfile.flush()
            except OSError:
                return  # the reader gave up

    pages["head.json"] = drip
    started = time.monotonic()

    try:
        message = verify(url, "--deadline=2")
    finally:
        stop.set()

    assert time.monotonic() - started < 4
    assert f"Gave up on {url} after 2 seconds (--deadline)" in message


def test_a_site_that_never_answers_is_given_up_at_the_deadline(site):
    pages, url = site
    stop = threading.Event()
    pages["head.json"] = lambda handler: stop.wait(10)
    started = time.monotonic()

    try:
        message = verify(url, "--deadline=1.5")
    finally:
        stop.set()

    assert time.monotonic() - started < 3
    assert "(--deadline)" in message


@pytest.mark.parametrize("name", ["head.json", "entries.json"])
def test_deeply_nested_json_is_a_clear_error(site, name):
    pages, url = site
    head, _ = chain_of(1)
    pages["head.json"] = as_json(head)
    # Deep enough for Python's parser to give up, small enough for any limit.
    pages[name] = b"[" * 30_000 + b"]" * 30_000

    message = verify(url)

    assert "its JSON nests too deeply" in message


@pytest.mark.parametrize(
    ("head", "entry"),
    [
        ({"entries": True, "head": "a" * 64}, None),
        ({"entries": "1", "head": "a" * 64}, None),
        ({"entries": 1, "head": "A" * 64}, None),
        ({"entries": 1, "head": ["a" * 64]}, None),
        (None, {"position": True}),
        (None, {"position": 1.0}),
        (None, {"position": 0}),
        (None, {"content_hash": "not hex" * 9 + "0"}),
        (None, {"entry_hash": None}),
        (None, {"entry_hash": "a" * 65}),
    ],
)
def test_values_of_the_wrong_type_are_refused(site, head, entry):
    pages, url = site
    valid_head, entries = chain_of(1)
    pages["head.json"] = as_json(head or valid_head)
    entries[0].update(entry or {})
    pages["entries.json"] = as_json({"head": valid_head, "entries": entries, "next": None})

    message = verify(url)

    if head:
        assert message.startswith(f"{url}/ledger/head.json is not a ledger head")
    else:
        assert "is not a page of ledger entries: " in message
        assert "entry 1" in message


def test_a_page_head_of_the_wrong_type_is_refused(site):
    pages, url = site
    head, entries = chain_of(1)
    pages["head.json"] = as_json(head)
    pages["entries.json"] = as_json({"head": {"entries": True}, "entries": entries})

    assert 'its head has no whole number of "entries"' in verify(url)


def test_a_deadline_that_is_not_a_positive_number_is_refused(site):
    _, url = site

    assert "--deadline must be a positive number" in verify(url, "--deadline=0")


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_is_shown_on_a_terminal_only(site):
    pages, url = site
    head, entries = chain_of(4)
    pages["head.json"] = as_json(head)
    pages["entries.json?after=0"] = as_json({"head": head, "entries": entries[:2]})
    pages["entries.json?after=2"] = as_json({"head": head, "entries": entries[2:]})
    logs, terminal = io.StringIO(), Terminal()

    call_command("verify_ledger", f"--url={url}", stdout=io.StringIO(), stderr=logs)
    call_command("verify_ledger", f"--url={url}", stdout=io.StringIO(), stderr=terminal)

    assert logs.getvalue() == ""
    drawn = terminal.getvalue().split("\r")
    assert any(line.startswith("Verifying the ledger: 100%") and "4/4" in line for line in drawn)
