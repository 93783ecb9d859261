"""
A tracked model that gains a field later keeps its older entries verifiable:
each entry hashes the fields its model had when it was chained.
"""

import pytest
from django.core.management import CommandError, call_command

from claims import chain
from claims.models import LedgerHead


def fields_without_context(model):
    return [field for field in model._meta.concrete_fields if field.attname != "context"]


def test_entries_chained_before_a_field_existed_still_verify(make_claim, editor, monkeypatch):
    with monkeypatch.context() as before_the_field:
        before_the_field.setattr(chain, "_recorded_fields", fields_without_context)
        claim = make_claim(context="at a rally")  # hashed without `context`
    claim.context = "at a rally in the rain"
    claim.save_recorded(reason="More precise", by=editor)  # hashed with it

    call_command("verify_ledger")

    claim_layouts = [
        layout["fields"]
        for layout in LedgerHead.objects.get().layouts
        if layout["model"] == "claims.historicalclaim"
    ]
    assert len(claim_layouts) == 2
    assert "context" not in claim_layouts[0] and "context" in claim_layouts[1]


def test_a_field_removed_after_it_was_chained_is_named(make_claim):
    make_claim()
    head = LedgerHead.objects.get()
    for layout in head.layouts:
        if layout["model"] == "claims.historicalclaim":
            layout["fields"].append("retired_field")
    head.save()

    with pytest.raises(CommandError, match="no longer has the field retired_field"):
        call_command("verify_ledger")
