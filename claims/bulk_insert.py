"""
Many new rows into one table at once, below the ORM: an import's claims,
speakers, sources, topics, the claims' topic links, and the history of all
of them.

`bulk_create` builds a model instance for every row and prepares each of
its values through the field's methods; on PostgreSQL psycopg then splits
and binds each batch's statement, thousands of placeholders long, on the
client. At 100,000 claims that was most of an import's time (`python -m bench
import`). Here a row is a dict of attname -> value, its primary key is taken
from the table's own counter first, and the rows go in as each database
takes many rows fastest: COPY on PostgreSQL, multi-row INSERTs on SQLite.

Nothing else about a row changes: the database's defaults, constraints,
indexes and triggers (the search index's) apply as to any INSERT; the caller
writes the history and chains it (claims/history.py, claims/ledger.py).

Because every id is taken before the rows are written, an import's batches
need nothing back from the database, and a BackgroundWriter can write one
batch while the importer builds and hashes the next.
"""

import functools
import queue
import threading

from django.db import connections, models


def insert_rows(model, rows, using):
    """
    Insert `rows` (dicts holding a value for every column of `model` but its
    primary key) and set each dict's primary key to its new id, rising in the
    order given. One query takes the ids; one COPY (PostgreSQL) or one
    INSERT per some thousands of rows (SQLite) writes them.
    """
    if not rows:
        return
    pk = model._meta.pk.attname
    for row, new_id in zip(rows, take_ids(model, len(rows), using), strict=True):
        row[pk] = new_id
    with connections[using].cursor() as cursor:
        write_rows(cursor, model, rows)


def take_ids(model, count, using):
    """
    `count` new primary keys for `model`'s table, rising, none of which any
    row has had. Must run inside a transaction, which on SQLite holds the
    write lock the ids are taken under, and before any write of this
    transaction still queued in a BackgroundWriter.
    """
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("take_ids() needs a transaction: the ids it takes are held by it.")
    if not count:
        return []
    with connection.cursor() as cursor:
        return _take_ids(cursor, connection, model._meta, count)


def write_rows(cursor, model, rows):
    """Insert `rows`, dicts holding a value for every column of `model`, primary key included."""
    run_statements(cursor, statements_for(model, rows, cursor.db))


def statements_for(model, rows, connection):
    """
    What write_rows() runs for `rows`, prepared but not run, so the
    preparing (this module's Python) and the running (the database's work)
    can happen on two threads: a list of ("copy", statement, values) on
    PostgreSQL, of ("execute", statement, parameters) on SQLite.
    """
    if not rows:
        return []
    quote = connection.ops.quote_name
    readers = column_readers(model)
    columns = ", ".join(quote(field.column) for _, _, field in readers)
    # Most values that need converting repeat (an import dates all its rows
    # alike, a claim names one of a few thousand sources): convert each once,
    # remembered per column.
    columns_read = [(attname, ready, field, {}) for attname, ready, field in readers]
    values = []
    for row in rows:
        line = []
        for attname, ready, field, converted in columns_read:
            value = row[attname]
            if value is not None and type(value) is not ready:
                value = converted_value(converted, field, value, connection)
            line.append(value)
        values.append(line)
    table = quote(model._meta.db_table)
    if connection.vendor == "postgresql":
        return [("copy", f"COPY {table} ({columns}) FROM STDIN", values)]
    return sqlite_statements(f"INSERT INTO {table} ({columns})", len(readers), values, connection)


# Rows a multi-row INSERT carries on SQLite: an import's whole batch of claims.
SQLITE_ROWS_PER_STATEMENT = 2000


