"""
The tamper-evident ledger: every historical record, chained.

django-simple-history writes a row for each change to a tracked model. Here
each such row (and each row of a claim's topics history) also gets a
`LedgerEntry` at the next position of one global chain:

    content_hash = sha256(nonce "\\n" canonical JSON of the row)
    entry_hash   = sha256(position "\\n" previous entry_hash "\\n" content_hash)

so changing, deleting, inserting or reordering a historical row, or an entry,
breaks the chain from that entry on, and `verify_ledger` names it. The single
`LedgerHead` row holds the count and the last hash; writers lock it for the
rest of their transaction, so two writers can never append at the same
position, and a truncated tail no longer matches it.

The nonce is random per entry and never published: content hashes can be
public (readers recompute the chain from them) without letting anyone confirm
a guess at a draft's content.

Hooks: claims/history.py calls `append()` for every record simple-history
writes one by one (save, delete, m2m change, loaddata) and for every batch its
bulk helpers write (`bulk_create_with_history`, `bulk_update_with_history`).
The importer chains the rows it writes below the ORM itself: `append_rows()`
for new speakers, sources and topics, and one `Chain` for all its new claims.
"""

import datetime
import decimal
import functools
import hashlib
import json
import os
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps as global_apps
from django.db import connections, models, transaction
from django.utils import timezone

from claims.bulk_insert import plain_type, run_statements, sqlite_statements

GENESIS_HASH = "0" * 64
HEAD_ID = 1

# The chained row's object is its `id`, except for a claim's topics history,
# whose rows are the links of one claim.
OBJECT_ID_FIELDS = {"claims.historicalclaim_topics": "claim_id"}


class LedgerHead(models.Model):
    """
    The one row that says how long the chain is and how it ends. Appending
    locks it; verifying compares the chain with it, so a deleted tail shows.
    `layouts` lists, for each historical model, the fields its entries hash, in
    the order they were first chained: a model that gains a field later gets a
    new layout, and the entries made before keep hashing the fields they had.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=HEAD_ID)
    entries = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)
    layouts = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=HEAD_ID), name="ledger_head_is_single"),
        ]

    def __str__(self):
        return f"{self.entries} entries, head {self.hash}"

    @property
    def checkpoint(self):
        return f"{self.entries}:{self.hash}"

    @classmethod
    def current(cls, using="default"):
        """The head as committed, or the empty ledger's head before the first write."""
        return cls._default_manager.using(using).filter(pk=HEAD_ID).first() or cls()


class LedgerEntryQuerySet(models.QuerySet):
    def chained(self):
        """
        The entries the head covers, positions 1 to its count, read in the
        same query as the head. A row outside them was inserted behind the
        head's back (verify_ledger names it), so no public page may show it.
        """
        count = LedgerHead._default_manager.filter(pk=HEAD_ID).values("entries")
        return self.filter(position__gte=1, position__lte=models.Subquery(count[:1]))

    def entries_for(self, records):
        """
        {history id: LedgerEntry} for historical records of one model (a list
        or a queryset), in one query; a record missing from the dict has no
        entry in the chain, which `verify_ledger` reports as tampering.
        """
        records = list(records)
        if not records:
            return {}
        label = type(records[0])._meta.label_lower
        entries = self.chained().filter(history_model=label, history_id__in=[r.pk for r in records])
        return {entry.history_id: entry for entry in entries}

    def verify(self, checkpoints=(), chunk_size=2000):
        """
        Recompute the whole chain and return the head it ends in; raise
        LedgerBroken naming the first entry that does not match. Reads
        `chunk_size` entries and their rows at a time (one query for the
        entries and one per historical model in each chunk), so memory stays
        flat however long the ledger is. Outside a transaction, every read
        sees the database as of one moment (see _one_snapshot); inside one,
        the caller's transaction decides what they see.
        """
        with _one_snapshot(self.db):
            return _verify(self, checkpoints, chunk_size)


