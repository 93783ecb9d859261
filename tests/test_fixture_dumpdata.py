"""dumpdata with natural keys loads into an empty ledger; loaddata of the seed records history."""

from io import StringIO

import pytest
from django.core.management import call_command

from claims.models import Claim, Source, Speaker, Topic


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
