"""
A change of a published verdict under a panel of three (majority two), end to
end through the admin: proposed on the claim form, approved or rejected on the
claim's page, applied by the approval that completes the majority.
"""

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from claims.models import Claim, Correction, Vote

CHANGELIST = reverse("admin:claims_claim_changelist")
PANEL_OF_THREE = override_settings(LEDGER_SIGN_OFF=3, LEDGER_SIGN_OFF_MAJORITY=2)
OLD_SUMMARY = "統計處的數字顯示失業率上升。"
NEW_SUMMARY = "數字經過挑選"
REASON = "統計處補充了全年數字：數字經過挑選"


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


@pytest.fixture
def desk(make_editor):
    """The claim's reviewer, an editor (so she may propose a published verdict), and two more."""
    return make_editor("王美玲"), make_editor("陳大文"), make_editor("李小龍")


@pytest.fixture
def published(make_claim, desk):
    reviewer, first, second = desk
    with PANEL_OF_THREE:
        claim = make_claim(text="部長說失業率減半了。", language="zh-Hant")
        claim.assign(reviewer, by=first)
        claim.rate("false", reason="查核完成", by=reviewer, summary=OLD_SUMMARY)
        claim.approve(by=first)
        claim.approve(by=second)
        claim.publish(by=first)
    return claim


def propose(client, form_data, claim, user, *, status="misleading", summary=NEW_SUMMARY):
    client.force_login(user)
    data = form_data(client.get(change_url(claim)))
    data.update(status=status, summary=summary, change_reason=REASON)
    response = client.post(change_url(claim), data, follow=True)
    assert response.status_code == 200
    return [str(message) for message in response.context["messages"]]


def vote(client, user, claim, action):
    """What the change page's buttons post: the list's action, for this claim."""
    client.force_login(user)
    response = client.post(CHANGELIST, {"action": action, "_selected_action": [claim.pk]})
    assert response.status_code == 302
    return [str(message) for message in get_messages(response.wsgi_request)]


def public_page(client, claim):
    client.logout()
    return client.get(Claim.objects.get(pk=claim.pk).get_absolute_url()).content.decode()


@PANEL_OF_THREE
def test_a_proposal_goes_public_only_with_the_second_approval(
    client, form_data, published, desk
):
    reviewer, first, second = desk

    messages = propose(client, form_data, published, reviewer)

    assert "Proposed: waiting for 2 approvals" in " ".join(messages)
    page = public_page(client, published)
    assert OLD_SUMMARY in page and NEW_SUMMARY not in page
    client.force_login(first)
    change_page = client.get(change_url(published)).content.decode()
    assert "Proposed" in change_page and NEW_SUMMARY in change_page
    assert "0 of 2 approvals" in change_page
    # The buttons belong to a form of their own, which posts the list's action for this claim.
    assert 'form="proposal-vote" name="action" value="approve"' in change_page
    assert f'<form id="proposal-vote" method="post" action="{CHANGELIST}">' in change_page
    assert f'name="_selected_action" value="{published.pk}"' in change_page

    assert vote(client, first, published, "approve") == ["1 claim approved."]
    page = public_page(client, published)
    assert OLD_SUMMARY in page and NEW_SUMMARY not in page
    assert not published.corrections.exists()

    assert vote(client, second, published, "approve") == ["1 claim approved."]
    page = public_page(client, published)
    assert NEW_SUMMARY in page and OLD_SUMMARY not in page and "Misleading" in page
    claim = Claim.objects.get(pk=published.pk)
    assert (claim.status, claim.summary, claim.is_published) == ("misleading", NEW_SUMMARY, True)
    correction = claim.corrections.get()
    assert (correction.kind, correction.previous_status, correction.new_status) == (
        Correction.Kind.RATING_CHANGE,
        "false",
        "misleading",
    )
    # Applied by the editor whose approval completed the majority, with the proposal's reason.
    assert (correction.note, correction.created_by) == (REASON, second)
    assert claim.pending_proposal() is None
    history = client.get(claim.get_history_url()).content.decode()
    assert REASON in history and "Signed off by 2 editors" in history
    call_command("verify_ledger")


@PANEL_OF_THREE
def test_nobody_approves_their_own_proposal(client, form_data, published, desk, make_editor):
    reviewer = desk[0]
    propose(client, form_data, published, reviewer)
    # The reviewer, who proposed it, posts the action anyway: refused like the button.
    messages = vote(client, reviewer, published, "approve")
    assert "refused" in messages[-1] and "nobody signs off their own work" in messages[-1]

    # An editor who is not the reviewer proposes a newer verdict, then tries to approve it.
    proposer = make_editor("فاطمة الزهراء")
    propose(client, form_data, published, proposer, status="mostly_false", summary="大致不實")
    messages = vote(client, proposer, published, "approve")
    assert "nobody approves their own proposal" in messages[-1]

    assert not Vote.objects.filter(decision=Vote.Decision.APPROVE, status="mostly_false").exists()
    assert Claim.objects.get(pk=published.pk).status == "false"