class LedgerEntry(models.Model):
    position = models.PositiveBigIntegerField(primary_key=True)
    history_model = models.CharField(max_length=100)
    history_id = models.BigIntegerField()
    object_id = models.CharField(max_length=64)
    layout = models.PositiveSmallIntegerField()
    nonce = models.CharField(max_length=32)
    content_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        verbose_name_plural = "ledger entries"
        constraints = [
            # A historical row is chained once; also the index behind
            # entries_for() and the search for rows that have no entry.
            models.UniqueConstraint(
                fields=["history_model", "history_id"], name="ledger_entry_one_per_record"
            ),
        ]

    def __str__(self):
        return f"entry {self.position}"

    def describe(self):
        return (
            f"entry {self.position} ({self.history_model}, object {self.object_id}, "
            f"history id {self.history_id})"
        )

    def public_content(self):
        """
        The canonical content of this entry's record as it reads now, for
        readers to hash and compare with `content_hash`; None when the record
        may hold content that was never public. Disclosed: a claim's records
        from while it was published, with their topics rows, and its
        corrections, as long as the claim is published today. Everything else,
        drafts above all, is withheld. LedgerBroken when the entry's layout
        cannot be read (see canonical_of). Costs three or four queries.
        """
        from claims.models import Claim

        model = global_apps.get_model(self.history_model)
        row = model._base_manager.using(self._state.db).filter(pk=self.history_id).first()
        if self.history_model == "claims.historicalclaim_topics" and row is not None:
            claim_id, state = row.claim_id, row.history
        elif self.history_model == "claims.historicalclaim" and row is not None:
            claim_id, state = row.id, row
        elif self.history_model == "claims.historicalcorrection" and row is not None:
            claim_id, state = row.claim_id, None
        else:
            return None
        if state is not None and state.published_at is None:
            return None
        if not Claim.objects.published().filter(pk=claim_id).exists():
            return None
        return self.canonical_of(row, LedgerHead.current(self._state.db).layouts)

    def layout_fields(self, layouts):
        """
        The fields this entry was chained with: layout number `self.layout`
        of the head's `layouts`. LedgerBroken when the head records no such
        layout for this model, because the number or the head was altered.
        """
        layout = layouts[self.layout - 1] if 1 <= self.layout <= len(layouts) else None
        if layout is None or layout["model"] != self.history_model:
            raise LedgerBroken(
                f"its layout {self.layout} is not one the head records for this model."
            )
        return layout["fields"]

    def canonical_of(self, row, layouts):
        """
        The canonical content of `row` over this entry's layout_fields();
        LedgerBroken also when the model has lost one of those fields.
        """
        fields = self.layout_fields(layouts)
        try:
            return _canonical_of(row, row.__dict__, type(row), self.history_model, fields)
        except LookupError as missing:
            raise LedgerBroken(
                f"its model no longer has the field {missing} it was chained with."
            ) from None


# Hashing ----------------------------------------------------------------


def _plain(value):
    """A JSON value that is the same whether read from a Python object or back from the database."""
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, timezone.get_default_timezone())
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


# The format, which every entry's hash depends on, is that of
# json.dumps({"model": label, "fields": {...}}, sort_keys=True,
# separators=(",", ":"), ensure_ascii=False); tests/test_ledger_canonical_format.py
# holds the two to the same bytes. It is written here field by field, with
# each layout's keys sorted and encoded once: building a dict per record and
# letting the encoder sort and walk it cost most of the time of chaining.
_CANONICAL_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
_encode_string = json.encoder.encode_basestring
_LITERALS = {None: "null", True: "true", False: "false"}


@functools.cache
def _sorted_keys(attnames):
    """(the encoded '"name":' prefix, its index in attnames) for each field, sorted by name."""
    return [
        (_encode_string(name) + ":", index)
        for index, name in sorted(enumerate(attnames), key=lambda pair: pair[1])
    ]


def _json_value(value):
    kind = type(value)
    if kind is str:
        return _encode_string(value)
    if kind is int:
        return int.__repr__(value)
    if value is None or kind is bool:
        return _LITERALS[value]
    return _CANONICAL_JSON.encode(value)


