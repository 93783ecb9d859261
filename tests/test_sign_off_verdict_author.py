"""
Nobody signs off their own work: the editor who wrote a verdict (its status
and summary, Claim.rated_by) cannot approve it, and their publishing it is no
approval, whoever the claim's reviewer is (docs/sign-off.md).
"""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from claims.models import Claim, Vote

PANEL_OF_THREE = override_settings(LEDGER_SIGN_OFF=3, LEDGER_SIGN_OFF_MAJORITY=2)
CHANGELIST = reverse("admin:claims_claim_changelist")


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def rated_by_editor(make_claim, editor):
    """A draft that the editor Erin rated herself, with no reviewer: in Hindi."""
    claim = make_claim(text="मंत्री ने कहा कि बेरोज़गारी आधी हो गई।", language="hi")
    claim.rate("false", reason="आंकड़ों से जांचा", by=editor, summary="आधिकारिक आंकड़े बढ़ोतरी दिखाते हैं।")
    return claim


def test_the_verdict_records_who_wrote_it(rated_by_editor, editor, reviewer):
    rated_by_editor.refresh_from_db()
    assert rated_by_editor.rated_by == editor

    rated_by_editor.rate("misleading", reason="नया संदर्भ", by=reviewer)
    rated_by_editor.refresh_from_db()
    assert rated_by_editor.rated_by == reviewer
    assert rated_by_editor.history.first().rated_by == reviewer


def test_with_the_defaults_the_editor_who_rated_a_claim_cannot_publish_it_alone(
    rated_by_editor, editor, make_editor
):
    with pytest.raises(ValidationError, match="you wrote this verdict, so yours does not count"):
        rated_by_editor.publish(by=editor)
    rated_by_editor.refresh_from_db()
    assert not rated_by_editor.is_published
    assert not Vote.objects.exists()

    second = make_editor()
    rated_by_editor.publish(by=second)

    rated_by_editor.refresh_from_db()
    assert rated_by_editor.is_published
    assert list(rated_by_editor.votes.values_list("editor", "decision")) == [
        (second.pk, "approve")
    ]


def test_the_author_cannot_approve_their_verdict_even_as_nobodys_reviewer(
    rated_by_editor, editor, reviewer
):
    # Someone else becomes the reviewer: the verdict is still Erin's work.
    rated_by_editor.assign(reviewer, by=editor)

    with pytest.raises(PermissionDenied, match="wrote this verdict: nobody signs off their own"):
        rated_by_editor.approve(by=editor)
    with pytest.raises(ValidationError, match="you wrote this verdict"):
        rated_by_editor.publish(by=editor)
    assert not Vote.objects.exists()


@PANEL_OF_THREE
def test_an_approval_cast_before_writing_the_same_verdict_does_not_count(
    make_claim, reviewer, editor, make_editor
):
    claim = make_claim(text="官員說國安法保障了人權。", language="zh-Hant")
    claim.assign(reviewer, by=editor)
    claim.rate("false", reason="對照報告", by=reviewer, summary="多份报告记录了限制。")
    claim.approve(by=editor)
    claim.approve(by=make_editor())
    assert claim in Claim.objects.exclude(pk__in=Claim.objects.waiting_for_sign_off())

    # Erin rewrites the verdict, then writes back the one she approved: now it is hers.
    claim.rate("misleading", reason="再看", by=editor)
    claim.rate("false", reason="回到原判", by=editor)
    claim.refresh_from_db()

    assert claim.rated_by == editor
    assert claim.sign_off().approvals == 1
    assert claim in Claim.objects.waiting_for_sign_off()
    with pytest.raises(ValidationError, match="1 of 2 approvals"):
        claim.publish(by=editor)


def test_a_proposal_the_panel_applies_is_its_proposers_verdict(settings, make_verdict, make_editor):
    verdict = make_verdict()
    settings.LEDGER_SIGN_OFF, settings.LEDGER_SIGN_OFF_MAJORITY = 3, 2
    proposer, second, third = make_editor(), make_editor(), make_editor()
    proposal = verdict.propose(
        "misleading", reason="新的統計數字", by=proposer, summary="數字只計算了一個季度。"
    )
    assert proposal is not None

    verdict.approve(by=second)
    verdict.approve(by=third)

    verdict.refresh_from_db()
    assert (verdict.status, verdict.rated_by) == ("misleading", proposer)
    with pytest.raises(PermissionDenied, match="wrote this verdict"):
        verdict.approve(by=proposer)


def test_the_admins_approve_action_refuses_the_author_like_a_button(
    client, rated_by_editor, editor
):
    client.force_login(editor)
    response = client.post(
        CHANGELIST, {"action": "approve", "_selected_action": [rated_by_editor.pk]}
    )

    assert response.status_code == 302
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert "nobody signs off their own work" in shown[-1], shown
    assert not Vote.objects.exists()


