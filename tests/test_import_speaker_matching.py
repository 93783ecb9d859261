"""Speakers are matched by name ignoring case and spacing; sources by URL; topics by name."""

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