def canonical_content(label, attnames, values):
    """The bytes an entry's content hash covers: the model and every recorded field, sorted."""
    if len(values) != len(attnames):
        raise ValueError(f"{len(attnames)} fields but {len(values)} values")
    fields = ",".join(
        [key + _json_value(values[index]) for key, index in _sorted_keys(tuple(attnames))]
    )
    return f'{{"fields":{{{fields}}},"model":{_encode_string(label)}}}'.encode()


def content_hash(nonce, canonical):
    return hashlib.sha256(nonce.encode() + b"\n" + canonical).hexdigest()


def entry_hash(position, previous_hash, content_hash):
    return hashlib.sha256(f"{position}\n{previous_hash}\n{content_hash}".encode()).hexdigest()


def _recorded_fields(model):
    """The fields an entry of `model` hashes now: every column of the historical row."""
    return list(model._meta.concrete_fields)


@functools.cache
def _layout_writer(model, label, attnames):
    """
    (the canonical JSON of a row with a %s for each value, and for each field
    in the order of those %s, sorted by name: its attname, the type its values
    already have when canonical (str or int, most of a row), and the
    conversion for any other value, which makes it the same whether the row
    was just built in Python (an import may set a date as a string) or read
    back from the database).
    """
    fields = {field.attname: field for field in model._meta.concrete_fields}
    missing = [name for name in attnames if name not in fields]
    if missing:
        raise LookupError(missing[0])
    keys = _sorted_keys(tuple(attnames))
    template = (
        '{"fields":{'
        + ",".join(key.replace("%", "%%") + "%s" for key, _ in keys)
        + '},"model":'
        + _encode_string(label).replace("%", "%%")
        + "}"
    )
    return template, [_reader(fields[attnames[index]]) for _, index in keys]


def _reader(field):
    ready = plain_type(field)

    def convert(value):
        return _plain(field.to_python(value))

    # The datetime converted last, and its text: an import dates every row
    # with one datetime object. The readers are shared by every thread (a
    # threaded server verifying entries while another chains them): one
    # tuple, replaced whole, so no thread sees one datetime with another's text.
    last = [(None, None)]

    def convert_datetime(value):
        remembered, text = last[0]
        if value is remembered:
            return text
        # The common case first: an aware UTC datetime, as Django reads them.
        if type(value) is datetime.datetime and value.tzinfo is datetime.UTC:
            text = value.isoformat()
        else:
            text = convert(value)
        last[0] = (value, text)
        return text

    if isinstance(field, models.DateTimeField):
        return field.attname, ready, convert_datetime
    return field.attname, ready, convert


def _layout_number(head, label, attnames):
    """The number of the layout (`label`, `attnames`) in the head, added if new."""
    layout = {"model": label, "fields": list(attnames)}
    try:
        return head.layouts.index(layout) + 1
    except ValueError:
        head.layouts.append(layout)
        return len(head.layouts)


def _canonical_of(row, loaded, model, label, attnames):
    """
    The canonical content of `row`, a row of `model`, over the fields named,
    as canonical_content writes it (tests/test_ledger_canonical_format.py
    holds the two together); LookupError names a field it lacks.
    """
    return _canonical_text(row, loaded, *_layout_writer(model, label, tuple(attnames)))


def _canonical_text(row, loaded, template, readers):
    """
    _canonical_of() with the layout's writer looked up. This runs for every
    record written, so it reads `loaded` (the row itself when it is a dict,
    else its __dict__) rather than field descriptors, and converts and writes
    each value in one pass, the common types inline.
    """
    texts = []
    append = texts.append
    for name, ready, convert in readers:
        try:
            value = loaded[name]
        except KeyError:
            value = getattr(row, name)
        kind = type(value)
        if kind is ready:
            append(_encode_string(value) if kind is str else int.__repr__(value))
            continue
        if value is None:
            append("null")
            continue
        value = convert(value)
        kind = type(value)
        if kind is str:
            append(_encode_string(value))
        elif kind is int:
            append(int.__repr__(value))
        else:
            append(_json_value(value))
    return (template % tuple(texts)).encode()


# Appending --------------------------------------------------------------