@PANEL_OF_THREE
def test_a_rejection_is_recorded_and_shown(client, form_data, published, desk):
    reviewer, first, second = desk
    propose(client, form_data, published, reviewer)

    assert vote(client, first, published, "reject") == ["1 claim rejected."]

    rejection = Vote.objects.get(decision=Vote.Decision.REJECT)
    assert (rejection.editor, rejection.status, rejection.summary) == (
        first,
        "misleading",
        NEW_SUMMARY,
    )
    assert rejection.history.count() == 1
    client.force_login(second)
    assert "0 of 2 approvals, 1 rejection" in client.get(change_url(published)).content.decode()
    assert Claim.objects.get(pk=published.pk).status == "false"
    call_command("verify_ledger")


@PANEL_OF_THREE
def test_a_newer_proposal_supersedes_the_older_ones_votes(client, form_data, published, desk):
    reviewer, first, second = desk
    propose(client, form_data, published, reviewer)
    vote(client, first, published, "approve")

    # A newer proposal: the approvals of the older one do not carry over.
    propose(client, form_data, published, reviewer, status="mostly_false", summary="大致不實")
    vote(client, second, published, "approve")
    assert Claim.objects.get(pk=published.pk).status == "false"

    # Back to the first wording: a new proposal, counted afresh from now.
    propose(client, form_data, published, reviewer)
    vote(client, second, published, "approve")
    claim = Claim.objects.get(pk=published.pk)
    assert claim.status == "false"
    assert "1 of 2 approvals" in claim.proposal_sign_off(claim.pending_proposal()).missing

    vote(client, first, published, "approve")
    assert Claim.objects.get(pk=published.pk).summary == NEW_SUMMARY


@PANEL_OF_THREE
def test_a_draft_is_rated_then_approved_and_published_as_before(
    client, form_data, make_claim, desk
):
    reviewer, first, second = desk
    claim = make_claim(text="部長說物價下降了。")
    claim.assign(reviewer, by=first)

    propose(client, form_data, claim, reviewer)

    claim.refresh_from_db()
    assert (claim.status, claim.summary) == ("misleading", NEW_SUMMARY)
    assert not Vote.objects.filter(decision=Vote.Decision.PROPOSE).exists()
    vote(client, first, claim, "approve")
    vote(client, second, claim, "approve")
    assert vote(client, first, claim, "publish")[-1] == "1 claim published."


def test_with_the_default_panel_an_editors_re_rating_waits_for_one_other_editor(
    client, form_data, make_verdict, editor, make_editor
):
    claim = make_verdict()

    messages = propose(client, form_data, claim, editor)

    # She writes the new verdict, so hers is no approval of it.
    assert "Proposed: waiting for 1 approval" in " ".join(messages)
    claim.refresh_from_db()
    assert claim.summary != NEW_SUMMARY
    assert vote(client, make_editor(), claim, "approve")[-1] == "1 claim approved."
    claim.refresh_from_db()
    assert (claim.status, claim.summary, claim.rated_by) == ("misleading", NEW_SUMMARY, editor)
    assert claim.corrections.get().kind == Correction.Kind.RATING_CHANGE


@PANEL_OF_THREE
def test_the_waiting_list_holds_a_published_claim_while_its_proposal_waits(
    client, form_data, published, desk, make_claim, editor, django_assert_num_queries
):
    reviewer, first, second = desk
    other = make_claim(text="另一個已發布的說法。", published=True)
    assert published not in Claim.objects.waiting_for_sign_off()

    propose(client, form_data, published, reviewer)

    with django_assert_num_queries(1):
        waiting = list(Claim.objects.waiting_for_sign_off())
    assert published in waiting and other not in waiting
    client.force_login(first)
    listed = client.get(CHANGELIST, {"sign_off": "waiting"}).context["cl"].result_list
    assert published in list(listed)

    # Applied by the second approval: nothing waits any more.
    vote(client, first, published, "approve")
    vote(client, second, published, "approve")
    assert published not in Claim.objects.waiting_for_sign_off()

    # A proposal overtaken by a retraction stands on nothing, and waits for nobody.
    propose(client, form_data, published, reviewer, status="mostly_false", summary="大致不實")
    assert published in Claim.objects.waiting_for_sign_off()
    Claim.objects.get(pk=published.pk).retract(reason="來源撤回", by=first)
    assert published not in Claim.objects.waiting_for_sign_off()
    assert Claim.objects.get(pk=published.pk).pending_proposal() is None
    client.force_login(first)
    assert "Proposed" not in client.get(change_url(published)).content.decode()
