"""
The sign-off panel: a verdict goes public, or a public verdict changes, only
once enough editors other than the claim's reviewer have approved that very
status and summary (docs/sign-off.md).
"""

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from claims.chain import public_content
from claims.models import Claim, LedgerEntry, SignOff, Vote

PANEL_OF_THREE = override_settings(LEDGER_SIGN_OFF=3, LEDGER_SIGN_OFF_MAJORITY=2)


@pytest.fixture
def proposed(make_claim, reviewer, editor):
    """A draft the reviewer Ravi has rated, in Traditional Chinese, waiting for the panel."""
    claim = make_claim(text="政府說失業率減半了。", language="zh-Hant")
    claim.assign(reviewer, by=editor)
    claim.rate(
        "false", reason="對照統計處數字", by=reviewer, summary="統計處的數字顯示失業率上升。"
    )
    return claim


@PANEL_OF_THREE
def test_publishing_is_refused_after_one_approval_and_accepted_after_two(
    proposed, editor, make_editor
):
    proposed.approve(by=editor, note="數字對得上")

    with pytest.raises(ValidationError, match="1 of 2 approvals"):
        proposed.publish(by=editor)
    proposed.refresh_from_db()
    assert not proposed.is_published

    proposed.approve(by=make_editor(), note="同意")
    proposed.publish(by=editor)

    proposed.refresh_from_db()
    assert proposed.is_published
    assert proposed.sign_off().approvals == 2


@PANEL_OF_THREE
def test_the_publishing_editors_act_is_their_approval(proposed, editor, make_editor):
    # Erin approved; a second editor who publishes signs off by doing so.
    proposed.approve(by=editor)
    second = make_editor()

    proposed.publish(by=second, reason="Panel agreed")

    vote = Vote.objects.get(claim=proposed, editor=second)
    assert (vote.decision, vote.status, vote.note) == ("approve", "false", "Panel agreed")


@PANEL_OF_THREE
def test_a_changed_summary_clears_the_votes(proposed, editor, make_editor, reviewer):
    proposed.approve(by=editor)
    proposed.approve(by=make_editor())
    assert proposed.sign_off().agreed

    proposed.rate("false", reason="措辭更準確", by=reviewer, summary="失業率上升了 0.4 點。")

    proposed.refresh_from_db()
    assert proposed.sign_off().approvals == 0
    with pytest.raises(ValidationError, match="1 of 2 approvals"):
        proposed.publish(by=editor)
    # Nothing was deleted: the votes say what they approved, in the history too.
    assert Vote.objects.filter(claim=proposed).count() == 2
    assert Vote.history.filter(claim_id=proposed.pk).count() == 2


@PANEL_OF_THREE
def test_a_rejection_is_counted_and_said(proposed, editor, make_editor):
    proposed.reject(by=make_editor(), note="الأرقام غير واضحة")

    with pytest.raises(ValidationError, match="1 of 2 approvals, 1 rejection"):
        proposed.publish(by=editor)


def test_a_rejection_needs_a_note(proposed, editor):
    with pytest.raises(ValidationError, match="Say why"):
        proposed.reject(by=editor, note="  ")


@PANEL_OF_THREE
def test_the_reviewer_cannot_vote_even_when_an_editor(proposed, editor, make_editor):
    colleague = make_editor()
    proposed.assign(editor, by=colleague)  # Erin, an editor, is now the reviewer

    with pytest.raises(PermissionDenied, match="nobody signs off their own work"):
        proposed.approve(by=editor)
    assert not Vote.objects.exists()
    # Nor does publishing count as her approval.
    proposed.approve(by=colleague)
    with pytest.raises(ValidationError, match="1 of 2 approvals"):
        proposed.publish(by=editor)


def test_a_reviewer_without_the_editors_role_cannot_vote(proposed, make_claim, reviewer, editor):
    other = make_claim()
    other.rate("true", reason="checked", by=reviewer, summary="The figures agree.")
    with pytest.raises(PermissionDenied):
        other.approve(by=reviewer)


def test_only_a_verdict_is_signed_off(make_claim, editor):
    with pytest.raises(ValidationError, match="Only a verdict is signed off"):
        make_claim().approve(by=editor)


def test_with_the_defaults_an_editor_who_is_not_the_reviewer_publishes_in_one_step(
    proposed, editor
):
    proposed.publish(by=editor)

    proposed.refresh_from_db()
    assert proposed.is_published
    assert list(proposed.votes.values_list("editor", "decision")) == [(editor.pk, "approve")]


def test_with_the_defaults_the_reviewer_cannot_publish_their_own_verdict(
    proposed, editor, make_editor
):
    proposed.assign(editor, by=editor)
    with pytest.raises(ValidationError, match="0 of 1 approval from editors other"):
        proposed.publish(by=editor)


