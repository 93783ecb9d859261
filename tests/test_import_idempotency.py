"""
Importing the same file again writes nothing; a file whose rows changed
updates exactly those claims, with exactly one history entry each.
"""

from claims.models import Claim, Correction, LedgerEntry, Source, Speaker, Topic
from tests.interchange_samples import CSV, HEADER, csv_row

HISTORIES = (Claim, Speaker, Source, Topic, Correction)


def history_counts():
    counts = {model.__name__: model.history.count() for model in HISTORIES}
    counts["claim topics"] = Claim.history.model.topics.model.objects.count()
    return counts


def test_a_second_import_writes_nothing(import_claims, write_file):
    # What that re-import costs in queries is counted in test_import_query_counts.py.
    path = write_file("claims.csv", CSV)
    import_claims(path)
    before = history_counts()
    entries = LedgerEntry.objects.count()
    updated = dict(Claim.objects.values_list("pk", "updated_at"))

    output = import_claims(path)

    assert history_counts() == before
    # Nothing appended to the tamper-evident ledger either (the first run did append).
    assert entries > 0
    assert LedgerEntry.objects.count() == entries
    assert dict(Claim.objects.values_list("pk", "updated_at")) == updated
    assert "claims: 0 created, 0 updated, 2 unchanged" in output
    assert "speakers: 0 created, 0 updated, 2 unchanged" in output
    assert "sources: 0 created, 0 updated, 1 unchanged" in output
    assert "topics: 0 created, 0 updated, 2 unchanged" in output


def test_a_changed_row_records_exactly_one_history_entry(import_claims, write_file):
    import_claims(write_file("claims.csv", HEADER + csv_row() + csv_row(external_id="hk-2")))
    before = history_counts()

    output = import_claims(
        write_file(
            "claims-v2.csv",
            HEADER + csv_row(context="speaking in Hong Kong") + csv_row(external_id="hk-2"),
        )
    )

    after = history_counts()
    assert after["Claim"] == before["Claim"] + 1
    assert {name: count for name, count in after.items() if name != "Claim"} == {
        name: count for name, count in before.items() if name != "Claim"
    } | {"claim topics": before["claim topics"] + 1}
    claim = Claim.objects.get(external_id="hk-1")
    assert claim.context == "speaking in Hong Kong"
    latest = claim.history.first()
    assert latest.history_type == "~"
    assert latest.history_change_reason == "imported from claims-v2.csv"
    assert [topic.topic.name for topic in latest.topics.all()] == ["Human rights"]
    assert "claims: 0 created, 1 updated, 1 unchanged" in output


def test_a_changed_topic_list_is_one_history_entry_with_the_new_topics(import_claims, write_file):
    import_claims(write_file("claims.csv", HEADER + csv_row()))

    import_claims(write_file("claims-v2.csv", HEADER + csv_row(topics="Policing;Human rights")))

    claim = Claim.objects.get()
    assert sorted(claim.topics.values_list("name", flat=True)) == ["Human rights", "Policing"]
    assert claim.history.count() == 2
    assert sorted(entry.topic.name for entry in claim.history.first().topics.all()) == [
        "Human rights",
        "Policing",
    ]
    assert [entry.topic.name for entry in claim.history.last().topics.all()] == ["Human rights"]
