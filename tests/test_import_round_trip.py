"""
Exporting and importing into an empty ledger reproduces the claims, speakers,
sources, topics and statuses; importing the export back into the ledger it
came from changes nothing.
"""

import datetime

import pytest
from django.core.management import call_command

from claims.models import Claim, Correction, LedgerEntry, Source, Speaker, Topic


def snapshot():
    return sorted(
        (
            claim.external_id,
            claim.text,
            claim.speaker.name,
            claim.speaker.description,
            claim.speaker.kind,
            claim.source.url,
            claim.source.kind,
            claim.source.title,
            claim.source.publisher,
            claim.source.published_on,
            claim.said_on,
            claim.context,
            claim.status,
            claim.summary,
            claim.language,
            claim.published_at,
            tuple(topic.name for topic in claim.topics.all()),
        )
        for claim in Claim.objects.for_list()
    )


def empty_the_ledger():
    Correction.objects.all().delete()
    Claim.objects.all().delete()
    Speaker.objects.all().delete()
    Source.objects.all().delete()
    Topic.objects.all().delete()


@pytest.fixture
def ledger(make_claim, make_speaker, make_source, make_topic, editor, reviewer):
    ward = make_speaker(name="Kyle Ward", description="deputy secretary general")
    report = make_source(title="Amnesty to close", url="https://www.scmp.com/amnesty")
    speech = make_source(
        title="Budget speech", url="", publisher="Legislative Council", kind="speech"
    )
    rights, security = make_topic(name="Human rights"), make_topic(name="Security")
    first = make_claim(text="No direct threat was made.", speaker=ward, source=report)
    first.set_topics([rights, security], reason="Tagged", by=editor)
    first.rate("false", reason="Checked", by=reviewer, summary="Police had written to them.")
    first.publish(by=editor)
    second = make_claim(
        text="Rents doubled, he said, in ten years.",
        speaker=ward,
        source=speech,
        context="in the chamber",
        external_id="desk-7",
    )
    second.rate("misleading", reason="Checked", by=editor, summary="Only in one district.")
    make_claim(text="Crime fell.", speaker=make_speaker(name="Jo Lee"), source=report)
    bureau = make_speaker(name="Security Bureau", kind="government_body")
    upheld = make_claim(text="The law upheld human rights.", speaker=bureau, source=report)
    upheld.rate("false", reason="Checked", by=editor, summary="It did not.")


def assert_an_empty_ledger_gets_it_back(tmp_path, format):
    """Export the ledger, empty it, import the export: the same claims, as they were."""
    path = str(tmp_path / f"export.{format}")
    call_command("export_claims", "--format", format, "--output", path)
    before = snapshot()
    empty_the_ledger()

    call_command("import_claims", path, verbosity=0)

    assert snapshot() == before


@pytest.mark.parametrize("format", ["csv", "jsonl"])
def test_an_export_imported_into_an_empty_ledger_reproduces_it(ledger, tmp_path, format):
    assert_an_empty_ledger_gets_it_back(tmp_path, format)


@pytest.mark.parametrize("format", ["csv", "jsonl"])
def test_line_breaks_of_every_kind_survive_the_round_trip(make_claim, tmp_path, format):
    make_claim(text="First line\rsecond line.", context="one\r\ntwo\nthree")

    assert_an_empty_ledger_gets_it_back(tmp_path, format)

    assert Claim.objects.get().text == "First line\rsecond line."


@pytest.mark.parametrize("format", ["csv", "jsonl", "claimreview"])
def test_an_export_imported_back_changes_nothing(ledger, tmp_path, format, import_claims):
    path = str(tmp_path / f"export.{format}")
    call_command("export_claims", "--format", format, "--output", path)
    before = snapshot()
    histories = [model.history.count() for model in (Claim, Speaker, Source, Topic)]

    output = import_claims(path, "--format", format)

    assert snapshot() == before
    assert [model.history.count() for model in (Claim, Speaker, Source, Topic)] == histories
    assert "0 created, 0 updated" in output


def test_a_claimreview_export_imported_into_an_empty_ledger_keeps_the_verdicts(ledger, tmp_path):
    path = str(tmp_path / "feed.json")
    call_command("export_claims", "--format", "claimreview", "--output", path)
    def verdicts():
        return sorted(
            (
                claim.text,
                claim.speaker.name,
                claim.speaker.kind,
                claim.source.url,
                claim.status,
                claim.summary,
            )
            for claim in Claim.objects.for_list()
            if claim.has_verdict
        )

    before = verdicts()
    empty_the_ledger()

    call_command("import_claims", path, verbosity=0)

    assert verdicts() == before
    assert len(before) == 3
    assert Claim.objects.count() == 3  # only the verdicts have a ClaimReview


def test_a_claimreview_export_does_not_date_a_claim_by_its_source(
    make_claim, make_source, editor, reviewer, tmp_path, import_claims
):
    # No said_on: the export must not offer the source's date in its place,
    # or importing it back would date the claim.
    source = make_source(title="Budget report", published_on=datetime.date(2024, 2, 1))
    claim = make_claim(text="Rents doubled.", source=source)
    claim.rate("false", reason="Checked", by=reviewer, summary="They rose by a third.")
    claim.publish(by=editor)
    path = str(tmp_path / "feed.json")
    call_command("export_claims", "--format", "claimreview", "--output", path)
    before = snapshot()
    entries = LedgerEntry.objects.count()

    output = import_claims(path, "--format", "claimreview")

    assert snapshot() == before
    assert Claim.objects.get().said_on is None
    assert LedgerEntry.objects.count() == entries
    assert "claims: 0 created, 0 updated, 1 unchanged" in output


def test_a_claimreview_import_names_only_a_foreign_rating_in_the_history(
    ledger, tmp_path, import_claims
):
    path = str(tmp_path / "feed.json")
    call_command("export_claims", "--format", "claimreview", "--output", path)
    empty_the_ledger()

    import_claims(path)

    # Our own labels ("False", "Misleading") need no note of the original rating.
    reasons = {claim.history.get().history_change_reason for claim in Claim.objects.all()}
    assert reasons == {"imported from feed.json"}


def test_a_summary_as_long_as_its_limit_round_trips(make_claim, editor, tmp_path):
    # Claim.summary's limit, 5,000 characters (under the csv module's default
    # 131,072 for a field, which used to be the limit that mattered).
    summary = ("Figures from the police. " * 200)[:5000]
    claim = make_claim(text="Crime halved.")
    claim.rate("false", reason="Checked", by=editor, summary=summary)
    path = str(tmp_path / "export.csv")
    call_command("export_claims", "--format", "csv", "--output", path)
    empty_the_ledger()

    call_command("import_claims", path, verbosity=0)

    assert Claim.objects.get().summary == summary.strip()
