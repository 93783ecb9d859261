"""One transaction per run: a failure part-way through leaves the ledger as it was."""

import pytest

from claims.models import Claim, Speaker, Topic
from tests.interchange_samples import HEADER, csv_row


def test_a_failure_after_some_writes_rolls_back_the_whole_run(
    import_claims, write_file, make_claim, monkeypatch
):
    make_claim(external_id="hk-1", text="An older wording.")
    before = (Claim.objects.count(), Speaker.objects.count(), Claim.history.count())

    def crash(*args, **kwargs):
        raise RuntimeError("the process died here")

    # Claims are created before existing ones are changed (through the
    # verbs), so this fails after the new speakers, sources, topics and
    # claims are written.
    monkeypatch.setattr(Claim, "save_recorded", crash)
    content = HEADER + csv_row() + csv_row(external_id="hk-2", speaker_name="Someone New")

    with pytest.raises(RuntimeError):
        import_claims(write_file("claims.csv", content))

    assert (Claim.objects.count(), Speaker.objects.count(), Claim.history.count()) == before
    assert not Topic.objects.exists()
    assert Claim.objects.get().text == "An older wording."


def test_a_failure_in_the_third_batch_rolls_back_the_first_two(db, write_file, monkeypatch):
    from claims import chain
    from claims.interchange.importer import ClaimImporter
    from claims.models import LedgerEntry, LedgerHead

    content = HEADER + "".join(
        csv_row(external_id=f"id-{number}", claim_text=f"Claim {number}.") for number in range(9)
    )
    append = chain.append
    batches = []

    def crash_on_the_third_batch(records):
        if type(records[0]) is Claim.history.model:
            batches.append(len(records))
            if len(batches) == 3:
                raise RuntimeError("the import died here")
        return append(records)

    monkeypatch.setattr(chain, "append", crash_on_the_third_batch)
    # Two claims a batch: by the third, the first two are written.
    run = ClaimImporter(user=None, batch_size=2)
    run.read(write_file("claims.csv", content))

    with pytest.raises(RuntimeError, match="died here"):
        run.run()

    assert len(batches) == 3
    assert not Claim.objects.exists()
    assert not Claim.history.exists()
    assert not Claim.topics.through.objects.exists()
    assert not LedgerEntry.objects.exists()
    assert LedgerHead.current().entries == 0
