"""Personas and small factories shared by the tests."""

import itertools

import pytest
from django.contrib.auth.models import Group, Permission

from claims.models import Claim, Source, Speaker, Topic
from claims.roles import EDITORS, REVIEWERS, sync_roles

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def site_language_after_each_test():
    """
    A request in Chinese leaves its language active in the thread (the
    LocaleMiddleware activates it and nothing resets it after the test
    client's response): the next test would get the admin's refusals in
    Chinese, whichever test ran before it.
    """
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_page_cache():
    """
    Each test starts with an empty page cache: pages are keyed by the ledger's
    head, and two tests' databases can share one (an empty ledger's, or one
    the test moves by settings rather than by a write).
    """
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def editor(django_user_model):
    """Erin edits the desk's work and signs off verdicts."""
    user = django_user_model.objects.create_user(
        "erin", email="erin@example.org", password="erin-password", first_name="Erin"
    )
    return _join(user, EDITORS)


@pytest.fixture
def reviewer(django_user_model):
    """Ravi checks claims."""
    user = django_user_model.objects.create_user(
        "ravi", email="ravi@example.org", password="ravi-password", first_name="Ravi"
    )
    return _join(user, REVIEWERS)


@pytest.fixture
def reader(django_user_model):
    """Rita may sign in to the admin (staff) but holds no role: she may change nothing."""
    return django_user_model.objects.create_user(
        "rita", email="rita@example.org", password="rita-password", is_staff=True
    )


@pytest.fixture
def make_editor(django_user_model):
    """More editors for a sign-off panel, named in Chinese, Arabic and Hindi."""
    names = itertools.cycle(["陳大文", "李小龍", "فاطمة الزهراء", "अनीता देसाई"])

    def make(first_name=None):
        number = next(_numbers)
        user = django_user_model.objects.create_user(
            f"editor{number}", password=f"editor-{number}", first_name=first_name or next(names)
        )
        return _join(user, EDITORS)

    return make


def _join(user, role):
    """Staff in the named role. The roles are re-synced because flushed databases lose them."""
    sync_roles(Group, Permission)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def make_speaker(db):
    def make(**fields):
        fields.setdefault("name", f"Speaker {next(_numbers)}")
        return Speaker.objects.create(**fields)

    return make


@pytest.fixture
def make_source(db):
    def make(**fields):
        number = next(_numbers)
        fields.setdefault("title", f"Report {number}")
        fields.setdefault("publisher", "The Daily Example")
        fields.setdefault("url", f"https://news.example.org/report-{number}")
        return Source.objects.create(**fields)

    return make


@pytest.fixture
def make_topic(db):
    def make(**fields):
        fields.setdefault("name", f"Topic {next(_numbers)}")
        return Topic.objects.create(**fields)

    return make


@pytest.fixture
def make_claim(make_speaker, make_source):
    """A draft claim; pass published=True for a published one."""

    def make(*, published=False, **fields):
        fields.setdefault("text", f"Claim number {next(_numbers)} was said.")
        fields.setdefault("speaker", make_speaker())
        fields.setdefault("source", make_source())
        claim = Claim(**fields)
        claim.save_recorded(reason="Created by a test")
        if published:
            claim.publish(by=None)
        return claim

    return make


@pytest.fixture
def form_data():
    """
    Turns an admin add/change page's response into the POST data its form
    would send unchanged, inline formsets included, for a test to edit.
    """

    def read(response):
        context = response.context
        data = {}
        _add_form_values(data, context["adminform"].form)
        for inline in context.get("inline_admin_formsets", []):
            formset = inline.formset
            _add_form_values(data, formset.management_form)
            for form in formset.forms:
                _add_form_values(data, form)
        return data

    return read


def _add_form_values(data, form):
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        key = form.add_prefix(name)
        if isinstance(value, (list, tuple)):
            data[key] = [str(item) for item in value]
        else:
            data[key] = "on" if value is True else str(value)


# The public site -------------------------------------------------------------


@pytest.fixture
def seeded(db):
    """The seed fixture, loaded the way `make run` loads it: 4 published claims, 4 drafts."""
    from django.core.management import call_command

    call_command("loaddata", "amnesty-hk-2021", verbosity=0)


