"""
The tamper-evident ledger's chain: every historical record, hashed in order.

django-simple-history writes a row for each change to a tracked model. Each
such row (and each row of a claim's topics history) also gets a `LedgerEntry`
at the next position of one global chain:

    content_hash = sha256(nonce "\\n" canonical JSON of the row)
    entry_hash   = sha256(position "\\n" previous entry_hash "\\n" content_hash)

so changing, deleting, inserting or reordering a historical row, or an entry,
breaks the chain from that entry on, and `verify()` names it. The single
`LedgerHead` row holds the count and the last hash; `append()` locks it for
the rest of the writer's transaction, so two writers never append at the same
position, and a truncated tail no longer matches it. docs/ledger.md is the
full specification.

The nonce is random per entry and never published: content hashes can be
public (readers recompute the chain from them) without letting anyone confirm
a guess at a draft's content.

claims/history.py calls `append()` for every record simple-history writes,
one by one or in bulk, and append() tells the page cache what they changed
(claims/caching.py). This module imports no model module: the ledger's
models are looked up in the app registry when used, so the models, which
chain their history through claims/history.py, can import it.
"""

import datetime
import decimal
import json
import os
import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from hashlib import sha256

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DataError, connections, models, transaction
from django.utils import timezone

from claims import caching

GENESIS_HASH = "0" * 64
HEAD_ID = 1

# The chained row's object is its `id`, except for a claim's topics history,
# whose rows are the links of one claim.
OBJECT_ID_FIELDS = {"claims.historicalclaim_topics": "claim_id"}


def _ready_type(field):
    """
    The type a field's values already have when canonical (text, whole
    numbers: most of a row), whether just set in Python or read back from
    the database; None when every value goes through the field.
    """
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if isinstance(field, models.CharField | models.TextField):
        return str
    if isinstance(field, models.IntegerField | models.AutoField):
        return int
    return None


class LedgerBroken(Exception):
    """The chain does not verify; the message names the first entry that does not match."""


# What reading or hashing a value altered by hand into a shape the site never
# writes raises: a date no Python datetime holds (DataError on PostgreSQL,
# ValueError or AttributeError from SQLite's converters), text in a number
# column of SQLite (ValidationError from the field), a value of the wrong type.
# Verifying reports each as a broken entry instead of a traceback.
_UNREADABLE = (DataError, ValidationError, ValueError, TypeError, AttributeError, OverflowError)

_HASH = re.compile(r"[0-9a-f]{64}")


def is_hash(value):
    """Whether `value` is a hash as the chain writes them: 64 lowercase hexadecimal characters."""
    return isinstance(value, str) and _HASH.fullmatch(value) is not None


def _shown(error, limit=200):
    """An error's text, cut short: a value altered by hand may be any length."""
    text = str(error)
    return text if len(text) <= limit else text[:limit] + "…"


def _ledger_models():
    return apps.get_model("claims", "LedgerHead"), apps.get_model("claims", "LedgerEntry")


# Hashing ----------------------------------------------------------------


