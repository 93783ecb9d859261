"""
Deleting a user or a topic never changes a claim behind its history's back:
a reviewer or a correction's issuer cannot be deleted (deactivate them), and a
deleted topic is taken off each claim through the claim's history.
"""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from claims.models import Claim


def test_a_claims_reviewer_cannot_be_deleted(make_claim, reviewer, editor):
    claim = make_claim()
    claim.assign(reviewer, by=editor)
    entries = claim.history.count()

    with pytest.raises(ProtectedError):
        reviewer.delete()

    claim.refresh_from_db()
    assert claim.reviewer == reviewer
    assert claim.history.count() == entries


def test_a_corrections_issuer_cannot_be_deleted(make_claim, editor, django_user_model):
    issuer = django_user_model.objects.create_superuser("sam", password="sam-password")
    claim = make_claim(published=True)
    correction = claim.issue_correction("update", "Added the date.", by=issuer)

    with pytest.raises(ProtectedError):
        issuer.delete()

    correction.refresh_from_db()
    assert correction.created_by == issuer


def test_deleting_a_topic_in_the_admin_records_it_in_each_claims_history(
    client, django_user_model, make_claim, make_topic, editor
):
    admin = django_user_model.objects.create_superuser("ada", password="ada-password")
    client.force_login(admin)
    doomed, kept = make_topic(name="Doomed"), make_topic(name="Kept")
    claim = make_claim()
    claim.set_topics([doomed, kept], reason="Filed", by=editor)
    entries = claim.history.count()

    response = client.post(reverse("admin:claims_topic_delete", args=[doomed.pk]), {"post": "yes"})

    assert response.status_code == 302
    claim = Claim.objects.get(pk=claim.pk)
    assert list(claim.topics.values_list("name", flat=True)) == ["Kept"]
    latest = claim.history.first()
    assert claim.history.count() > entries
    assert (latest.history_user, latest.history_change_reason) == (admin, "Topic “Doomed” deleted")
    assert [row.topic.name for row in latest.topics.all()] == ["Kept"]
