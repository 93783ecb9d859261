"""
An import's history, the claims' topics included, joins the tamper-evident
ledger: after creating and after updating claims, the chain verifies.
"""

from io import StringIO

from django.core.management import call_command

from claims.models import Claim, LedgerEntry
from tests.interchange_samples import HEADER, csv_row


def verify():
    out = StringIO()
    call_command("verify_ledger", stdout=out)
    return out.getvalue()


def unchained_topic_snapshots():
    snapshots = Claim.history.model.topics.model.objects.values_list("pk", flat=True)
    chained = LedgerEntry.objects.filter(history_model="claims.historicalclaim_topics").values_list(
        "history_id", flat=True
    )
    return set(snapshots) - set(chained)


def test_an_imported_claims_history_and_topics_are_chained(import_claims, write_file):
    import_claims(write_file("claims.csv", HEADER + csv_row(topics="Policing;Human rights")))

    assert Claim.history.model.topics.model.objects.count() == 2
    assert unchained_topic_snapshots() == set()
    assert "Ledger intact" in verify()


def test_an_updating_import_extends_the_chain(import_claims, write_file):
    import_claims(write_file("claims.csv", HEADER + csv_row()))
    entries = LedgerEntry.objects.count()

    import_claims(write_file("claims-v2.csv", HEADER + csv_row(topics="Policing")))

    assert LedgerEntry.objects.count() > entries
    assert unchained_topic_snapshots() == set()
    assert "Ledger intact" in verify()
