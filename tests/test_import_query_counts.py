"""Imports and exports run a fixed number of queries, however many rows they handle."""

from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import connection

from claims.models import Claim
from tests.interchange_samples import HEADER, csv_row
from tests.test_ledger_bulk_history import QUERIES_TO_APPEND, QUERIES_TO_INSERT_HISTORY


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
    # The claims: read them, update them, write their history, append to the
    # ledger. Their topics: the links, the history entries to hang the snapshots
    # on, the snapshots, another append. The corrections: insert, their history,
    # an append. 10 + 1 + 2 + 2 + 1 = 16, three history writes (ids, then rows)
    # and three appends (head lock, then the entries and the head update: one
    # statement on PostgreSQL, two on SQLite).
    with django_assert_num_queries(16 + 3 * (QUERIES_TO_INSERT_HISTORY + QUERIES_TO_APPEND)):
        import_claims(path)


def test_an_export_reads_claims_and_topics_once_per_chunk(
    import_claims, write_file, django_assert_num_queries, tmp_path
):
    import_claims(write_file("claims.csv", rows(50)))

    # The groups of claims an import could not tell apart (none here), the
    # claims with their speakers and sources, then their topics.
    with django_assert_num_queries(3):
        call_command("export_claims", "--output", str(tmp_path / "out.csv"))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's rows go in with COPY")
def test_on_sqlite_a_batch_of_new_rows_goes_into_each_table_in_two_statements_at_most(
    import_claims, write_file
):
    # bulk_create's per-value preparation is skipped (claims/bulk_insert.py),
    # not the statements' size: a multi-row INSERT of 2,000 rows, a batch's
    # claims, then one for the rows left, padded to a power of two (512
    # rows for these 500), never a statement per row.
    path = write_file("claims.csv", rows(2500))
    rows_per_statement = defaultdict(list)

    def record(execute, sql, params, many, context):
        if sql.startswith("INSERT INTO"):
            table = sql.split("(")[0].split()[-1].strip('"')
            columns = sql.split(")")[0].count(",") + 1
            assert not many, f"{table}: a statement per row"
            rows_per_statement[table].append(len(params) // columns)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        import_claims(path)

    for table in (
        "claims_claim",
        "claims_historicalclaim",
        "claims_claim_topics",
        "claims_historicalclaim_topics",
    ):
        # Every row has one topic: 2,500 rows in each table.
        assert rows_per_statement[table] == [2000, 512], table
    assert Claim.objects.count() == Claim.history.count() == 2500
    assert Claim.topics.through.objects.count() == 2500