def canonical_content(label, attnames, values):
    """
    The bytes an entry's content hash covers: the model and every recorded
    field, keys sorted, compact, UTF-8 as it is. Entries chained by every
    earlier version of the ledger hash these same bytes.
    """
    if len(values) != len(attnames):
        raise ValueError(f"{len(attnames)} fields but {len(values)} values")
    return json.dumps(
        {"model": label, "fields": dict(zip(attnames, values, strict=True))},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()


def content_hash(nonce, canonical):
    return sha256(nonce.encode() + b"\n" + canonical).hexdigest()


def entry_hash(position, previous_hash, content_hash):
    return sha256(f"{position}\n{previous_hash}\n{content_hash}".encode()).hexdigest()


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


class Layout:
    """
    The fields one historical model's entries hash, in the order they were
    first chained, and how each value is made canonical. LookupError names
    a field the model no longer has.
    """

    def __init__(self, model, label, attnames):
        fields = {field.attname: field for field in model._meta.concrete_fields}
        missing = [name for name in attnames if name not in fields]
        if missing:
            raise LookupError(missing[0])
        self.label, self.attnames = label, tuple(attnames)
        self.fields = [(name, fields[name], _ready_type(fields[name])) for name in self.attnames]

    def canonical(self, row):
        values = []
        for name, field, ready in self.fields:
            value = getattr(row, name)
            # Any other value through its field, so that a date a caller set
            # as a string hashes as the date read back.
            if value is not None and type(value) is not ready:
                value = _plain(field.to_python(value))
            values.append(value)
        return canonical_content(self.label, self.attnames, values)


def _recorded_fields(model):
    """The fields an entry of `model` hashes now: every column of the historical row."""
    return list(model._meta.concrete_fields)


def _layout_number(layouts, label, attnames):
    """The number of the layout (`label`, `attnames`) in the head's list, added if new."""
    layout = {"model": label, "fields": list(attnames)}
    try:
        return layouts.index(layout) + 1
    except ValueError:
        layouts.append(layout)
        return len(layouts)


def layout_fields(entry, layouts):
    """
    The fields `entry` was chained with: layout number `entry.layout` of the
    head's `layouts`. LedgerBroken when the head records no such layout for
    the entry's model, because the number or the head was altered, and when
    the head's layouts are not the list of {"model": label, "fields": [names]}
    that append() writes.
    """
    if type(entry.layout) is not int:
        raise LedgerBroken("its layout number is not a whole number: it was altered.")
    if not isinstance(layouts, list):
        raise LedgerBroken(
            f"its layout {entry.layout} cannot be looked up: the head's layouts are "
            f"{type(layouts).__name__}, not a list, so the head was altered."
        )
    layout = layouts[entry.layout - 1] if 1 <= entry.layout <= len(layouts) else None
    if layout is not None and not _is_layout(layout):
        raise LedgerBroken(
            f"its layout {entry.layout} in the head is not a model and a list of field "
            "names: the head was altered."
        )
    if layout is None or layout["model"] != entry.history_model:
        raise LedgerBroken(f"its layout {entry.layout} is not one the head records for this model.")
    return layout["fields"]


def _is_layout(layout):
    """Whether `layout` has the shape append() writes: {"model": label, "fields": [names]}."""
    return (
        isinstance(layout, dict)
        and isinstance(layout.get("model"), str)
        and isinstance(layout.get("fields"), list)
        and all(isinstance(name, str) for name in layout["fields"])
    )


def canonical_of(entry, row, layouts):
    """
    The canonical content of `row` over `entry`'s layout_fields();
    LedgerBroken also when the model has lost one of those fields.
    """
    fields = layout_fields(entry, layouts)
    try:
        return Layout(type(row), entry.history_model, fields).canonical(row)
    except LookupError as missing:
        raise LedgerBroken(
            f"its model no longer has the field {missing} it was chained with."
        ) from None
    except _UNREADABLE as error:
        raise LedgerBroken(
            f"its historical row holds a value of the wrong type for its field "
            f"({_shown(error)}): the row was altered by hand."
        ) from None


# Appending --------------------------------------------------------------


def append(records):
    """
    Chain `records` (saved historical rows, any mix of models) in this order,
    in the caller's transaction. Locks the head until that transaction ends,
    so concurrent writers queue here. Three queries however many the records:
    lock the head, insert the entries, move the head.
    """
    if not records:
        return
    head_model, entry_model = _ledger_models()
    using = records[0]._state.db
    with transaction.atomic(using=using, savepoint=False):
        head = _locked_head(head_model, using)
        layouts_before = len(head.layouts)
        position, previous = head.entries, head.hash
        layouts, entries = {}, []
        nonces = os.urandom(16 * len(records)).hex()
        for index, record in enumerate(records):
            model = type(record)
            if model not in layouts:
                label = model._meta.label_lower
                attnames = [field.attname for field in _recorded_fields(model)]
                number = _layout_number(head.layouts, label, attnames)
                layouts[model] = (number, Layout(model, label, attnames))
            number, layout = layouts[model]
            if record.pk is None:
                raise ValueError(
                    f"A {layout.label} record without a primary key cannot be chained: this "
                    "database did not return the ids of bulk-inserted rows."
                )
            position += 1
            nonce = nonces[32 * index : 32 * (index + 1)]
            content = content_hash(nonce, layout.canonical(record))
            previous = entry_hash(position, previous, content)
            entries.append(
                entry_model(
                    position=position,
                    history_model=layout.label,
                    history_id=record.pk,
                    object_id=str(getattr(record, OBJECT_ID_FIELDS.get(layout.label, "id"))),
                    layout=number,
                    nonce=nonce,
                    content_hash=content,
                    entry_hash=previous,
                )
            )
        entry_model._base_manager.using(using).bulk_create(entries)
        head.entries, head.hash = position, previous
        fields = ["entries", "hash"] + (["layouts"] if len(head.layouts) > layouts_before else [])
        head.save(using=using, update_fields=fields)
        # The pages that show what these records changed are built afresh
        # from the next request on, on every app process (claims/caching.py).
        caching.changed(records)


def _locked_head(head_model, using):
    """
    The head, locked until the transaction ends. SQLite has no row locks and
    needs none: its IMMEDIATE transactions (settings.py) admit one writer at
    a time.
    """
    heads = head_model._base_manager.using(using).select_for_update()
    head = heads.filter(pk=HEAD_ID).first()
    if head is None:
        # A new database (or one a test emptied): racing writers settle the
        # head's creation through its primary key.
        head_model._base_manager.using(using).get_or_create(pk=HEAD_ID)
        head = heads.get(pk=HEAD_ID)
    return head


# Verifying --------------------------------------------------------------


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


def history_models(app_label="claims"):
    """Every historical model of the app: the tables whose rows the chain covers."""
    from simple_history.models import HistoricalChanges

    return [
        model
        for model in apps.get_app_config(app_label).get_models()
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


def verify(entries, checkpoints=(), chunk_size=2000, progress=None):
    """
    Recompute the whole chain of `entries` (the LedgerEntry queryset) and
    return the head it ends in; raise LedgerBroken naming the first entry
    that does not match. Reads `chunk_size` entries and their rows at a time
    (one query for the entries and one per historical model in each chunk),
    so memory stays flat however long the ledger is. Outside a transaction,
    every read sees the database as of one moment (see _one_snapshot); inside
    one, the caller's transaction decides what they see. `progress`, if
    given, is called with (entries verified, entries in all) after each chunk.
    """
    with _one_snapshot(entries.db):
        return _verify(entries, checkpoints, chunk_size, progress)


def _verify(entries, checkpoints, chunk_size, progress=None):
    head_model, _ = _ledger_models()
    head = head_model.current(entries.db)
    if head._state.adding and entries.exists():
        raise LedgerBroken("The ledger head row is missing, though entries exist.")
    # SQLite keeps whatever text was written into a number column; PostgreSQL
    # keeps any 64 characters in the hash. append() writes neither.
    if type(head.entries) is not int or head.entries < 0:
        raise LedgerBroken("The ledger head was altered: its entry count is not a whole number.")
    if not is_hash(head.hash):
        raise LedgerBroken(
            "The ledger head was altered: its hash is not 64 lowercase hexadecimal characters."
        )
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
        if progress:
            progress(position, head.entries)
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


class _UnreadableRow:
    """Stands for a historical row whose values cannot be read back (see _UNREADABLE)."""

    def __init__(self, error):
        self.error = error


def _rows_for(chunk):
    """
    {(label, history id): row} for the chunk's entries, one query per model.
    When a model's rows cannot all be read back, they are read one by one,
    and each that fails maps to an _UnreadableRow for _check_entry to report.
    """
    wanted = {}
    for entry in chunk:
        # A history id that is not a number (SQLite keeps text in any
        # column) finds no row: _check_entry reports the entry.
        if type(entry.history_id) is int:
            wanted.setdefault(entry.history_model, []).append(entry.history_id)
    rows = {}
    for label, ids in wanted.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue  # each entry of an unknown model is reported by _check_entry
        history = model._base_manager.using(chunk[0]._state.db)
        try:
            found = list(history.filter(pk__in=ids))
        except _UNREADABLE:
            found = []
            for pk in ids:
                try:
                    found.extend(history.filter(pk=pk))
                except _UNREADABLE as error:
                    rows[label, pk] = _UnreadableRow(error)
        for row in found:
            rows[label, row.pk] = row
    return rows


def _check_entry(entry, previous, rows, layouts):
    """What is wrong with `entry`, or None."""
    row = rows.get((entry.history_model, entry.history_id))
    try:
        # The layout first: an altered number says more than the row it
        # then cannot find.
        layout_fields(entry, layouts)
        if row is None:
            return "its historical row is missing (deleted after it was chained)."
        if isinstance(row, _UnreadableRow):
            return (
                f"its historical row cannot be read back ({_shown(row.error)}): it holds a "
                "value no write of the site makes, so it was altered by hand."
            )
        canonical = canonical_of(entry, row, layouts)
    except LedgerBroken as problem:
        return str(problem)
    # SQLite keeps any value in any column, bytes included: a nonce or
    # content hash that is not text can be neither hashed nor compared.
    if not all(isinstance(value, str) for value in (entry.nonce, entry.content_hash)):
        return "its nonce or content hash is not text: the entry was altered."
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
    for model in history_models():
        label = model._meta.label_lower
        # NOT EXISTS, an anti-join on the entries' unique index; NOT IN would
        # make PostgreSQL rescan the entries per row once they outgrow work_mem.
        chained = entries.filter(history_model=label, history_id=models.OuterRef("pk"))
        # Its id and object only: the row's other values may not read back.
        unchained = (
            model._base_manager.using(entries.db)
            .filter(~models.Exists(chained))
            .order_by("pk")
            .values_list("pk", OBJECT_ID_FIELDS.get(label, "id"))
            .first()
        )
        if unchained is not None:
            history_id, object_id = unchained
            raise LedgerBroken(
                f"The historical row {label}, object {object_id}, history id "
                f"{history_id} has no ledger entry: it was written around the ledger "
                "(inserted by hand, or by a path that skips the chain)."
            )


def check_hash_chain(entries, head, checkpoints=()):
    """
    Recompute a chain from its published hashes alone, as an outsider can:
    `entries` yields (position, content_hash, entry_hash) from position 1 on,
    `head` is the Checkpoint the publisher claims. Proves that the content
    hashes up to each checkpoint are the ones committed to then; it cannot see
    the records themselves (see public_content for those).
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


# Disclosing -------------------------------------------------------------


def public_content(entry):
    """
    The canonical content of `entry`'s record as it reads now, for readers to
    hash and compare with its `content_hash`; None when the record may hold
    content that was never public. Disclosed: a claim's records from while it
    was published, with their topics rows, and its corrections, as long as the
    claim is published today. Everything else, drafts above all, is withheld.
    LedgerBroken when the entry's layout cannot be read (see canonical_of).
    Costs three or four queries.
    """
    head_model, _ = _ledger_models()
    using = entry._state.db
    model = apps.get_model(entry.history_model)
    row = model._base_manager.using(using).filter(pk=entry.history_id).first()
    if entry.history_model == "claims.historicalclaim_topics" and row is not None:
        claim_id, state = row.claim_id, row.history
    elif entry.history_model == "claims.historicalclaim" and row is not None:
        claim_id, state = row.id, row
    elif entry.history_model == "claims.historicalcorrection" and row is not None:
        claim_id, state = row.claim_id, None
    else:
        return None
    if state is not None and state.published_at is None:
        return None
    claims = apps.get_model("claims", "Claim").objects
    if not claims.using(using).published().filter(pk=claim_id).exists():
        return None
    return canonical_of(entry, row, head_model.current(using).layouts)
