"""
A head saved earlier (COUNT:HASH) checks that today's ledger extends it: it
holds after honest writes, and fails after a rewrite that is consistent in
itself, which verify_ledger alone could not see.
"""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from claims.chain import append
from claims.models import Claim, LedgerEntry, LedgerHead


def checkpoint():
    return LedgerHead.objects.get().checkpoint


def verify(*checkpoints):
    call_command("verify_ledger", *[f"--checkpoint={c}" for c in checkpoints])


def rewrite_the_whole_ledger():
    """What a database owner could do: re-chain every row, so the chain is valid again."""
    rows = [
        apps.get_model(entry.history_model)._base_manager.get(pk=entry.history_id)
        for entry in LedgerEntry.objects.order_by("position")
    ]
    LedgerEntry.objects.all().delete()
    LedgerHead.objects.update(entries=0, hash="0" * 64, layouts=[])
    append(rows)


def test_an_earlier_checkpoint_verifies_against_the_extended_ledger(make_claim, editor):
    claim = make_claim(summary="Close enough.")
    earlier = checkpoint()
    claim.rate(Claim.Status.MOSTLY_TRUE, reason="Checked", by=editor)
    make_claim()
    middle = checkpoint()
    make_claim(published=True)

    verify(earlier, middle, checkpoint())


def test_a_rewritten_ledger_fails_an_earlier_checkpoint(make_claim, editor):
    claim = make_claim(summary="Close enough.")
    claim.rate(Claim.Status.MOSTLY_TRUE, reason="Checked", by=editor)
    earlier = checkpoint()
    make_claim()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE claims_historicalclaim SET status = 'true' WHERE status <> 'true'")
    rewrite_the_whole_ledger()
    verify()  # consistent in itself: only the checkpoint can tell

    with pytest.raises(CommandError) as failure:
        verify(earlier)

    count = int(earlier.split(":")[0])
    entry = LedgerEntry.objects.get(position=count)
    assert f"Ledger broken at {entry.describe()}: it does not match the checkpoint" in str(
        failure.value
    )


def test_a_truncated_ledger_with_a_rewound_head_fails_an_earlier_checkpoint(make_claim):
    make_claim()
    earlier = checkpoint()
    make_claim()
    kept = LedgerEntry.objects.get(position=2)
    LedgerEntry.objects.filter(position__gt=2).delete()
    for model in apps.get_app_config("claims").get_models():
        if model._meta.model_name.startswith("historical"):
            model._base_manager.exclude(
                pk__in=LedgerEntry.objects.filter(history_model=model._meta.label_lower).values(
                    "history_id"
                )
            ).delete()
    LedgerHead.objects.update(entries=2, hash=kept.entry_hash)
    verify()

    with pytest.raises(CommandError, match="ahead of the ledger, which has only 2 entries"):
        verify(earlier)


@pytest.mark.parametrize("bad", ["12", "abc:def", "3:" + "g" * 64, "-1:" + "0" * 64])
def test_a_malformed_checkpoint_is_refused_with_the_expected_form(db, bad):
    with pytest.raises(
        CommandError, match=r"--checkpoint: .* is not a checkpoint: write COUNT:HASH"
    ):
        verify(bad)


def test_two_checkpoints_of_one_count_with_different_hashes_are_refused_by_name(make_claim):
    make_claim()
    saved = checkpoint()
    count = saved.split(":")[0]
    other = f"{count}:{'ab' * 32}"

    with pytest.raises(CommandError) as failure:
        verify(saved, other)

    assert f"The checkpoints {saved} and {other} record the same {count} entries" in str(
        failure.value
    )


def test_the_same_checkpoint_twice_verifies(make_claim):
    make_claim()

    verify(checkpoint(), checkpoint())
