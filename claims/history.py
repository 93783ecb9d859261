"""
The audit history every tracked model keeps.

django-simple-history records a history entry on each `save()`, but it skips
"raw" saves, which is how `loaddata` writes rows. A ledger whose rows can enter
the database without a trace is not an audit trail, so `HistoricalRecords` here
records raw saves too. A fixture loaded a second time writes no new entries,
because a row that matches its latest entry has nothing new to record.

Every historical row is also chained into the tamper-evident ledger
(claims/chain.py), in the same transaction: rows written one by one through
`create_historical_record` (save, delete, a topics change, loaddata), and rows
written in batches through `bulk_history_create` (simple-history's
`bulk_create_with_history` and `bulk_update_with_history` both call it).
"""

from django.conf import settings
from django.db import models, router, transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords as SimpleHistoricalRecords

from claims import chain

FIXTURE_REASON = "loaded from a fixture"


class ChainedHistoryManager(HistoryManager):
    def bulk_history_create(self, objs, *args, **kwargs):
        """
        simple-history's bulk_history_create (which `bulk_create_with_history`
        and `bulk_update_with_history` call), its records chained in the same
        transaction: three queries more per call, however many the records.
        """
        using = router.db_for_write(self.model)
        with transaction.atomic(using=using, savepoint=False):
            records = super().bulk_history_create(objs, *args, **kwargs)
            if records:
                chain.append(records)
        return records


class HistoricalRecords(SimpleHistoricalRecords):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("history_manager", ChainedHistoryManager)
        super().__init__(*args, **kwargs)

    def get_meta_options(self, model):
        # simple-history names a historical model with its model's name made
        # a string as the app loads, which would fix it in the language
        # active then: kept lazy, it is the reader's.
        if not self.user_set_verbose_name:
            self.user_set_verbose_name = format_lazy(
                _("historical {}"), model._meta.verbose_name
            )
        if not self.user_set_verbose_name_plural:
            self.user_set_verbose_name_plural = format_lazy(
                _("historical {}"), model._meta.verbose_name_plural
            )
        return super().get_meta_options(model)

    def _get_history_user_fields(self):
        fields = super()._get_history_user_fields()
        # simple-history sets a deleted user's history rows' history_user to
        # NULL, rewriting chained records behind the ledger's back (verify_ledger
        # would report every one of them). Refuse the deletion instead: retire
        # an account by deactivating it.
        if "history_user" in fields and hasattr(fields["history_user"], "remote_field"):
            fields["history_user"].remote_field.on_delete = models.PROTECT
        return fields

    def create_historical_record(self, instance, history_type, using=None):
        # The historical row, its topics rows and their ledger entries commit
        # together, even when the caller runs in autocommit.
        with transaction.atomic(using=using if self.use_base_model_db else None, savepoint=False):
            super().create_historical_record(instance, history_type, using=using)

    def create_historical_record_m2ms(self, history_instance, instance):
        """
        The last step of create_historical_record: the record is saved and its
        m2m rows are written, so chain them all, the record first. Costs one
        query per tracked m2m field to read back the rows just written (the
        library does not return them).
        """
        super().create_historical_record_m2ms(history_instance, instance)
        records = [history_instance]
        for field in history_instance._history_m2m_fields:
            m2m_history_model = self.m2m_models[field]
            records += (
                m2m_history_model._base_manager.using(history_instance._state.db)
                .filter(history=history_instance)
                .order_by("pk")
            )
        chain.append(records)

    def post_save(self, instance, created, using=None, **kwargs):
        if kwargs.get("raw", False):
            self._record_raw_save(instance, created, using)
        else:
            super().post_save(instance, created, using=using, **kwargs)

    def _record_raw_save(self, instance, created, using):
        """Costs one query to read the row's latest entry, and one to write when it differs."""
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return
        if hasattr(instance, "skip_history_when_saving"):
            return
        if not created and not self._differs_from_latest_entry(instance):
            return
        if not hasattr(instance, "_change_reason"):
            instance._change_reason = FIXTURE_REASON
        self.create_historical_record(instance, "+" if created else "~", using=using)

    def _differs_from_latest_entry(self, instance):
        latest = getattr(instance, self.manager_name).first()
        if latest is None:
            return True
        return any(
            getattr(latest, field.attname) != getattr(instance, field.attname)
            for field in self.fields_included(instance)
        )
