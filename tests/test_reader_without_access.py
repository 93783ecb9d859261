"""A staff user with no role sees and changes nothing, whatever they post."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse


@pytest.fixture
def as_reader(client, reader):
    client.force_login(reader)
    return client


def test_a_reader_opens_no_claim_page(as_reader, make_claim):
    claim = make_claim()
    for url in (
        reverse("admin:claims_claim_changelist"),
        reverse("admin:claims_claim_add"),
        reverse("admin:claims_claim_change", args=[claim.pk]),
        reverse("admin:claims_claim_history", args=[claim.pk]),
        reverse("admin:claims_claim_recent_changes"),
    ):
        assert as_reader.get(url).status_code == 403, url


def test_a_readers_crafted_posts_change_nothing(as_reader, make_claim):
    claim = make_claim(context="on the radio")
    entry = claim.history.first()

    edit = as_reader.post(
        reverse("admin:claims_claim_change", args=[claim.pk]),
        {"text": claim.text, "context": "changed", "change_reason": "Because"},
    )
    revert = as_reader.post(
        reverse("admin:claims_claim_simple_history", args=[claim.pk, entry.history_id]),
        {"text": claim.text, "context": "changed"},
    )
    action = as_reader.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "mark_in_review", "_selected_action": [claim.pk]},
    )

    assert (edit.status_code, revert.status_code, action.status_code) == (403, 403, 403)
    claim.refresh_from_db()
    assert (claim.context, claim.status) == ("on the radio", "unverified")


def test_the_workflow_methods_refuse_a_reader(make_claim, reader):
    claim = make_claim()
    with pytest.raises(PermissionDenied, match="rita does not have the permission"):
        claim.rate("in_review", reason="Checking", by=reader)
    with pytest.raises(PermissionDenied):
        claim.assign(reader, by=reader)