@PANEL_OF_THREE
def test_rating_a_published_claim_waits_for_the_panel_on_the_new_verdict(
    proposed, editor, make_editor
):
    proposed.approve(by=editor)
    proposed.approve(by=make_editor())
    proposed.publish(by=editor)
    new_summary = "統計處更正說失業率持平。"

    # Erin writes the new verdict: her act is no approval of it.
    with pytest.raises(ValidationError, match=r"0 of 2 approvals.*you wrote this verdict"):
        proposed.rate("misleading", reason="統計處更正", by=editor, summary=new_summary)

    proposed.approve(by=make_editor(), status="misleading", summary=new_summary)
    with pytest.raises(ValidationError, match="1 of 2 approvals"):
        proposed.rate("misleading", reason="統計處更正", by=editor, summary=new_summary)
    proposed.approve(by=make_editor(), status="misleading", summary=new_summary)
    proposed.rate("misleading", reason="統計處更正", by=editor, summary=new_summary)
    proposed.refresh_from_db()
    assert proposed.status == "misleading"
    assert proposed.corrections.get().kind == "rating_change"


@PANEL_OF_THREE
def test_a_retraction_never_waits_for_the_panel(proposed, editor, make_editor):
    proposed.approve(by=editor)
    proposed.approve(by=make_editor())
    proposed.publish(by=editor)

    proposed.retract(reason="來源撤回了報告", by=editor)

    proposed.refresh_from_db()
    assert proposed.status == "unverified"


@PANEL_OF_THREE
def test_an_import_of_the_desks_archive_is_the_systems_act_and_needs_no_votes(
    import_claims, write_file
):
    path = write_file(
        "archive.jsonl",
        '{"external_id": "a-1", "claim_text": "失业率减半了。", "speaker_name": "王部长", '
        '"source_title": "新闻发布会", "status": "false", "summary": "数字显示上升。", '
        '"language": "zh-Hans", "published_at": "2021-05-01T08:00:00+00:00"}\n',
    )
    import_claims(str(path))

    claim = Claim.objects.get(external_id="a-1")
    assert (claim.status, claim.is_published) == ("false", True)
    assert not claim.votes.exists()


@PANEL_OF_THREE
def test_votes_are_in_the_history_and_the_chain_and_the_ledger_verifies(
    proposed, editor, make_editor
):
    proposed.approve(by=editor, note="internal: checked with the desk chief")
    proposed.reject(by=make_editor(), note="internal: source is weak")

    records = Vote.history.filter(claim_id=proposed.pk)
    assert records.count() == 2
    entries = LedgerEntry.objects.entries_for(list(records))
    assert len(entries) == 2
    # A vote's record, its note with it, is never disclosed to readers.
    assert all(public_content(entry) is None for entry in entries.values())
    out = StringIO()
    call_command("verify_ledger", stdout=out)
    assert out.getvalue().startswith("Ledger intact")


def test_the_sign_off_check_refuses_a_majority_the_panel_cannot_reach():
    from claims.checks import check_sign_off_panel

    with override_settings(LEDGER_SIGN_OFF=2, LEDGER_SIGN_OFF_MAJORITY=3):
        errors = check_sign_off_panel(None)
    assert [error.id for error in errors] == ["claims.E001"]
    assert "LEDGER_SIGN_OFF_MAJORITY=3 approvals cannot be reached" in errors[0].msg
    with override_settings(LEDGER_SIGN_OFF=0, LEDGER_SIGN_OFF_MAJORITY=0):
        assert len(check_sign_off_panel(None)) == 2
    assert check_sign_off_panel(None) == []


def test_the_settings_refuse_a_panel_of_no_one(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import ledger.settings

    monkeypatch.setenv("LEDGER_SIGN_OFF", "0")
    with pytest.raises(ImproperlyConfigured, match="LEDGER_SIGN_OFF='0'"):
        importlib.reload(ledger.settings)
    monkeypatch.undo()
    importlib.reload(ledger.settings)


@PANEL_OF_THREE
def test_the_public_page_says_how_the_verdict_was_reached(client, proposed, editor, make_editor):
    proposed.approve(by=editor, note="内部备注不可公开")
    proposed.approve(by=make_editor(), note="内部备注二")
    proposed.publish(by=editor)

    page = client.get(proposed.get_absolute_url()).content.decode()
    history = client.get(reverse("claims:history", args=[proposed.slug])).content.decode()

    assert "Rated by a panel of 2 editors" in page
    assert "Signed off by 2 editors" in history
    assert "内部备注" not in page + history


def test_the_tally_reads_right_past_the_majority():
    assert SignOff(1, 0, 3, 2).missing == "1 of 2 approvals"
    assert SignOff(1, 1, 3, 2).missing == "1 of 2 approvals, 1 rejection"
    assert SignOff(2, 0, 3, 1).missing == "2 approvals, 1 needed"