@pytest.fixture
def make_verdict(make_claim, make_speaker, make_source, reviewer, editor):
    """
    A published, rated claim as the public sees one: a speaker with a role, a
    source with an archived copy, a reviewer, a topic, and one item of evidence.
    """
    from claims.models import Evidence

    def make(*, status="false", summary="The figures say otherwise.", **fields):
        fields.setdefault(
            "speaker",
            make_speaker(description="minister for the example", same_as="https://example.org/m"),
        )
        fields.setdefault(
            "source",
            make_source(archived_url="https://web.archive.org/web/2021/https://news.example.org/"),
        )
        claim = make_claim(**fields)
        claim.assign(reviewer, by=editor)
        claim.rate(status, reason="Checked against the figures", by=reviewer, summary=summary)
        Evidence(
            claim=claim,
            url=f"https://stats.example.org/{claim.slug}",
            title="Official figures",
            publisher="Statistics Office",
            excerpt="The rate rose.",
            stance=Evidence.Stance.REFUTES,
        ).save_recorded(reason="Evidence added", by=reviewer)
        claim.publish(by=editor)
        return claim

    return make


@pytest.fixture
def write_file(tmp_path):
    """Write `content` (text, or bytes as they are) to a file named `name`; returns its path."""

    def write(name, content):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return str(path)

    return write


@pytest.fixture
def import_claims(db):
    """
    Run `import_claims` with these arguments; returns what it printed. On
    failure the CommandError's message ends with the errors it printed.
    """
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    def run(*args):
        out, err = StringIO(), StringIO()
        try:
            call_command("import_claims", *args, stdout=out, stderr=err)
        except CommandError as error:
            raise CommandError(f"{error}\n{err.getvalue()}") from error
        return out.getvalue() + err.getvalue()

    return run


# App server processes --------------------------------------------------------

# The servers' signing key; desk_cookies signs its session with it too.
APP_SERVER_SECRET_KEY = "a-test-secret-key-for-the-app-server-processes"


@pytest.fixture
def app_server(transactional_db):
    """
    Starts gunicorn serving the ledger on a free port of 127.0.0.1, against
    this test's database (PostgreSQL only: other processes cannot open the
    in-memory SQLite test database) with the given extra environment; returns
    its base URL. Every server is stopped when the test ends, before the
    database is flushed.
    """
    import os
    import socket
    import subprocess
    import sys
    import time
    from pathlib import Path

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("app server processes need a database they can share: run on PostgreSQL")
    database = connection.settings_dict
    database_url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}"
        f"@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    )
    servers = []

    def start(**environment):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env = {
            **os.environ,
            "DJANGO_SECRET_KEY": APP_SERVER_SECRET_KEY,
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            **environment,
        }
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "ledger.wsgi:application"),
                *("--workers=1", f"--bind=127.0.0.1:{port}"),
            ],
            cwd=Path(__file__).resolve().parent.parent,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        servers.append(server)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if server.poll() is not None:
                pytest.fail(f"gunicorn stopped: {server.stderr.read().decode()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return f"http://127.0.0.1:{port}"
            except OSError:
                time.sleep(0.1)
        pytest.fail("gunicorn did not answer within 30 seconds")

    start.database_url = database_url
    yield start
    for server in servers:
        server.terminate()
    for server in servers:
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server.stderr.close()


@pytest.fixture
def http():
    """
    `http(method, url, fields=None, cookies=None)` -> (status, body text):
    one request with the standard library, redirects not followed.
    """
    import http.client
    from urllib.parse import urlencode, urlsplit

    def request(method, url, fields=None, cookies=None):
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        headers = {}
        body = None
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read().decode()
        finally:
            connection.close()

    return request


@pytest.fixture
def redis_url():
    """
    The Redis the app processes share (TEST_REDIS_URL, default
    redis://127.0.0.1:6379/0); the test is skipped when it does not answer.
    Emptied first: pages and their versions are keyed by the database's name,
    which every test's database shares, so a test must not find another's.
    """
    import os

    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()
    except redis.RedisError as error:
        pytest.skip(f"Redis is not answering at {url} ({error}): set TEST_REDIS_URL")
    return url


@pytest.fixture
def desk_cookies(editor, settings):
    """
    The cookies of Erin's signed-in admin session and a CSRF token, for an
    app_server process: the session is signed with the servers' key.
    """
    from django.test import Client
    from django.utils.crypto import get_random_string

    settings.SECRET_KEY = APP_SERVER_SECRET_KEY
    client = Client()
    client.force_login(editor)
    token = get_random_string(32)
    return {
        settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
        settings.CSRF_COOKIE_NAME: token,
    }
