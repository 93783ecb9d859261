"""Imports and exports run a fixed number of queries, however many rows they handle."""

from django.core.management import call_command

from tests.interchange_samples import HEADER, csv_row


def rows(count):
    return HEADER + "".join(
        csv_row(external_id=f"id-{number}", claim_text=f"Claim {number}.", topics=f"T{number % 3}")
        for number in range(count)
    )


def test_an_unchanged_reimport_reads_and_writes_nothing_more(
    import_claims, write_file, django_assert_num_queries
):
    path = write_file("claims.csv", rows(50))
    import_claims(path)

    # The command's transaction (a savepoint in the test's) holding the import
    # user's lookup and the importer's own (a savepoint inside it, and the two
    # releases); the topics, speakers, sources, claims and claim-topic links,
    # each read once as tuples, unsorted.
    with django_assert_num_queries(10):
        import_claims(path)


def test_an_export_reads_claims_and_topics_once_per_chunk(
    import_claims, write_file, django_assert_num_queries, tmp_path
):
    import_claims(write_file("claims.csv", rows(50)))

    # The claims with their speakers and sources, then their topics.
    with django_assert_num_queries(2):
        call_command("export_claims", "--output", str(tmp_path / "out.csv"))