def append(records, *, head_model=LedgerHead, entry_model=LedgerEntry):
    """
    Chain `records` (saved historical rows, any mix of models) in this order.
    Locks the head until the caller's transaction ends, so concurrent writers
    queue here; costs two or three queries however many the records (see
    _write). The models are parameters so the migration that chains an
    existing history can pass its own.

    This runs on every write, so it speaks SQL through a cursor: the ORM's
    per-row preparation in bulk_create, and its model instances, made chaining
    cost a third of a bulk import's time, where the hashing itself is a tenth.
    """
    if not records:
        return
    append_rows(
        records[0]._state.db,
        [(type(record), record) for record in records],
        head_model=head_model,
        entry_model=entry_model,
    )


def append_rows(using, rows, *, head_model=LedgerHead, entry_model=LedgerEntry):
    """
    `append()` for rows that are (historical model, row) pairs, where a row
    is a saved instance or a dict of attname -> value, as claims/bulk_insert.py
    writes them: an import chains its history without building instances.
    """
    if not rows:
        return
    connection = connections[using]
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        chain = Chain(cursor, connection, head_model=head_model, entry_model=entry_model)
        _write(cursor, chain, chain.add(rows))


class Chain:
    """
    The chain's end while one transaction appends to it: the head, read and
    locked once, and the position and hash the next entry follows. `add()`
    computes entries for rows without touching the database; `write_entries()`
    and `write_head()` store them, with a cursor of the same transaction, in
    order. append_rows() does all three at once; an import of many batches
    adds and writes batch by batch and writes the head once, at its end.
    """

    def __init__(self, cursor, connection, *, head_model=LedgerHead, entry_model=LedgerEntry):
        self.connection, self.head_model, self.entry_model = connection, head_model, entry_model
        self.head = _lock_head(cursor, connection, head_model)
        self.layouts_before = len(self.head.layouts)
        self.position, self.previous = self.head.entries, self.head.hash
        self.layouts = {}

    def add(self, rows):
        """The entries chaining `rows`, (historical model, row) pairs, in this order."""
        entries, layouts, head = [], self.layouts, self.head
        position, previous = self.position, self.previous
        nonces = os.urandom(16 * len(rows)).hex()
        for index, (model, row) in enumerate(rows):
            if model not in layouts:
                label = model._meta.label_lower
                attnames = tuple(field.attname for field in _recorded_fields(model))
                number = _layout_number(head, label, attnames)
                object_id = OBJECT_ID_FIELDS.get(label, "id")
                writer = _layout_writer(model, label, attnames)
                layouts[model] = (label, number, object_id, model._meta.pk.attname, *writer)
            label, number, object_id, pk_attname, template, readers = layouts[model]
            loaded = row if type(row) is dict else row.__dict__
            pk = loaded.get(pk_attname)
            if pk is None:
                raise ValueError(
                    f"A {label} record without a primary key cannot be chained: this "
                    "database did not return the ids of bulk-inserted rows."
                )
            position += 1
            nonce = nonces[32 * index : 32 * (index + 1)]
            content = content_hash(nonce, _canonical_text(row, loaded, template, readers))
            previous = entry_hash(position, previous, content)
            entries.append(
                (position, label, pk, str(loaded[object_id]), number, nonce, content, previous)
            )
        self.position, self.previous = position, previous
        return entries

    def write_entries(self, cursor, entries):
        """
        Insert entries: with COPY on PostgreSQL, which streams rows without
        building and quoting a statement; in plain statements on SQLite,
        which has no round trips.
        """
        if not entries:
            return
        insert = f"{self._table()} ({self._columns()})"
        if self.connection.vendor == "postgresql":
            statements = [("copy", f"COPY {insert} FROM STDIN", entries)]
        else:
            statements = sqlite_statements(
                f"INSERT INTO {insert}", len(ENTRY_COLUMNS), entries, self.connection
            )
        run_statements(cursor, statements)

    def _table(self):
        return self.connection.ops.quote_name(self.entry_model._meta.db_table)

    def _columns(self):
        quote, meta = self.connection.ops.quote_name, self.entry_model._meta
        return ", ".join(quote(meta.get_field(name).column) for name in ENTRY_COLUMNS)

    def _insert(self, entries):
        row = f"({', '.join(['%s'] * len(ENTRY_COLUMNS))})"
        return (
            f"INSERT INTO {self._table()} ({self._columns()}) VALUES "
            + ", ".join([row] * len(entries)),
            [value for entry in entries for value in entry],
        )

    def _update_head(self):
        """The head's UPDATE statement and values, for the entries added so far."""
        head, meta, quote = self.head, self.head_model._meta, self.connection.ops.quote_name
        head.entries, head.hash = self.position, self.previous
        names = ["entries", "hash"]
        if len(head.layouts) > self.layouts_before:
            names.append("layouts")
        fields = [meta.get_field(name) for name in names]
        return (
            f"UPDATE {quote(meta.db_table)} SET "
            + ", ".join(f"{quote(field.column)} = %s" for field in fields)
            + f" WHERE {quote(meta.pk.column)} = %s",
            [
                field.get_db_prep_save(getattr(head, field.attname), self.connection)
                for field in fields
            ]
            + [HEAD_ID],
        )

    def write_head(self, cursor):
        """Move the head to the last entry added."""
        cursor.execute(*self._update_head())


