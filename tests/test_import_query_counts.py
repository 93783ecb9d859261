"""Imports run a fixed number of queries per batch of new claims and per changed claim."""

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.interchange.importer import ClaimImporter
from claims.models import Claim
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


def queries_to_import(path, *, batch_size=2000):
    """The queries one run of the importer on `path` runs, by the system."""
    run = ClaimImporter(user=None, batch_size=batch_size)
    run.read(path)
    with CaptureQueriesContext(connection) as queries:
        run.run()
    return len(queries)


def test_new_claims_cost_a_fixed_number_of_queries_per_batch(db, write_file):
    # Batches small enough for each table's rows to fit one statement; the
    # speakers, sources and topics already there for both runs measured.
    queries_to_import(write_file("first.csv", rows(20)), batch_size=20)
    Claim.objects.all().delete()
    one_batch = queries_to_import(write_file("one.csv", rows(20)), batch_size=20)
    Claim.objects.all().delete()
    three_batches = queries_to_import(write_file("three.csv", rows(60)), batch_size=20)

    # Each batch: read the slugs its claims' texts would take (with the old
    # slugs), INSERT the claims, INSERT their history, chain it (lock the
    # head, INSERT the entries, UPDATE the head), read the history ids back,
    # INSERT the topic links, INSERT their history rows, chain those, and
    # look for the pages their claims were on (none: new drafts' links).
    per_batch = 1 + 1 + 1 + QUERIES_TO_APPEND + 1 + 1 + 1 + QUERIES_TO_APPEND + 1
    assert three_batches - one_batch == 2 * per_batch


def test_re_rating_published_claims_costs_a_fixed_number_of_queries_per_claim(db, write_file):
    published = HEADER.strip() + ",published_at\n"
    costs = {}
    for count in (10, 30, 50):
        Claim.objects.all().delete()
        queries_to_import(write_file(f"v1-{count}.csv", published + rows(count, published=True)))
        path = write_file(f"v2-{count}.csv", published + rows(count, published=True, status="true"))
        costs[count] = queries_to_import(path, batch_size=2000)
        assert Claim.objects.filter(status="true").count() == count

    # Each re-rated claim goes through Claim.rate(), as a desk's re-rating
    # does: a savepoint, the row locked; full_clean's checks (speaker and
    # source exist, the source's date, no twin, the slug is free, four check
    # constraints, each in a savepoint of its own: 19); the claim's UPDATE in
    # a savepoint, its history and its topics' history (with the links read
    # and the rows read back), chained (three); the release; the correction
    # and its history, chained; the release; the ledger's head, for the
    # correction notice (queued after the commit: a partners query and an
    # insert, which a test that never commits does not count). Each of the
    # two appends then finds the pages the claim was on (its published
    # states, its topics).
    per_claim = 1 + 1 + 5 + 12 + 1 + 1 + 1 + 3 + 3 + 1 + 2 + 3 + 1 + 1 + 2 + 2
    assert costs[30] - costs[10] == costs[50] - costs[30] == 20 * per_claim


def test_an_export_reads_claims_and_topics_once_per_chunk(
    import_claims, write_file, django_assert_num_queries, tmp_path
):
    import_claims(write_file("claims.csv", rows(50)))

    # The groups of claims an import could not tell apart (none here), the
    # claims with their speakers and sources, then their topics.
    with django_assert_num_queries(3):
        call_command("export_claims", "--output", str(tmp_path / "out.csv"))