def sqlite_statements(insert, width, values, connection):
    """
    `insert` ("INSERT INTO table (columns)") run for each of `values` (lists
    of `width` values, the first never None) on SQLite, as multi-row
    statements: of one fixed size, then one for the rows left over, padded
    with rows of NULLs to the next power of two and inserted from a VALUES
    list that leaves the padding out (`WHERE column1 IS NOT NULL`).

    Not a statement per row (executemany): the search index's FTS5 table
    flushes its pending terms at the end of every statement, so a statement
    per row wrote 100,000 tiny index segments and took three times as long;
    and on the BackgroundWriter's thread executemany waited for the
    interpreter's lock between rows, which the importer's thread holds: a
    batch's topic links, fewer than a statement's worth about every other
    batch, took 5.7 s to write for 1.2 s of work (`python -m bench import`).
    Not a statement of whatever size is left either: sqlite3 keeps up to 128
    prepared statements, and a few thousand rows' statement each of a
    different size (a batch's topic links, its ledger entries) held hundreds
    of megabytes; padded, there are a dozen sizes a table at most.
    """
    if any(line[0] is None for line in values):
        # The padding below is told from the rows by it.
        raise ValueError(f"{insert}: a row without a value in its first column")
    per_statement = max(
        1, min(SQLITE_ROWS_PER_STATEMENT, connection.features.max_query_params // width)
    )
    one_row = f"({', '.join(['%s'] * width)})"
    whole = len(values) - len(values) % per_statement
    statements = [
        (
            "execute",
            f"{insert} VALUES " + ", ".join([one_row] * per_statement),
            [value for line in values[start : start + per_statement] for value in line],
        )
        for start in range(0, whole, per_statement)
    ]
    left = values[whole:]
    if left:
        size = min(per_statement, 1 << (len(left) - 1).bit_length())
        parameters = [value for line in left for value in line]
        parameters += [None] * (width * (size - len(left)))
        rows = ", ".join([one_row] * size)
        statements.append(
            (
                "execute",
                f"{insert} SELECT * FROM (VALUES {rows}) WHERE column1 IS NOT NULL",
                parameters,
            )
        )
    return statements


def run_statements(cursor, statements):
    """Run what statements_for() prepared."""
    for kind, statement, values in statements:
        if kind == "copy":
            copying = cursor.cursor.copy(statement)
            with cursor.db.wrap_database_errors, copying as copy:
                for line in values:
                    copy.write_row(line)
        else:
            cursor.execute(statement, values)


class BackgroundWriter:
    """
    Runs one transaction's writes, in the order given, on a second thread
    while this one prepares the next: the database works with the
    interpreter's lock released (SQLite's C code, PostgreSQL's server), so on
    two cores the writing overlaps the Python that builds and hashes rows.

    The writes get a cursor of this thread's connection, made here (Django
    checks the thread when a cursor is made, not when it runs), so they run
    in this thread's transaction. Until the writer is closed this thread must
    not use the connection itself. Leaving the `with` block waits for every
    write and raises what any of them raised; leaving it with an exception
    skips the writes not yet started and waits for the one running, so the
    transaction rolls back with nothing still writing into it.
    """

    def __init__(self, using, *, depth=2):
        self.cursor = connections[using].cursor()
        # A few batches ahead at most: the rows wait here as dicts.
        self.queue = queue.Queue(maxsize=depth)
        self.error = None
        self.stopping = False
        self.thread = threading.Thread(target=self._run, name="ledger-writer", daemon=True)
        self.thread.start()

    def submit(self, write, *args):
        """Queue `write(cursor, *args)`; raise at once what an earlier write raised."""
        self._raise()
        self.queue.put((write, args))

    def _run(self):
        while (item := self.queue.get()) is not None:
            if self.error is None and not self.stopping:
                write, args = item
                try:
                    write(self.cursor, *args)
                except BaseException as error:  # handed to the submitting thread
                    self.error = error

    def _raise(self):
        if self.error is not None:
            # Raised once, here; the writes still queued are skipped, not run
            # into a transaction that is about to roll back.
            self.stopping = True
            error, self.error = self.error, None
            raise error

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        self.stopping = self.stopping or kind is not None
        self.queue.put(None)
        self.thread.join()
        self.cursor.close()
        if kind is None:
            self._raise()
        return False


def _take_ids(cursor, connection, meta, count):
    """`count` new primary keys for `meta`'s table, none of which any row has had."""
    table, column = meta.db_table, meta.pk.column
    if connection.vendor == "postgresql":
        # The sequence hands out each value once, whoever else is inserting.
        # Looked up once, in a subquery: as nextval's argument it was looked
        # up for every id, three quarters of the query's 0.6 s per 100,000.
        cursor.execute(
            "SELECT nextval((SELECT pg_get_serial_sequence(%s, %s))::regclass) "
            "FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), column, count],
        )
        return sorted(new_id for (new_id,) in cursor.fetchall())
    if connection.vendor != "sqlite":
        raise NotImplementedError(f"take_ids() does not know {connection.vendor}")
    # Django's SQLite keys are AUTOINCREMENT: a new id is above every id the
    # table has ever held, which sqlite_sequence remembers (and moves past the
    # ids inserted here). The transaction holds the write lock, so no other
    # writer can take these ids between this read and the insert.
    quote = connection.ops.quote_name
    cursor.execute(
        "SELECT max("
        "coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
        f"coalesce((SELECT max({quote(column)}) FROM {quote(table)}), 0))",
        [table],
    )
    (last,) = cursor.fetchone()
    return range(last + 1, last + 1 + count)


def converted_value(converted, field, value, connection):
    """
    `value` as the database takes it, converted once per distinct value:
    `converted` remembers the conversions of `field`'s values.
    """
    try:
        return converted[value]
    except KeyError:
        converted[value] = result = field.get_db_prep_save(value, connection)
        return result
    except TypeError:  # unhashable, a JSON value: nothing to reuse
        return field.get_db_prep_save(value, connection)


@functools.cache
def column_readers(model):
    """(attname, the type passed as is, the field) for every column."""
    return [(field.attname, plain_type(field), field) for field in model._meta.concrete_fields]


def plain_type(field):
    """
    The type whose values `field` holds as they are, both in canonical JSON
    (claims/ledger.py) and in the database (str for text, int for integers
    and keys to them), or None: its values always need converting.
    """
    target = getattr(field, "target_field", None) or field
    if isinstance(target, models.CharField | models.TextField):
        return str
    if isinstance(target, models.IntegerField):
        return int
    return None