ENTRY_COLUMNS = [
    "position",
    "history_model",
    "history_id",
    "object_id",
    "layout",
    "nonce",
    "content_hash",
    "entry_hash",
]


def _lock_head(cursor, connection, head_model):
    """The head row as an unsaved model instance, locked until the transaction ends."""
    meta, quote = head_model._meta, connection.ops.quote_name
    columns = [meta.get_field(name) for name in ("entries", "hash", "layouts")]
    select = (
        f"SELECT {', '.join(quote(field.column) for field in columns)} "
        f"FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s"
    )
    # SQLite has no row locks and needs none: its IMMEDIATE transactions
    # (settings.py) already admit one writer at a time.
    if connection.features.has_select_for_update:
        select += " FOR UPDATE"
    cursor.execute(select, [HEAD_ID])
    row = cursor.fetchone()
    if row is None:
        # A new database (or one a test emptied): create the head, racing
        # writers settle it through the primary key, then lock it.
        head_model._default_manager.using(connection.alias).get_or_create(pk=HEAD_ID)
        cursor.execute(select, [HEAD_ID])
        row = cursor.fetchone()
    entries, digest, layouts = row
    if isinstance(layouts, str | bytes):
        layouts = json.loads(layouts)
    return head_model(pk=HEAD_ID, entries=entries, hash=digest, layouts=layouts)


def _write(cursor, chain, entries):
    """
    Insert the entries and move the head: on PostgreSQL in one round trip for
    a few entries (a single save), otherwise as Chain writes them.
    """
    if not entries:
        return
    if chain.connection.vendor == "postgresql" and len(entries) <= 20:
        statement, values = chain._insert(entries)
        update, update_values = chain._update_head()
        cursor.execute(f"WITH added AS ({statement}) {update}", values + update_values)
        return
    chain.write_entries(cursor, entries)
    chain.write_head(cursor)


# Verifying --------------------------------------------------------------


class LedgerBroken(Exception):
    """The chain does not verify; the message names the first entry that does not match."""


@dataclass(frozen=True)
class Checkpoint:
    entries: int
    hash: str

    @classmethod
    def parse(cls, text):
        """'COUNT:HASH', as /ledger/ shows it; ValueError saying what is wrong otherwise."""
        count, _, digest = text.strip().partition(":")
        digest = digest.lower()
        if not count.isdigit() or len(digest) != 64 or set(digest) - set("0123456789abcdef"):
            raise ValueError(
                f"{text!r} is not a checkpoint: write COUNT:HASH, the entry count and the "
                "64-character head hash that /ledger/ shows, e.g. 12:9f86d08...."
            )
        return cls(int(count), digest)

    def __str__(self):
        return f"{self.entries}:{self.hash}"


