"""Migrating a database that already has history chains that history, oldest first."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from claims.models import LedgerEntry

pytestmark = pytest.mark.django_db(transaction=True)


def ledger_migration():
    """The migration that adds the ledger, and the claims migrations it follows, by name."""
    graph = MigrationExecutor(connection).loader.graph
    (node,) = [n for n in graph.nodes if n[0] == "claims" and n[1].endswith("_ledger_chain")]
    return node, [parent for parent in graph.node_map[node].parents if parent.key[0] == "claims"]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_history_is_chained_in_history_order_and_verifies():
    ledger, before = ledger_migration()
    old = migrate([parent.key for parent in before])
    at = timezone.now() - datetime.timedelta(days=30)
    history = {
        name: old.get_model("claims", name)
        for name in [
            "historicalspeaker",
            "historicalclaim",
            "historicalclaim_topics",
            "historicaltopic",
        ]
    }
    topic = history["historicaltopic"].objects.create(
        id=1, name="Crime", slug="crime", history_date=at, history_type="+"
    )
    speaker = history["historicalspeaker"].objects.create(
        id=1,
        name="Jo Lee",
        slug="jo-lee",
        kind="person",
        history_date=at + datetime.timedelta(hours=1),
        history_type="+",
    )
    claim = history["historicalclaim"].objects.create(
        id=1,
        text="Crime halved.",
        slug="crime-halved",
        speaker_id=1,
        source_id=1,
        status="unverified",
        created_at=at,
        updated_at=at,
        language="en",
        history_date=at + datetime.timedelta(hours=2),
        history_type="~",
    )
    link = history["historicalclaim_topics"].objects.create(
        id=1, history=claim, claim_id=1, topic_id=1
    )
    # Written later, but dated first: the chain follows the history's dates.
    earliest = history["historicalspeaker"].objects.create(
        id=2,
        name="Early",
        slug="early",
        kind="person",
        history_date=at - datetime.timedelta(days=1),
        history_type="+",
    )

    migrate([ledger])
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert list(LedgerEntry.objects.values_list("history_model", "history_id")) == [
        ("claims.historicalspeaker", earliest.pk),
        ("claims.historicaltopic", topic.pk),
        ("claims.historicalspeaker", speaker.pk),
        ("claims.historicalclaim", claim.pk),
        ("claims.historicalclaim_topics", link.pk),
    ]
    call_command("verify_ledger")
