"""One transaction per run: a failure part-way through leaves the ledger as it was."""

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
