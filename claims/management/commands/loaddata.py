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
from simple_history.models import HistoricalChanges

from claims.models import LedgerEntry, LedgerHead

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
        return super().load_label(fixture_label)

    def save_obj(self, obj):
        if isinstance(obj.object, RECORDED_HERE):
            self.skipped_records += 1
            return False
        obj.object._change_reason = self.history_reason
        return super().save_obj(obj)
