"""History written by loaddata (the seed and any fixture) is chained like any other write."""

from django.core.management import call_command

from claims.models import Claim, LedgerEntry, LedgerHead


def test_the_seed_fixtures_history_is_chained_and_verifies(db):
    call_command("load_seed", verbosity=0)

    records = list(Claim.history.all())
    topics_rows = [row for record in records for row in record.topics.all()]
    assert records and topics_rows
    chained = set(LedgerEntry.objects.values_list("history_model", "history_id"))
    for row in [*records, *topics_rows]:
        assert (type(row)._meta.label_lower, row.pk) in chained
    call_command("verify_ledger")


def test_reloading_an_unchanged_fixture_appends_nothing(db):
    call_command("loaddata", "amnesty-hk-2021", verbosity=0)
    head = LedgerHead.objects.get().checkpoint

    call_command("loaddata", "amnesty-hk-2021", verbosity=0)

    assert LedgerHead.objects.get().checkpoint == head
    call_command("verify_ledger", f"--checkpoint={head}")