def _checkpoints_by_position(checkpoints, head):
    """
    {position: checkpoint}, refusing one that no prefix of a ledger this long
    can match, and two that no single ledger can.
    """
    by_position = {}
    for checkpoint in checkpoints:
        earlier = by_position.setdefault(checkpoint.entries, checkpoint)
        if earlier.hash != checkpoint.hash:
            raise LedgerBroken(
                f"The checkpoints {earlier} and {checkpoint} record the same {checkpoint.entries} "
                "entries with different hashes: no one ledger has both. One was copied wrong, "
                "or the ledger was rewritten between the two."
            )
        if checkpoint.entries > head.entries:
            raise LedgerBroken(
                f"The checkpoint {checkpoint} is ahead of the ledger, which has only "
                f"{head.entries} entries: entries were removed since it was taken."
            )
        if checkpoint.entries == 0 and checkpoint.hash != GENESIS_HASH:
            raise LedgerBroken(f"The checkpoint {checkpoint} is not a state of any ledger.")
    return by_position


def _refuse_checkpoint_mismatch(checkpoints, position, digest, name):
    checkpoint = checkpoints.get(position)
    if checkpoint and digest != checkpoint.hash:
        raise LedgerBroken(
            f"Ledger broken at {name}: it does not match the checkpoint {checkpoint}; its "
            f"hash is {digest}, so the ledger up to it was rewritten after the checkpoint "
            "was taken."
        )


def _history_models(app_label="claims"):
    from simple_history.models import HistoricalChanges

    return [
        model
        for model in global_apps.get_app_config(app_label).get_models()
        if issubclass(model, HistoricalChanges)
    ]


@contextmanager
def _one_snapshot(using):
    """
    Outside a transaction, run the block's reads in one read-only transaction,
    so they all see the database as of its first read: a write committed while
    verify_ledger walks the chain would otherwise show it entries past the head
    it read, as if inserted behind the head's back. On PostgreSQL that is a
    REPEATABLE READ transaction, which holds back vacuum while it runs. On
    SQLite it is a DEFERRED one: the IMMEDIATE transactions of transaction.atomic()
    (settings.py) would take the write lock, and in WAL mode a reader blocks no
    writer. Both are begun by hand because atomic() cannot be told either.
    """
    connection = connections[using]
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "postgresql":
        begin = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"
    else:
        begin = "BEGIN DEFERRED"
    with connection.cursor() as cursor:
        cursor.execute(begin)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ROLLBACK")


def _verify(entries, checkpoints, chunk_size):
    head = LedgerHead.current(entries.db)
    if head._state.adding and entries.exists():
        raise LedgerBroken("The ledger head row is missing, though entries exist.")
    checkpoints = _checkpoints_by_position(checkpoints, head)
    position, previous = 0, GENESIS_HASH
    while True:
        chunk = list(
            entries.filter(position__gt=position, position__lte=head.entries).order_by("position")[
                :chunk_size
            ]
        )
        if not chunk:
            break
        rows = _rows_for(chunk)
        for entry in chunk:
            expected_position = position + 1
            if entry.position != expected_position:
                raise LedgerBroken(
                    f"Ledger broken at entry {expected_position}: it is missing; the chain "
                    f"jumps from entry {position} to {entry.describe()}."
                )
            problem = _check_entry(entry, previous, rows, head.layouts)
            if problem:
                raise LedgerBroken(f"Ledger broken at {entry.describe()}: {problem}")
            position, previous = entry.position, entry.entry_hash
            _refuse_checkpoint_mismatch(checkpoints, position, previous, entry.describe())
    if (position, previous) != (head.entries, head.hash):
        raise LedgerBroken(
            f"The chain ends at entry {position} (hash {previous}), but the head records "
            f"{head.entries} entries ending in {head.hash}: entries after {position} were "
            "removed or the head was altered."
        )
    # Positions are the primary key, so none repeats, and the walk above
    # found each of 1 to the head's count; any other entry is outside the
    # chain, and would chain a forged row for _refuse_unchained_rows.
    _refuse_entries_outside(entries, head)
    _refuse_unchained_rows(entries)
    return head


