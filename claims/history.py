"""
The audit history every tracked model keeps.

django-simple-history records a history entry on each `save()`, but it skips
"raw" saves, which is how `loaddata` writes rows. A ledger whose rows can enter
the database without a trace is not an audit trail, so `HistoricalRecords` here
records raw saves too. A fixture loaded a second time writes no new entries,
because a row that matches its latest entry has nothing new to record.
"""

from django.conf import settings
from simple_history.models import HistoricalRecords as SimpleHistoricalRecords

FIXTURE_REASON = "loaded from a fixture"


class HistoricalRecords(SimpleHistoricalRecords):
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
