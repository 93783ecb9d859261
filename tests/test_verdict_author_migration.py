"""
Migrating a ledger whose verdicts were saved before Claim.rated_by: each
verdict's author is read from its history (claims/migrations/0018).
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("claims", "0017_proposals")
AFTER = ("claims", "0018_verdict_author")


def migrate(*targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(list(targets))
    return executor.loader.project_state(list(targets)).apps


@pytest.fixture
def migrated_back():
    old = migrate(BEFORE)
    yield old
    migrate(*MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_each_verdict_gets_the_user_who_first_gave_it_its_status_and_summary(migrated_back):
    old = migrated_back
    users = get_user_model()
    ravi, erin, sam = (users.objects.create_user(name) for name in ("ravi", "erin", "sam"))
    speaker = old.get_model("claims", "Speaker").objects.create(name="保安局", slug="保安局")
    source = old.get_model("claims", "Source").objects.create(title="新聞稿")
    Claim = old.get_model("claims", "Claim")
    History = old.get_model("claims", "HistoricalClaim")
    at = timezone.now() - datetime.timedelta(days=30)

    def claim_with_history(slug, *states):
        """A claim and its history records: (user, status, summary) oldest first."""
        claim = Claim.objects.create(
            text=f"說法 {slug}",
            slug=slug,
            speaker=speaker,
            source=source,
            status=states[-1][1],
            summary=states[-1][2],
            created_at=at,
            updated_at=at,
        )
        for hours, (user, status, summary) in enumerate(states):
            History.objects.create(
                id=claim.pk,
                text=claim.text,
                slug=slug,
                speaker_id=speaker.pk,
                source_id=source.pk,
                status=status,
                summary=summary,
                language="zh-Hant",
                created_at=at,
                updated_at=at,
                history_date=at + datetime.timedelta(hours=hours),
                history_type="+" if hours == 0 else "~",
                history_user_id=user.pk if user else None,
            )
        return claim.pk

    # Ravi rated it; Erin's later saves (publishing, a topic) kept his words.
    rated = claim_with_history(
        "rated",
        (erin, "unverified", ""),
        (ravi, "false", "數字不符。"),
        (erin, "false", "數字不符。"),
    )
    # Sam rewrote Ravi's verdict, then Erin put Ravi's words back: hers now.
    rewritten = claim_with_history(
        "rewritten",
        (ravi, "false", "數字不符。"),
        (sam, "misleading", "數字不符。"),
        (erin, "false", "數字不符。"),
    )
    no_verdict = claim_with_history("draft", (ravi, "unverified", ""), (erin, "in_review", ""))
    by_the_system = claim_with_history("system", (None, "true", "屬實。"))
    # Sam proposed the change a day before Erin's approval applied it (her name in the history).
    proposed = claim_with_history(
        "proposed", (ravi, "false", "數字不符。"), (erin, "misleading", "只計算了一季。")
    )
    old.get_model("claims", "Vote").objects.create(
        claim_id=proposed,
        editor_id=sam.pk,
        decision="propose",
        status="misleading",
        summary="只計算了一季。",
        created_at=at,
    )
    # Its row was changed behind the history's back: the history says nothing of its verdict.
    unrecorded = claim_with_history("unrecorded", (ravi, "false", "數字不符。"))
    Claim.objects.filter(pk=unrecorded).update(status="true", summary="改過了。")

    new = migrate(AFTER)

    authors = dict(new.get_model("claims", "Claim").objects.values_list("pk", "rated_by"))
    assert authors == {
        rated: ravi.pk,
        rewritten: erin.pk,
        no_verdict: None,
        by_the_system: None,
        proposed: sam.pk,
        unrecorded: None,
    }
    # The history records carry their own verdict's author, for the public history's count.
    records = new.get_model("claims", "HistoricalClaim").objects.order_by("history_date")
    assert list(records.filter(id=rewritten).values_list("rated_by", flat=True)) == [
        ravi.pk,
        sam.pk,
        erin.pk,
    ]
    assert list(records.filter(id=rated).values_list("rated_by", flat=True)) == [
        None,
        ravi.pk,
        ravi.pk,
    ]
