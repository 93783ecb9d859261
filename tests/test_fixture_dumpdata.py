"""dumpdata with natural keys loads into an empty ledger; loaddata of the seed records history."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.serializers.base import DeserializationError

from claims.models import Claim, Correction, Source, Speaker, Topic
from claims.roles import sync_roles


def counts():
    return [model.objects.count() for model in (Claim, Speaker, Source, Topic)]


@pytest.mark.django_db
def test_a_natural_key_dump_loads_into_an_empty_ledger(tmp_path):
    call_command("loaddata", "amnesty-hk-2021", verbosity=0)
    topics = {
        claim.slug: set(claim.topics.values_list("slug", flat=True))
        for claim in Claim.objects.all()
    }
    loaded = counts()
    path = tmp_path / "dump.json"
    call_command(
        "dumpdata",
        "claims",
        "--natural-foreign",
        "--natural-primary",
        "--output",
        str(path),
        verbosity=0,
    )
    call_command("flush", "--no-input", verbosity=0)
    assert counts() == [0, 0, 0, 0]

    out = StringIO()
    call_command("loaddata", str(path), stdout=out)

    assert counts() == loaded
    # The dump's history and ledger rows are not loaded raw: this ledger
    # records its own history of the loaded rows, and its chain verifies.
    assert "history and ledger record(s) from the fixture" in out.getvalue()
    assert set(Claim.history.values_list("history_change_reason", flat=True)) == {
        "loaded from fixture dump.json"
    }
    call_command("verify_ledger", stdout=StringIO())
    assert {
        claim.slug: set(claim.topics.values_list("slug", flat=True))
        for claim in Claim.objects.all()
    } == topics


@pytest.mark.django_db
def test_loading_the_seed_records_history():
    call_command("loaddata", "amnesty-hk-2021", verbosity=0)

    assert Claim.objects.count() == 8
    # One entry for the row and one for its topics, as the foundation records them.
    assert all(claim.history.exists() for claim in Claim.objects.all())
    assert set(Claim.history.values_list("history_change_reason", flat=True)) == {
        "loaded from fixture amnesty-hk-2021"
    }


# The command README.md documents: the desk's accounts and roles come along,
# since claims name their reviewer and corrections who made them, by username.
DUMP_WITH_USERS = ["auth.group", "auth.user", "claims", "--natural-foreign", "--natural-primary"]


# These flush a ledger that holds evidence written in the same test: on
# PostgreSQL its deferred foreign-key checks would still be pending inside a
# test's transaction, and TRUNCATE refuses to run then. So each write commits.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("roles_in_target", [True, False], ids=["migrated", "flushed"])
def test_a_dump_with_the_desks_users_loads_a_rated_corrected_claim(
    make_verdict, editor, make_editor, tmp_path, roles_in_target
):
    claim = make_verdict()
    # Another editor approves the new verdict first: Erin writes it, so hers does not count.
    claim.approve(by=make_editor(), status="true", summary="The rate fell after all.")
    claim.rate("true", reason="New figures", by=editor, summary="The rate fell after all.")
    path = tmp_path / "dump.json"
    call_command("dumpdata", *DUMP_WITH_USERS, "--output", str(path), verbosity=0)
    call_command("flush", "--no-input", verbosity=0)
    if roles_in_target:
        # A freshly migrated database has the roles (migration 0002); a flushed one has none.
        sync_roles(Group, Permission)

    call_command("loaddata", str(path), stdout=StringIO())

    claim = Claim.objects.get()
    assert claim.reviewer.username == "ravi"
    assert [group.name for group in claim.reviewer.groups.all()] == ["Reviewers"]
    assert claim.reviewer.has_perm("claims.change_claim")
    correction = Correction.objects.get()
    assert (correction.created_by.username, correction.new_status) == ("erin", "true")
    assert claim.is_published
    call_command("verify_ledger", stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_a_dump_of_claims_alone_names_users_the_empty_ledger_lacks(make_verdict, tmp_path):
    make_verdict()
    path = tmp_path / "dump.json"
    call_command("dumpdata", *DUMP_WITH_USERS[2:], "--output", str(path), verbosity=0)
    call_command("flush", "--no-input", verbosity=0)

    with pytest.raises(DeserializationError, match="User matching query does not exist"):
        call_command("loaddata", str(path), stdout=StringIO())
