"""Imports and exports run a fixed number of queries, however many rows they handle."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.interchange_samples import HEADER, csv_row
from tests.test_ledger_bulk_history import QUERIES_TO_APPEND


def rows(count, *, published=False, **values):
    """`count` rows; published=True adds a published_at cell, for a header that has the column."""
    ending = ',"2024-01-02T10:00:00Z"\n' if published else "\n"
    return ("" if published else HEADER) + "".join(
        csv_row(
            external_id=f"id-{number}",
            claim_text=f"Claim {number}.",
            topics=f"T{number % 3}",
            **values,
        ).strip()
        + ending
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


@pytest.mark.parametrize("count", [10, 50])
def test_re_rating_published_claims_costs_the_same_queries_for_10_or_50(
    import_claims, write_file, django_assert_num_queries, count
):
    published = HEADER.strip() + ",published_at\n"
    import_claims(write_file("claims.csv", published + rows(count, published=True)))
    path = write_file("claims-v2.csv", published + rows(count, published=True, status="true"))

    # As above, 10: the two savepoints, the user, the five reads, the two releases.
    # Deciding, 1: the changed claims read again, locked (FOR UPDATE on PostgreSQL).
    # The claims: read them, update them, insert their history, append to the
    # ledger. Their topics: the links, the history entries to hang the snapshots
    # on, the snapshots, another append. The corrections: insert, their history,
    # an append. 10 + 1 + 3 + 3 + 2 = 19, and three appends (head lock, then the
    # entries and the head update: one statement on PostgreSQL, two on SQLite).
    with django_assert_num_queries(19 + 3 * QUERIES_TO_APPEND):
        import_claims(path)


def test_an_export_reads_claims_and_topics_once_per_chunk(
    import_claims, write_file, django_assert_num_queries, tmp_path
):
    import_claims(write_file("claims.csv", rows(50)))

    # The claims with their speakers and sources, then their topics.
    with django_assert_num_queries(2):
        call_command("export_claims", "--output", str(tmp_path / "out.csv"))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's rows go in with COPY")
def test_on_sqlite_a_batch_of_new_rows_goes_into_each_table_in_one_statement(
    import_claims, write_file
):
    # bulk_create's per-value preparation is skipped (claims/bulk_insert.py),
    # not the statements' size: SQLite takes 32,766 variables a statement
    # since 3.32 (ledger/sqlite3 reads the real limit), over 2,000 claims.
    path = write_file("claims.csv", rows(1500))
    with CaptureQueriesContext(connection) as queries:
        import_claims(path)

    inserts = Counter(
        query["sql"].split("(")[0].split()[-1].strip('"')
        for query in queries.captured_queries
        if query["sql"].startswith("INSERT INTO")
    )
    for table in (
        "claims_claim",
        "claims_historicalclaim",
        "claims_claim_topics",
        "claims_historicalclaim_topics",
    ):
        assert inserts[table] == 1, table
