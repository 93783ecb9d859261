"""Speakers are matched by name ignoring case and spacing; sources by URL; topics by name."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from claims.models import Claim, Source, Speaker, Topic
from tests.interchange_samples import HEADER, csv_row


def test_a_name_in_other_case_and_spacing_is_the_same_speaker(
    import_claims, write_file, make_speaker
):
    ward = make_speaker(name="Kyle Ward")

    import_claims(
        write_file(
            "claims.csv",
            HEADER
            + csv_row(external_id="1", speaker_name="  kyle   WARD ")
            + csv_row(external_id="2", speaker_name="Kyle Ward", claim_text="Another claim."),
        )
    )

    assert Speaker.objects.get() == ward
    assert set(Claim.objects.values_list("speaker", flat=True)) == {ward.pk}


def test_a_source_is_matched_by_url_and_a_topic_by_name(
    import_claims, write_file, make_source, make_topic
):
    source = make_source(url="https://www.scmp.com/amnesty", title="Old title")
    topic = make_topic(name="Human Rights")

    import_claims(write_file("claims.csv", HEADER + csv_row(topics="human rights")))

    claim = Claim.objects.get()
    assert claim.source == source
    assert list(claim.topics.all()) == [topic]
    assert Source.objects.count() == Topic.objects.count() == 1
    source.refresh_from_db()
    assert source.title == "Amnesty to close Hong Kong offices"


def test_a_saved_topic_with_other_spacing_is_the_same_topic(import_claims, write_file, make_topic):
    topic = make_topic(name="Human  rights")

    output = import_claims(write_file("claims.csv", HEADER + csv_row(topics="human rights")))

    assert list(Claim.objects.get().topics.all()) == [topic]
    assert Topic.objects.count() == 1
    assert "topics: 0 created, 0 updated, 1 unchanged" in output


def test_a_sources_and_a_speakers_details_come_from_whichever_row_gives_them(
    import_claims, write_file, make_source, make_speaker
):
    saved = make_source(url="https://example.org/saved", title="Saved title")
    make_speaker(name="Jo Lee", description="")
    content = (
        "claim_text,speaker_name,speaker_description,source_url,source_title,source_published_on\n"
        "One.,Ann Lo,,https://example.org/new,,\n"
        "Two.,Ann Lo,minister,https://example.org/new,The Title,2024-01-05\n"
        "Three.,Jo Lee,,https://example.org/saved,,\n"
        "Four.,Jo Lee,mayor,https://example.org/saved,New title,\n"
    )

    output = import_claims(write_file("claims.csv", content))

    new = Source.objects.get(url="https://example.org/new")
    assert (new.title, str(new.published_on)) == ("The Title", "2024-01-05")
    assert Speaker.objects.get(name="Ann Lo").description == "minister"
    saved.refresh_from_db()
    assert saved.title == "New title"
    assert Speaker.objects.get(name="Jo Lee").description == "mayor"
    assert "speakers: 1 created, 1 updated, 0 unchanged" in output
    assert "sources: 1 created, 1 updated, 0 unchanged" in output


def test_rows_giving_one_source_two_titles_keep_the_first_and_say_so(import_claims, write_file):
    content = (
        "claim_text,speaker_name,speaker_description,source_url,source_title\n"
        "One.,Ann Lo,minister,https://example.org/a,First title\n"
        "Two.,Ann Lo,former minister,https://example.org/a,Second title\n"
    )
    path = write_file("claims.csv", content)

    output = import_claims(path)

    assert "2 warning(s):" in output
    assert (
        f'{path}:3: source_title: "Second title" differs from "First title" on line 2, '
        "for the same source; the first is kept"
    ) in output
    assert (
        f'{path}:3: speaker_description: "former minister" differs from "minister" on '
        "line 2, for the same speaker; the first is kept"
    ) in output
    assert Source.objects.get().title == "First title"
    assert Speaker.objects.get().description == "minister"
    assert Claim.objects.count() == 2
    # The same file again changes nothing, and says the same.
    again = import_claims(path)
    assert "claims: 0 created, 0 updated, 2 unchanged" in again
    assert "2 warning(s):" in again


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL never held a link in capitals"
)
def test_a_saved_source_whose_link_has_capitals_is_still_matched(import_claims, write_file):
    # Saved before the import lower-cased schemes; SQLite's check let it in.
    source = Source.objects.create(title="Amnesty to close", url="HTTPS://www.scmp.com/amnesty")

    output = import_claims(write_file("claims.csv", HEADER + csv_row()))

    assert Claim.objects.get().source == source
    assert Source.objects.count() == 1
    assert "sources: 0 created" in output


def test_speakers_the_ledger_holds_twice_by_one_name_are_named_not_guessed(
    import_claims, write_file
):
    # Saved before the admin refused namesakes.
    Speaker.objects.create(name="Kyle Ward", slug="kyle-ward")
    Speaker.objects.create(name="kyle  ward", slug="kyle-ward-2")
    path = write_file("claims.csv", HEADER + csv_row() + csv_row(external_id="2", claim_text="B"))

    with pytest.raises(CommandError) as raised:
        import_claims(path)

    message = str(raised.value)
    assert message.startswith("1 problem(s)")
    assert (
        f"{path}:2: speaker_name: the ledger holds 2 speakers named like “Kyle Ward”; "
        "rename all but one in the admin"
    ) in message
    assert not Claim.objects.exists()


def test_rows_giving_one_source_two_publication_dates_are_refused(import_claims, write_file):
    # Each row's said_on is checked against its own date; keeping one of the
    # two could date a claim after its source.
    content = (
        "claim_text,speaker_name,source_url,source_published_on,said_on\n"
        "One.,Ann Lo,https://example.org/a,2024-01-02,2024-01-01\n"
        "Two.,Ann Lo,https://example.org/a,2024-03-02,2024-03-01\n"
    )
    path = write_file("claims.csv", content)

    with pytest.raises(CommandError) as raised:
        import_claims(path)

    assert (
        f'{path}:3: source_published_on: "2024-03-02" differs from "2024-01-02" on line 2, '
        "for the same source; give one"
    ) in str(raised.value)
    assert not Claim.objects.exists()


def test_the_warnings_go_to_stderr_and_the_summary_to_stdout(write_file, db):
    content = (
        "claim_text,speaker_name,speaker_description,source_url\n"
        "One.,Ann Lo,minister,https://example.org/a\n"
        "Two.,Ann Lo,former minister,https://example.org/a\n"
    )
    out, err = StringIO(), StringIO()

    call_command("import_claims", write_file("claims.csv", content), stdout=out, stderr=err)

    assert "1 warning(s):" in err.getvalue()
    assert "speaker_description" in err.getvalue()
    assert "warning" not in out.getvalue()
    assert "claims: 2 created" in out.getvalue()
