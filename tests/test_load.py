"""
Load and faults: gunicorn serves 50 concurrent readers for LEDGER_LOAD_SECONDS
(30 by default) while an import of 10,000 claims and an editor's admin edits
run. Correctness, not speed (the machine may have two cores): no 5xx, no
"database is locked", the import complete, the ledger verifying.

Marked `load`: `make test` leaves it out, `.ci/run` runs it on SQLite and on
PostgreSQL (`pytest -m load`). Loopback only, bounded in time; every process it
starts is stopped.
"""

import collections
import http.client
import http.cookiejar
import json
import os
import random
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

import pytest

from bench import data
from tests.processes import gunicorn, ledger_state, manage, seeded_database, start_manage, stop

pytestmark = pytest.mark.load

READERS = 50
SECONDS = int(os.environ.get("LEDGER_LOAD_SECONDS", "30"))
IMPORTED = 10_000
PASSWORD = "a-long-desk-password-for-the-load-test"


class AdminForm(HTMLParser):
    """The values the claim change form would post as it is: inputs, selects, textareas."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.values, self._select, self._textarea = [], None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button", "file"}:
            if attrs.get("type") != "checkbox" or "checked" in attrs:
                self.values.append(
                    (name, attrs.get("value") or ("on" if "checked" in attrs else ""))
                )
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.values.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = name
            self.values.append((name, ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, text):
        if self._textarea:
            name, value = self.values.pop()
            self.values.append((name, value + text))


class Desk:
    """An editor in the admin over HTTP, with a session cookie and the CSRF token."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=120) as response:
            return response.status, response.read().decode()

    def post(self, path, values):
        token = next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")
        body = urllib.parse.urlencode([*values, ("csrfmiddlewaretoken", token)]).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, path, error.read().decode(errors="replace")

    def sign_in(self):
        self.get("/admin/login/")
        status, url, _ = self.post(
            "/admin/login/?next=/admin/", [("username", "desk"), ("password", PASSWORD)]
        )
        assert (status, urllib.parse.urlsplit(url).path) == (200, "/admin/"), (status, url)

    def edit(self, claim_id, number):
        """Change a claim's context line through its change form; returns the status."""
        path = f"/admin/claims/claim/{claim_id}/change/"
        status, html = self.get(path)
        assert status == 200
        values = [
            (name, value)
            for name, value in AdminForm(html).values
            if name not in {"context", "change_reason", "_continue", "_addanother"}
        ]
        values += [("context", f"speaking on air, take {number}"), ("change_reason", "Load test")]
        status, url, body = self.post(path, values)
        # Saved: the admin redirects to the changelist.
        assert status >= 500 or url.endswith("/admin/claims/claim/"), body[-2000:]
        return status


def read_pages(base, paths, deadline, statuses, failures):
    """One reader: keep-alive requests for random public pages until the deadline."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    while time.monotonic() < deadline:
        path = random.choice(paths)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            statuses[response.status] += 1
        except (OSError, http.client.HTTPException) as error:
            failures.append(f"{path}: {error!r}")
            connection.close()
            connection = http.client.HTTPConnection(host, int(port), timeout=120)
    connection.close()


@pytest.fixture
def site(tmp_path, db):
    with seeded_database(tmp_path, "load") as url:
        manage(
            url,
            *("createsuperuser", "--noinput", "--username", "desk", "--email", "d@example.org"),
            DJANGO_SUPERUSER_PASSWORD=PASSWORD,
        )
        log = tmp_path / "gunicorn.log"
        with gunicorn(url, log) as base:
            yield url, base, log


def test_readers_an_import_and_the_desk_at_once(site, tmp_path):
    url, base, log = site
    claims_file = tmp_path / "claims.csv"
    data.write_csv(claims_file, claims=IMPORTED, speakers=500, sources=2_000)

    desk = Desk(base)
    desk.sign_in()
    _, api = desk.get("/api/claims/")
    slugs = [claim["slug"] for claim in json.loads(api)["items"]]
    paths = [
        "/claims/",
        "/claims/?q=amnesty",
        "/claims/?status=false",
        "/methodology/",
        "/feeds/claims/",
        "/sitemap.xml",
        "/api/claims/",
        "/ledger/",
        "/ledger/head.json",
        *(f"/claims/{slug}/" for slug in slugs),
        *(f"/api/claims/{slug}/" for slug in slugs),
    ]
    _, changelist = desk.get("/admin/claims/claim/")
    claim_ids = sorted(set(re.findall(r"/admin/claims/claim/(\d+)/change/", changelist)))
    assert slugs and claim_ids

    statuses, failures, edits = collections.Counter(), [], collections.Counter()
    deadline = time.monotonic() + SECONDS
    readers = [
        threading.Thread(target=read_pages, args=(base, paths, deadline, statuses, failures))
        for _ in range(READERS)
    ]
    for reader in readers:
        reader.start()
    importer = start_manage(url, "import_claims", str(claims_file))
    try:
        number = 0
        while time.monotonic() < deadline:
            number += 1
            edits[desk.edit(random.choice(claim_ids), number)] += 1
        for reader in readers:
            reader.join(timeout=180)
        stdout, stderr = importer.communicate(timeout=600)
    finally:
        stop(importer)

    served = sum(statuses.values())
    print(
        f"\n{served:,} pages in {SECONDS} s to {READERS} readers ({served / SECONDS:.0f}/s), "
        f"statuses {dict(statuses)}; {sum(edits.values())} admin edits {dict(edits)}; "
        f"import: {stdout.strip().splitlines()[0] if stdout.strip() else stderr[-500:]}"
    )
    assert not any(reader.is_alive() for reader in readers)
    assert failures == []
    assert [status for status in statuses if status >= 500] == []
    assert set(statuses) <= {200, 304}, statuses
    assert set(edits) == {200}, edits  # each save redirected to the changelist
    assert importer.returncode == 0, stderr
    assert f"Imported {IMPORTED:,} row(s)" in stdout
    server_log = log.read_text()
    assert "database is locked" not in server_log
    assert "Traceback" not in server_log

    assert ledger_state(url)[0] == 8 + IMPORTED
    assert manage(url, "verify_ledger").stdout.startswith("Ledger intact")
