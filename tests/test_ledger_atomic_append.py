"""A historical row and its ledger entry commit together, even for a caller in autocommit."""

import pytest
from django.core.management import call_command

from claims import chain
from claims.models import Speaker

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_failed_append_takes_its_historical_row_with_it(monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(chain, "append", fail)
    with pytest.raises(RuntimeError, match="the disk is full"):
        Speaker.objects.create(name="Jo Lee")  # autocommit: no transaction around it

    assert not Speaker.history.exists()
    assert not Speaker.objects.exists()
    monkeypatch.undo()
    call_command("verify_ledger")