def _refuse_entries_outside(entries, head):
    # Two ranges of the primary key, which both databases read off its
    # index; NOT BETWEEN would make PostgreSQL scan every entry.
    outside = (
        entries.filter(models.Q(position__lt=1) | models.Q(position__gt=head.entries))
        .order_by("position")
        .first()
    )
    if outside is not None:
        raise LedgerBroken(
            f"Ledger broken at {outside.describe()}: it is outside the chain, whose head "
            f"records entries 1 to {head.entries}: it was inserted behind the head's back "
            "(or the head was rewound past it)."
        )


def _rows_for(chunk):
    """{(label, history id): row values} for the chunk's entries, one query per model."""
    wanted = {}
    for entry in chunk:
        wanted.setdefault(entry.history_model, []).append(entry.history_id)
    rows = {}
    for label, ids in wanted.items():
        try:
            model = global_apps.get_model(label)
        except (LookupError, ValueError):
            continue  # each entry of an unknown model is reported by _check_entry
        for row in model._base_manager.using(chunk[0]._state.db).filter(pk__in=ids):
            rows[label, row.pk] = row
    return rows


def _check_entry(entry, previous, rows, layouts):
    """What is wrong with `entry`, or None."""
    row = rows.get((entry.history_model, entry.history_id))
    try:
        # The layout first: an altered number says more than the row it
        # then cannot find.
        entry.layout_fields(layouts)
        if row is None:
            return "its historical row is missing (deleted after it was chained)."
        canonical = entry.canonical_of(row, layouts)
    except LedgerBroken as problem:
        return str(problem)
    if content_hash(entry.nonce, canonical) != entry.content_hash:
        return (
            "its historical row does not match the content hash recorded when it was "
            "chained: the row was edited afterwards (or swapped with another)."
        )
    if entry_hash(entry.position, previous, entry.content_hash) != entry.entry_hash:
        return (
            "its hash does not follow from the entry before it: entries were inserted, "
            "removed, reordered or edited."
        )
    if str(getattr(row, OBJECT_ID_FIELDS.get(entry.history_model, "id"))) != entry.object_id:
        return "it names another object than its historical row records."
    return None


def _refuse_unchained_rows(entries):
    """A historical row without an entry was written around the ledger: name the first one."""
    for model in _history_models():
        label = model._meta.label_lower
        # NOT EXISTS, an anti-join on the entries' unique index; NOT IN would
        # make PostgreSQL rescan the entries per row once they outgrow work_mem.
        chained = entries.filter(history_model=label, history_id=models.OuterRef("pk"))
        unchained = (
            model._base_manager.using(entries.db)
            .filter(~models.Exists(chained))
            .order_by("pk")
            .first()
        )
        if unchained is not None:
            object_id = getattr(unchained, OBJECT_ID_FIELDS.get(label, "id"))
            raise LedgerBroken(
                f"The historical row {label}, object {object_id}, history id "
                f"{unchained.pk} has no ledger entry: it was written around the ledger "
                "(inserted by hand, or by a path that skips the chain)."
            )


def check_hash_chain(entries, head, checkpoints=()):
    """
    Recompute a chain from its published hashes alone, as an outsider can:
    `entries` yields (position, content_hash, entry_hash) from position 1 on,
    `head` is the Checkpoint the publisher claims. Proves that the content
    hashes up to each checkpoint are the ones committed to then; it cannot see
    the records themselves (see LedgerEntry.public_content for those).
    """
    checkpoints = _checkpoints_by_position(checkpoints, head)
    position, previous = 0, GENESIS_HASH
    for listed_position, content, listed_hash in entries:
        if listed_position != position + 1:
            raise LedgerBroken(
                f"Ledger broken at entry {position + 1}: the list jumps from entry "
                f"{position} to entry {listed_position}."
            )
        position, previous = listed_position, entry_hash(listed_position, previous, content)
        if previous != listed_hash:
            raise LedgerBroken(
                f"Ledger broken at entry {position}: its hash does not follow from the "
                "entry before it and its content hash."
            )
        _refuse_checkpoint_mismatch(checkpoints, position, previous, f"entry {position}")
        if position == head.entries:
            break
    if Checkpoint(position, previous) != head:
        raise LedgerBroken(
            f"The published entries end at {position}:{previous}, not at the published head {head}."
        )
    return head
