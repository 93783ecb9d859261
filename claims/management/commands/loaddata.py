"""
Django's loaddata, with the fixture's name as the history reason.

claims/history.py makes raw saves write history at all; this names the
fixture in each entry ("loaded from fixture amnesty-hk-2021"), so the audit
trail says where a row came from.
"""

import os

from django.core.management.commands import loaddata


class Command(loaddata.Command):
    def load_label(self, fixture_label):
        self.history_reason = f"loaded from fixture {os.path.basename(fixture_label)}"
        return super().load_label(fixture_label)

    def save_obj(self, obj):
        obj.object._change_reason = self.history_reason
        return super().save_obj(obj)
