"""One transaction per run: a failure part-way through leaves the ledger as it was."""

import gc

import pytest

from claims.interchange import importer
from claims.models import Claim, Speaker, Topic
from tests.interchange_samples import HEADER, csv_row


def test_a_failure_after_some_writes_rolls_back_the_whole_run(
    import_claims, write_file, make_claim, monkeypatch
):
    make_claim(external_id="hk-1", text="An older wording.")
    before = (Claim.objects.count(), Speaker.objects.count(), Claim.history.count())

    def crash(*args, **kwargs):
        raise RuntimeError("the process died here")

    # Claims are created before existing ones are updated, so this fails
    # after the new speakers, sources, topics and claims are written.
    monkeypatch.setattr(importer, "bulk_update_with_history", crash)
    content = HEADER + csv_row() + csv_row(external_id="hk-2", speaker_name="Someone New")

    with pytest.raises(RuntimeError):
        import_claims(write_file("claims.csv", content))

    assert (Claim.objects.count(), Speaker.objects.count(), Claim.history.count()) == before
    assert not Topic.objects.exists()
    assert Claim.objects.get().text == "An older wording."
    # The import pauses the garbage collector while it reads and writes: a
    # failure must not leave the process without it.
    assert gc.isenabled()


def test_the_garbage_collector_is_back_on_after_an_import_and_a_refused_one(
    import_claims, write_file
):
    import_claims(write_file("claims.csv", HEADER + csv_row()))
    assert gc.isenabled()
    with pytest.raises(Exception, match="nothing was imported"):
        import_claims(write_file("bad.csv", HEADER + csv_row(status="unheard-of")))
    assert gc.isenabled()


def test_a_failure_while_the_background_writer_has_batches_queued_rolls_back_everything(
    db, write_file, monkeypatch
):
    from claims import ledger
    from claims.interchange.importer import ClaimImporter
    from claims.ledger import LedgerEntry, LedgerHead

    content = HEADER + "".join(
        csv_row(external_id=f"id-{number}", claim_text=f"Claim {number}.") for number in range(9)
    )
    add = ledger.Chain.add
    batches = []

    def crash_on_the_third_batch(chain, rows):
        batches.append(len(rows))
        if len(batches) == 3:
            raise RuntimeError("the importer's thread died here")
        return add(chain, rows)

    monkeypatch.setattr(ledger.Chain, "add", crash_on_the_third_batch)
    # Two claims a batch: by the third, the writer has been handed the first two.
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
