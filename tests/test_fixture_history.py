"""
`loaddata` writes rows with raw saves, which django-simple-history skips; the
ledger records them anyway, naming the fixture, and only when something changed.
"""

import json

import pytest
from django.core.management import call_command

from claims.models import Claim, Correction, Evidence, Source, Speaker, Topic

TRACKED = (Claim, Speaker, Source, Topic, Evidence, Correction)


def fixture_rows(summary="The bureau's own figures show a rise."):
    source = ["https://news.example.org/crime", "Crime report", "Daily Example"]
    return [
        {"model": "claims.topic", "fields": {"slug": "crime", "name": "Crime"}},
        {
            "model": "claims.speaker",
            "fields": {"slug": "jo-lee", "name": "Jo Lee", "kind": "person"},
        },
        {
            "model": "claims.source",
            "fields": {
                "url": source[0],
                "title": source[1],
                "publisher": source[2],
                "kind": "news_article",
            },
        },
        {
            "model": "claims.claim",
            "fields": {
                "slug": "crime-halved",
                "text": "Crime halved last year.",
                "speaker": ["jo-lee"],
                "source": source,
                "topics": [["crime"]],
                "status": "false",
                "summary": summary,
                "published_at": "2024-01-02T10:00:00Z",
                "created_at": "2024-01-01T10:00:00Z",
                "updated_at": "2024-01-02T10:00:00Z",
            },
        },
        {
            "model": "claims.evidence",
            "pk": 1,
            "fields": {
                "claim": ["crime-halved"],
                "url": "https://stats.example.org/crime",
                "title": "Crime statistics",
                "stance": "refutes",
                "position": 1,
            },
        },
        {
            "model": "claims.correction",
            "pk": 1,
            "fields": {
                "claim": ["crime-halved"],
                "kind": "correction",
                "note": "Fixed the year.",
                "created_at": "2024-01-03T10:00:00Z",
            },
        },
    ]


@pytest.fixture
def write_fixture(tmp_path):
    def write(rows, name="desk-sample.json"):
        path = tmp_path / name
        path.write_text(json.dumps(rows))
        return str(path)

    return write


def test_every_loaded_row_has_a_history_entry_naming_the_fixture(db, write_fixture):
    call_command("loaddata", write_fixture(fixture_rows()), verbosity=0)

    for model in TRACKED:
        for record in model.objects.all():
            entries = record.history.all()
            assert entries.exists(), f"{model.__name__} {record.pk} has no history"
            assert {e.history_change_reason for e in entries} == {
                "loaded from fixture desk-sample.json"
            }
    assert Claim.objects.get().history.earliest("history_date").history_type == "+"
    topics_entry = Claim.objects.get().history.first()
    assert [row.topic.slug for row in topics_entry.topics.all()] == ["crime"]


def test_the_seed_fixture_is_recorded_under_its_name(db):
    call_command("loaddata", "amnesty-hk-2021", verbosity=0)
    for model in (Claim, Speaker, Source, Topic):
        for record in model.objects.all():
            assert set(record.history.values_list("history_change_reason", flat=True)) == {
                "loaded from fixture amnesty-hk-2021"
            }


def test_reloading_an_unchanged_fixture_writes_no_history(db, write_fixture):
    path = write_fixture(fixture_rows())
    call_command("loaddata", path, verbosity=0)
    before = {model: model.history.count() for model in TRACKED}

    call_command("loaddata", path, verbosity=0)

    assert {model: model.history.count() for model in TRACKED} == before


def test_a_changed_row_in_a_reloaded_fixture_gets_exactly_one_new_entry(db, write_fixture):
    call_command("loaddata", write_fixture(fixture_rows()), verbosity=0)
    before = {model: model.history.count() for model in TRACKED}

    call_command(
        "loaddata",
        write_fixture(fixture_rows(summary="Revised summary."), "desk-v2.json"),
        verbosity=0,
    )

    after = {model: model.history.count() for model in TRACKED}
    assert after[Claim] == before[Claim] + 1
    assert all(after[m] == before[m] for m in TRACKED if m is not Claim)
    entry = Claim.objects.get().history.first()
    assert (entry.history_type, entry.summary) == ("~", "Revised summary.")
    assert entry.history_change_reason == "loaded from fixture desk-v2.json"
