"""
The audit history every tracked model keeps.

django-simple-history records a history entry on each `save()`, but it skips
"raw" saves, which is how `loaddata` writes rows. A ledger whose rows can enter
the database without a trace is not an audit trail, so `HistoricalRecords` here
records raw saves too. A fixture loaded a second time writes no new entries,
because a row that matches its latest entry has nothing new to record.

Every historical row is also chained into the tamper-evident ledger
(claims/ledger.py), in the same transaction: rows written one by one through
`create_historical_record` (save, delete, a topics change, loaddata), and rows
written in batches through `bulk_history_create` (simple-history's
`bulk_create_with_history` and `bulk_update_with_history` both call it).
"""

from django.conf import settings
from django.db import connections, models, router, transaction
from django.utils import timezone
from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords as SimpleHistoricalRecords
from simple_history.utils import get_change_reason_from_object

from claims import ledger
from claims.bulk_insert import take_ids, write_rows

FIXTURE_REASON = "loaded from a fixture"


class ChainedHistoryManager(HistoryManager):
    def bulk_history_create(
        self,
        objs,
        batch_size=None,
        update=False,
        default_user=None,
        default_change_reason="",
        default_date=None,
        custom_historical_attrs=None,
    ):
        """
        simple-history's bulk_history_create, row for row, and each batch
        chained in one locked append. It builds the same historical rows
        (tests/test_history_bulk_rows.py compares the two) but writes them
        with `insert_records` instead of the ORM's bulk_create, whose per-value
        preparation made the history half of an import's time. The rare
        options we never pass (custom historical attributes, a history
        relation) take the library's own path.
        """
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return None
        model = self.model
        using = router.db_for_write(model)
        with transaction.atomic(using=using, savepoint=False):
            if custom_historical_attrs or hasattr(model, "history_relation"):
                records = super().bulk_history_create(
                    objs,
                    batch_size=batch_size,
                    update=update,
                    default_user=default_user,
                    default_change_reason=default_change_reason,
                    default_date=default_date,
                    custom_historical_attrs=custom_historical_attrs,
                )
            else:
                records = self._history_records(
                    objs, update, default_user, default_change_reason, default_date
                )
                insert_records(model, records, using)
            if records:
                ledger.append(records)
        return records

    def _history_records(self, objs, update, default_user, default_change_reason, default_date):
        """Unsaved historical rows with the values simple-history gives them."""
        model = self.model
        tracked = [field.attname for field in model.tracked_fields]
        # Built positionally, in the model's field order: Model.__init__'s fast path.
        order = [field.attname for field in model._meta.concrete_fields]
        history_type = "~" if update else "+"
        records = []
        for instance in objs:
            user = getattr(
                instance,
                "_history_user",
                default_user or model.get_default_history_user(instance),
            )
            values = {attname: getattr(instance, attname) for attname in tracked}
            values["history_date"] = getattr(
                instance, "_history_date", default_date or timezone.now()
            )
            values["history_user_id"] = user.pk if user is not None else None
            values["history_change_reason"] = (
                get_change_reason_from_object(instance) or default_change_reason
            )
            values["history_type"] = history_type
            records.append(model(*[values.get(attname) for attname in order]))
        return records


def created_history(model, rows, *, user, date, reasons):
    """
    The history rows recording `rows` of `model` (dicts, just inserted with
    claims/bulk_insert.py) as created, as dicts for insert_rows: the values
    simple-history's bulk_create_with_history records for each, with the
    reason given for each row. Empty when history is switched off.
    """
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return []
    tracked = [field.attname for field in model.history.model.tracked_fields]
    recorded = {
        "history_date": date,
        "history_user_id": user.pk if user is not None else None,
        "history_type": "+",
    }
    history = []
    for row, reason in zip(rows, reasons, strict=True):
        entry = {attname: row[attname] for attname in tracked}
        entry.update(recorded)
        entry["history_change_reason"] = reason
        history.append(entry)
    return history


def insert_records(model, records, using):
    """
    Save unsaved instances of a historical model (`model`), setting their
    primary keys: below the ORM, as an import writes its new rows
    (claims/bulk_insert.py), the ids taken first, then COPY on PostgreSQL and
    multi-row INSERTs on SQLite, with values already what the database takes
    (text, integers, NULL: most of a row) passed as they are.
    """
    if not records:
        return
    for record, new_id in zip(records, take_ids(model, len(records), using), strict=True):
        record.pk = new_id
        record._state.adding = False
        record._state.db = using
    with connections[using].cursor() as cursor:
        write_rows(cursor, model, [record.__dict__ for record in records])


class HistoricalRecords(SimpleHistoricalRecords):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("history_manager", ChainedHistoryManager)
        super().__init__(*args, **kwargs)

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
        ledger.append(records)

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
