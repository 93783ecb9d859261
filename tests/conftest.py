"""Personas and small factories shared by the tests."""

import itertools

import pytest

from claims.models import Claim, Source, Speaker, Topic

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(django_user_model):
    """Erin edits the desk's work and signs off verdicts."""
    return django_user_model.objects.create_user(
        "erin", email="erin@example.org", password="erin-password", first_name="Erin"
    )


@pytest.fixture
def reviewer(django_user_model):
    """Ravi checks claims."""
    return django_user_model.objects.create_user(
        "ravi", email="ravi@example.org", password="ravi-password", first_name="Ravi"
    )


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