def test_the_admins_publish_action_refuses_the_author(client, rated_by_editor, editor):
    client.force_login(editor)
    response = client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [rated_by_editor.pk]}
    )

    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert "you wrote this verdict" in shown[-1], shown
    assert not Claim.objects.published().exists()


def test_a_verdict_added_in_the_admin_is_its_creators_and_waits_for_another_editor(
    as_editor, form_data, make_speaker, make_source, editor, make_editor
):
    url = reverse("admin:claims_claim_add")
    data = form_data(as_editor.get(url))
    data.update(
        text="國安法實施後，本港人權狀況沒有倒退。",
        speaker=make_speaker(name="保安局發言人").pk,
        source=make_source().pk,
        language="zh-Hant",
        status="false",
        summary="多份報告記錄了集會及言論自由受到的限制。",
        is_published="on",
        change_reason="由新聞稿錄入",
    )

    refused = as_editor.post(url, data)

    assert refused.status_code == 200
    errors = refused.context["adminform"].form.errors["is_published"]
    assert "0 of 1 approval from editors other than its author" in errors[0]
    assert not Claim.objects.exists()

    del data["is_published"]
    assert as_editor.post(url, data).status_code == 302
    claim = Claim.objects.get()
    assert (claim.rated_by, claim.is_published) == (editor, False)
    claim.publish(by=make_editor())
    assert Claim.objects.published().get() == claim


def test_rating_and_publishing_in_one_save_of_the_claim_form_is_refused_and_writes_nothing(
    as_editor, form_data, make_claim
):
    claim = make_claim(text="وقال الوزير إن البطالة انخفضت إلى النصف.", language="ar")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = form_data(as_editor.get(url))
    data.update(
        status="false",
        summary="الأرقام الرسمية تظهر ارتفاعها.",
        is_published="on",
        change_reason="Checked",
    )

    response = as_editor.post(url, data)

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "you wrote this verdict, so yours does not count" in errors
    claim.refresh_from_db()
    assert (claim.status, claim.rated_by, claim.is_published) == ("unverified", None, False)
    assert claim.history.count() == 1


def test_rewriting_a_drafts_summary_on_the_form_makes_it_your_verdict(
    as_editor, form_data, make_claim, reviewer, editor
):
    claim = make_claim(text="部長說失業率減半了。", language="zh-Hant")
    claim.rate("false", reason="對照統計處數字", by=reviewer, summary="失業率上升了。")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = form_data(as_editor.get(url))
    data.update(summary="統計處的數字顯示失業率上升了 0.4 點。", is_published="on")
    data["change_reason"] = "改寫摘要並發布"

    response = as_editor.post(url, data)

    # Erin wrote these words: her publishing them is no sign-off of them.
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "you wrote this verdict" in errors
    claim.refresh_from_db()
    assert (claim.summary, claim.rated_by) == ("失業率上升了。", reviewer)
    assert not claim.is_published

    del data["is_published"]
    assert as_editor.post(url, data).status_code == 302
    claim.refresh_from_db()
    assert (claim.summary, claim.rated_by) == ("統計處的數字顯示失業率上升了 0.4 點。", editor)


def test_publishing_from_a_stale_copy_records_the_verdicts_author_as_saved(
    make_claim, reviewer, editor, make_editor
):
    claim = make_claim()
    claim.rate("false", reason="Checked", by=reviewer, summary="The figures say otherwise.")
    stale = Claim.objects.get(pk=claim.pk)
    claim.rate("misleading", reason="Rechecked", by=editor)

    stale.publish(by=make_editor())

    entry = claim.history.first()
    assert (entry.status, entry.rated_by, entry.published_at is not None) == (
        "misleading",
        editor,
        True,
    )


def test_with_another_editors_approval_of_the_words_one_save_rates_and_publishes(
    as_editor, form_data, make_claim, editor, make_editor
):
    claim = make_claim(text="وقال الوزير إن البطالة انخفضت إلى النصف.", language="ar")
    summary = "الأرقام الرسمية تظهر ارتفاعها."
    second = make_editor()
    claim.approve(by=second, status="false", summary=summary)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = form_data(as_editor.get(url))
    data.update(status="false", summary=summary, is_published="on", change_reason="Checked")

    assert as_editor.post(url, data).status_code == 302

    claim.refresh_from_db()
    assert (claim.status, claim.rated_by, claim.is_published) == ("false", editor, True)
    assert claim.sign_off().approvals == 1
    assert list(claim.votes.values_list("editor", flat=True)) == [second.pk]


def test_assigning_from_a_stale_copy_records_the_verdict_as_saved(
    make_claim, reviewer, editor
):
    claim = make_claim()
    stale = Claim.objects.get(pk=claim.pk)
    claim.rate("false", reason="Checked", by=editor, summary="The figures say otherwise.")

    stale.assign(reviewer, by=editor)

    entry = claim.history.first()
    assert (entry.reviewer, entry.status, entry.summary, entry.rated_by) == (
        reviewer,
        "false",
        "The figures say otherwise.",
        editor,
    )
