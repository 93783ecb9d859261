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
