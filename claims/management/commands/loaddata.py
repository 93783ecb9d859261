"""
Django's loaddata, with the fixture's name as the history reason.

claims/history.py makes raw saves write history at all; this names the
fixture in each entry ("loaded from fixture amnesty-hk-2021"), so the audit
trail says where a row came from.

It also skips the audit history and the tamper-evident ledger's rows that
`dumpdata claims` writes out (historical records, LedgerEntry, LedgerHead).
History belongs to the database that recorded it: this ledger records its
own entry for every row it loads and chains it. Another database's history
loaded raw would have no place in this chain (it would verify as forged), and
its ids could overwrite entries recorded here.
"""

import os

from django.core.management.commands import loaddata
from django.core.serializers.base import DeserializationError
from simple_history.models import HistoricalChanges

from claims.models import LedgerEntry, LedgerHead, SlugMaker, Source

RECORDED_HERE = (HistoricalChanges, LedgerEntry, LedgerHead)


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        self.skipped_records = 0
        super().handle(*fixture_labels, **options)
        if self.skipped_records and options["verbosity"] >= 1:
            self.stdout.write(
                f"Skipped {self.skipped_records} history and ledger record(s) from the "
                "fixture: this ledger records and chains its own history of the rows loaded."
            )

    def load_label(self, fixture_label):
        self.history_reason = f"loaded from fixture {os.path.basename(fixture_label)}"
        self.source_slugs = SlugMaker(Source)
        return super().load_label(fixture_label)

    def save_obj(self, obj):
        if isinstance(obj.object, RECORDED_HERE):
            self.skipped_records += 1
            return False
        self._refuse_missing_required_reference(obj)
        if isinstance(obj.object, Source):
            self._name_source(obj.object)
        obj.object._change_reason = self.history_reason
        return super().save_obj(obj)

    def _name_source(self, source):
        """
        A source keeps the slug it has here (URLs are permanent), whatever
        the fixture says. A new one takes the fixture's slug when it is free
        here, else a new one, as its save() would make (loaddata saves raw,
        which makes none): a fixture written before sources had slugs has
        none, and another desk's may hold one a source here already has.
        """
        saved = Source._base_manager.using(self.using)
        if source.pk is not None:
            kept = saved.filter(pk=source.pk).values_list("slug", flat=True).first()
            if kept:
                source.slug = kept
                return
        free = (
            source.slug
            # The model's rule, which a raw save does not check: not digits alone.
            and any(character.isalpha() for character in source.slug)
            and source.slug not in self.source_slugs.given
            and not saved.filter(slug=source.slug).exists()
        )
        if free:
            self.source_slugs.take(source.slug)
        else:
            source.slug = self.source_slugs.make(source.slug_text)

    @staticmethod
    def _refuse_missing_required_reference(obj):
        """
        A natural key the database lacks is deferred, and resolved (or
        refused) after every row is in; but a row whose reference may not be
        empty (a vote's editor) would fail first, as a bare NOT NULL error.
        Refuse it in the words Django uses for a nullable one.
        """
        for field, natural_key in (obj.deferred_fields or {}).items():
            if not field.null:
                model = field.remote_field.model
                raise DeserializationError(
                    f"Could not load {obj.object._meta.label}(pk={obj.object.pk}): its "
                    f"{field.name} {tuple(natural_key)!r} is not in this database "
                    f"({model.__name__} matching query does not exist); load "
                    f"{model._meta.label_lower} with the claims."
                )
