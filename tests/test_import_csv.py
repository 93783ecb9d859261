"""import_claims reads the interchange columns as CSV, with or without a BOM, in any order."""

from claims.models import Claim, Source, Speaker, Topic
from tests.interchange_samples import CSV, HEADER, csv_row


def test_it_imports_claims_with_their_speakers_sources_and_topics(import_claims, write_file):
    output = import_claims(write_file("claims.csv", CSV))

    claim = Claim.objects.get(external_id="hk-1")
    assert claim.text == "No direct threat had been made against the offices."
    assert claim.speaker.name == "Kyle Ward"
    assert claim.speaker.description == "deputy secretary general"
    assert claim.source.url == "https://www.scmp.com/amnesty"
    assert claim.source.publisher == "South China Morning Post"
    assert str(claim.said_on) == "2021-10-25"
    assert claim.context == "speaking from London"
    assert sorted(claim.topics.values_list("name", flat=True)) == ["Civil society", "Human rights"]
    assert claim.summary == "The police had written to the group."
    assert Source.objects.count() == 1
    assert Topic.objects.count() == 2
    assert "claims: 2 created, 0 updated, 0 unchanged" in output
    assert "speakers: 2 created" in output


def test_it_maps_other_scales_labels_onto_our_statuses(import_claims, write_file):
    import_claims(write_file("claims.csv", CSV))

    assert Claim.objects.get(external_id="hk-1").status == Claim.Status.FALSE


def test_it_reads_a_file_with_a_byte_order_mark(import_claims, write_file):
    import_claims(write_file("excel.csv", "\ufeff".encode() + CSV.encode()))

    assert Claim.objects.count() == 2


def test_it_reads_columns_in_any_order(import_claims, write_file):
    columns = HEADER.strip().split(",")
    values = csv_row().strip().split('","')
    shuffled = list(reversed(range(len(columns))))
    content = (
        ",".join(columns[index] for index in shuffled)
        + "\n"
        + ",".join(f'"{values[index].strip(chr(34))}"' for index in shuffled)
        + "\n"
    )

    import_claims(write_file("reordered.csv", content))

    claim = Claim.objects.get()
    assert claim.external_id == "hk-1"
    assert claim.speaker.name == "Kyle Ward"
    assert claim.language == "en"


def test_it_leaves_out_columns_it_is_not_given(import_claims, write_file):
    content = "claim_text,speaker_name,source_title\nCrime halved.,Jo Lee,Council minutes\n"

    import_claims(write_file("minimal.csv", content))

    claim = Claim.objects.get()
    assert claim.status == Claim.Status.UNVERIFIED
    assert claim.source.title == "Council minutes"
    assert claim.source.url == ""
    assert Speaker.objects.get().name == "Jo Lee"
    assert not claim.is_published


def test_it_guesses_csv_from_the_content(import_claims, write_file):
    output = import_claims(write_file("export.txt", CSV))

    assert Claim.objects.count() == 2
    assert "claims: 2 created" in output


def test_imported_claims_are_found_by_search(import_claims, write_file):
    # New claims go in with bulk_create; the search index's triggers see
    # those inserts as any other.
    import_claims(
        write_file(
            "claims.csv",
            HEADER
            + csv_row()
            + csv_row(external_id="hk-2", claim_text="The offices closed in October.")
            + csv_row(external_id="hk-3", claim_text="Staff left.", speaker_name="Ann Lo"),
        )
    )

    def found(q):
        return sorted(Claim.objects.search(q).values_list("external_id", flat=True))

    assert found("direct threat") == ["hk-1"]
    assert found("closed in October") == ["hk-2"]
    assert found("Kyle Ward") == ["hk-1", "hk-2"]
    assert found("Ann Lo") == ["hk-3"]
    assert found("South China Morning") == ["hk-1", "hk-2", "hk-3"]


def test_it_skips_a_spreadsheets_rows_of_empty_cells(import_claims, write_file):
    # Excel and LibreOffice save rows they once formatted as ",,,,".
    empty_row = "," * HEADER.count(",") + " \n"
    path = write_file("claims.csv", HEADER + empty_row + CSV.split("\n", 1)[1] + empty_row * 3)

    import_claims(path)

    assert Claim.objects.count() == 2


def test_a_link_with_its_scheme_in_capitals_is_stored_in_lower_case(import_claims, write_file):
    # Spreadsheets capitalise a cell's first letter; PostgreSQL's web-link
    # check reads only a lower-case scheme.
    import_claims(write_file("claims.csv", HEADER + csv_row(source_url="Https://www.scmp.com/a")))
    path = write_file("again.csv", HEADER + csv_row(source_url="HTTPS://www.scmp.com/a"))

    import_claims(path)

    assert list(Source.objects.values_list("url", flat=True)) == ["https://www.scmp.com/a"]
    assert Claim.objects.get().source.url == "https://www.scmp.com/a"
