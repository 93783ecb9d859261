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
"""

import datetime
import decimal
import hashlib
import json
import os
import uuid
from dataclasses import dataclass

from django.apps import apps as global_apps
from django.db import models, transaction
from django.utils import timezone

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
    def entries_for(self, records):
        """
        {history id: LedgerEntry} for historical records of one model (a list
        or a queryset), in one query; a record missing from the dict has no
        entry, which `verify_ledger` reports as tampering.
        """
        records = list(records)
        if not records:
            return {}
        label = type(records[0])._meta.label_lower
        entries = self.filter(history_model=label, history_id__in=[r.pk for r in records])
        return {entry.history_id: entry for entry in entries}

    def verify(self, checkpoints=(), chunk_size=2000):
        """
        Recompute the whole chain and return the head it ends in; raise
        LedgerBroken naming the first entry that does not match. Reads
        `chunk_size` entries and their rows at a time (one query for the
        entries and one per historical model in each chunk), so memory stays
        flat however long the ledger is.
        """
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
        drafts above all, is withheld. Costs three or four queries.
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
        layout = LedgerHead.current(self._state.db).layouts[self.layout - 1]
        return _canonical_of(row, self.history_model, layout["fields"])


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


def canonical_content(label, fields, values):
    """The bytes an entry's content hash covers: the model and every recorded field, sorted."""
    content = {"model": label, "fields": dict(zip(fields, map(_plain, values), strict=True))}
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_hash(nonce, canonical):
    return hashlib.sha256(nonce.encode() + b"\n" + canonical).hexdigest()


def entry_hash(position, previous_hash, content_hash):
    return hashlib.sha256(f"{position}\n{previous_hash}\n{content_hash}".encode()).hexdigest()


def _recorded_fields(model):
    """The fields an entry of `model` hashes now: every column of the historical row."""
    return list(model._meta.concrete_fields)


def _layout_number(head, label, attnames):
    """The number of the layout (`label`, `attnames`) in the head, added if new."""
    layout = {"model": label, "fields": attnames}
    try:
        return head.layouts.index(layout) + 1
    except ValueError:
        head.layouts.append(layout)
        return len(head.layouts)


def _values(fields, row):
    return [field.to_python(getattr(row, field.attname)) for field in fields]


def _canonical_of(row, label, attnames):
    """The canonical content of `row` over the fields named; LookupError names a field it lacks."""
    fields = {field.attname: field for field in type(row)._meta.concrete_fields}
    missing = [name for name in attnames if name not in fields]
    if missing:
        raise LookupError(missing[0])
    return canonical_content(label, attnames, _values([fields[name] for name in attnames], row))


# Appending --------------------------------------------------------------


def append(records, *, head_model=LedgerHead, entry_model=LedgerEntry):
    """
    Chain `records` (saved historical rows, any mix of models) in this order.
    Locks the head until the caller's transaction ends, so concurrent writers
    queue here; costs three queries whatever the number of records (lock the
    head, insert the entries, update the head). The models are parameters so
    the migration that chains an existing history can pass its own.
    """
    if not records:
        return
    using = records[0]._state.db
    with transaction.atomic(using=using, savepoint=False):
        head, _ = (
            head_model._default_manager.using(using).select_for_update().get_or_create(pk=HEAD_ID)
        )
        position, previous = head.entries, head.hash
        entries, layouts = [], {}
        for record in records:
            model = type(record)
            if model not in layouts:
                label, fields = model._meta.label_lower, _recorded_fields(model)
                attnames = [field.attname for field in fields]
                layouts[model] = (label, fields, _layout_number(head, label, attnames))
            label, fields, layout = layouts[model]
            if record.pk is None:
                raise ValueError(
                    f"A {label} record without a primary key cannot be chained: this "
                    "database did not return the ids of bulk-inserted rows."
                )
            position += 1
            nonce = os.urandom(16).hex()
            canonical = canonical_content(
                label, [field.attname for field in fields], _values(fields, record)
            )
            content = content_hash(nonce, canonical)
            previous = entry_hash(position, previous, content)
            entries.append(
                entry_model(
                    position=position,
                    history_model=label,
                    history_id=record.pk,
                    object_id=str(getattr(record, OBJECT_ID_FIELDS.get(label, "id"))),
                    layout=layout,
                    nonce=nonce,
                    content_hash=content,
                    entry_hash=previous,
                )
            )
        entry_model._default_manager.using(using).bulk_create(entries, batch_size=2000)
        head.entries, head.hash = position, previous
        head.save(using=using, update_fields=["entries", "hash", "layouts"])


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
    """{position: checkpoint}, refusing one that no prefix of a ledger this long can match."""
    for checkpoint in checkpoints:
        if checkpoint.entries > head.entries:
            raise LedgerBroken(
                f"The checkpoint {checkpoint} is ahead of the ledger, which has only "
                f"{head.entries} entries: entries were removed since it was taken."
            )
        if checkpoint.entries == 0 and checkpoint.hash != GENESIS_HASH:
            raise LedgerBroken(f"The checkpoint {checkpoint} is not a state of any ledger.")
    return {checkpoint.entries: checkpoint for checkpoint in checkpoints}


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


def _verify(entries, checkpoints, chunk_size):
    head = LedgerHead.current(entries.db)
    if head._state.adding and entries.exists():
        raise LedgerBroken("The ledger head row is missing, though entries exist.")
    checkpoints = _checkpoints_by_position(checkpoints, head)
    layouts = dict(enumerate(head.layouts, start=1))
    position, previous = 0, GENESIS_HASH
    while True:
        chunk = list(
            entries.filter(position__gt=position, position__lte=head.entries).order_by("position")[
                :chunk_size
            ]
        )
        if not chunk:
            break
        rows = _rows_for(chunk, layouts)
        for entry in chunk:
            expected_position = position + 1
            if entry.position != expected_position:
                raise LedgerBroken(
                    f"Ledger broken at entry {expected_position}: it is missing; the chain "
                    f"jumps from entry {position} to {entry.describe()}."
                )
            problem = _check_entry(entry, previous, rows, layouts)
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
    _refuse_unchained_rows(entries)
    return head


def _rows_for(chunk, layouts):
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
    layout = layouts.get(entry.layout)
    if layout is None or layout["model"] != entry.history_model:
        return f"its layout {entry.layout} is not one the head records for this model."
    row = rows.get((entry.history_model, entry.history_id))
    if row is None:
        return "its historical row is missing (deleted after it was chained)."
    fields = {field.attname: field for field in type(row)._meta.concrete_fields}
    missing = [name for name in layout["fields"] if name not in fields]
    if missing:
        return f"its model no longer has the field(s) {', '.join(missing)} it was chained with."
    recorded = [fields[name] for name in layout["fields"]]
    canonical = canonical_content(entry.history_model, layout["fields"], _values(recorded, row))
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
        chained = entries.filter(history_model=label).values("history_id")
        unchained = (
            model._base_manager.using(entries.db).exclude(pk__in=chained).order_by("pk").first()
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
