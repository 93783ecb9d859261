"""dumpdata with natural keys loads into an empty ledger; loaddata of the seed records history."""

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
    Claim.objects.all().delete()
    for model in (Speaker, Source, Topic):
        model.objects.all().delete()

    call_command("loaddata", str(path), verbosity=0)

    assert counts() == loaded
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
