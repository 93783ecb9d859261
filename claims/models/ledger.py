"""
The tamper-evident ledger's two tables: one entry per historical record, and
the head that says how long the chain is and how it ends. How entries are
made and checked is claims/chain.py.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from claims import chain


class LedgerHead(models.Model):
    """
    The one row that says how long the chain is and how it ends. Appending
    locks it; verifying compares the chain with it, so a deleted tail shows.
    `layouts` lists, for each historical model, the fields its entries hash, in
    the order they were first chained: a model that gains a field later gets a
    new layout, and the entries made before keep hashing the fields they had.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=chain.HEAD_ID)
    entries = models.PositiveBigIntegerField(_("entries"), default=0)
    hash = models.CharField(_("hash"), max_length=64, default=chain.GENESIS_HASH)
    layouts = models.JSONField(_("layouts"), default=list)

    class Meta:
        verbose_name = _("ledger head")
        verbose_name_plural = _("ledger heads")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=chain.HEAD_ID), name="ledger_head_is_single"
            ),
        ]

    def __str__(self):
        return f"{self.entries} entries, head {self.hash}"

    @property
    def checkpoint(self):
        return f"{self.entries}:{self.hash}"

    @classmethod
    def current(cls, using="default"):
        """The head as committed, or the empty ledger's head before the first write."""
        return cls._default_manager.using(using).filter(pk=chain.HEAD_ID).first() or cls()


class LedgerEntryQuerySet(models.QuerySet):
    def chained(self):
        """
        The entries the head covers, positions 1 to its count, read in the
        same query as the head. A row outside them was inserted behind the
        head's back (verify_ledger names it), so no public page may show it.
        """
        count = LedgerHead._default_manager.filter(pk=chain.HEAD_ID).values("entries")
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
        """The whole chain recomputed: claims/chain.py's verify()."""
        return chain.verify(self, checkpoints, chunk_size)


class LedgerEntry(models.Model):
    position = models.PositiveBigIntegerField(_("position"), primary_key=True)
    history_model = models.CharField(_("history model"), max_length=100)
    history_id = models.BigIntegerField(_("history ID"))
    object_id = models.CharField(_("object ID"), max_length=64)
    layout = models.PositiveSmallIntegerField(_("layout"))
    nonce = models.CharField(_("nonce"), max_length=32)
    content_hash = models.CharField(_("content hash"), max_length=64)
    entry_hash = models.CharField(_("entry hash"), max_length=64)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
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
        """What readers may hash of this entry's record: claims/chain.py's public_content()."""
        return chain.public_content(self)
