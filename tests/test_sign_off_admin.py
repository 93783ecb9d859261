"""The sign-off in the admin: the votes on the claim, the waiting list, approve and reject."""


import pytest
from django.contrib.messages import get_messages
from django.test import override_settings
from django.urls import reverse

from claims.models import Claim, Vote

CHANGELIST = reverse("admin:claims_claim_changelist")
PANEL_OF_THREE = override_settings(LEDGER_SIGN_OFF=3, LEDGER_SIGN_OFF_MAJORITY=2)


@pytest.fixture
def proposed(make_claim, reviewer, editor):
    claim = make_claim(text="وقال الوزير إن البطالة انخفضت إلى النصف.", language="ar")
    claim.assign(reviewer, by=editor)
    claim.rate("false", reason="checked", by=reviewer, summary="الأرقام الرسمية تظهر ارتفاعها.")
    return claim


def post_action(client, action, claims):
    response = client.post(
        CHANGELIST, {"action": action, "_selected_action": [claim.pk for claim in claims]}
    )
    assert response.status_code == 302
    return [str(message) for message in get_messages(response.wsgi_request)]


@PANEL_OF_THREE
def test_editors_approve_from_the_list_then_publish(client, proposed, editor, make_editor):
    client.force_login(editor)
    assert post_action(client, "approve", [proposed]) == ["1 claim approved."]

    messages = post_action(client, "publish", [proposed])
    assert "1 of 2 approvals" in messages[-1]

    client.force_login(make_editor("陳大文"))
    assert post_action(client, "approve", [proposed])[-1] == "1 claim approved."
    client.force_login(editor)
    assert post_action(client, "publish", [proposed])[-1] == "1 claim published."
    assert Claim.objects.get(pk=proposed.pk).is_published


@PANEL_OF_THREE
def test_a_reviewers_crafted_post_is_refused_like_the_button(
    client, proposed, reviewer, editor, make_editor
):
    # Ravi, the reviewer, is offered no approve action; posting it anyway does nothing.
    client.force_login(reviewer)
    actions = dict(client.get(CHANGELIST).context["action_form"].fields["action"].choices)
    assert "approve" not in actions
    client.post(CHANGELIST, {"action": "approve", "_selected_action": [proposed.pk]})
    assert not Vote.objects.exists()

    # An editor who is the claim's reviewer may post it, and is refused by the claim.
    proposed.assign(editor, by=editor)
    client.force_login(editor)
    messages = post_action(client, "approve", [proposed])
    assert "refused" in messages[-1] and "nobody signs off their own work" in messages[-1]
    assert not Vote.objects.exists()


@PANEL_OF_THREE
def test_the_claim_page_shows_the_votes_with_their_notes(client, proposed, editor, make_editor):
    proposed.approve(by=editor, note="مراجعة جيدة")
    proposed.reject(by=make_editor("李小龍"), note="來源不足")
    client.force_login(editor)

    page = client.get(reverse("admin:claims_claim_change", args=[proposed.pk])).content.decode()

    assert "1 of 2 approvals, 1 rejection" in page
    assert "مراجعة جيدة" in page and "來源不足" in page and "李小龍" in page


@PANEL_OF_THREE
def test_the_waiting_list_holds_the_verdicts_the_panel_has_not_agreed_on(
    client, make_claim, reviewer, editor, make_editor, django_assert_num_queries
):
    def rated(text):
        claim = make_claim(text=text)
        claim.assign(reviewer, by=editor)
        claim.rate("false", reason="checked", by=reviewer, summary="Not so.")
        return claim

    rated("一")  # nobody has voted yet
    one, agreed, changed_since = rated("二"), rated("三"), rated("四")
    second = make_editor("अनीता")
    one.approve(by=editor)
    agreed.approve(by=editor)
    agreed.approve(by=second)
    changed_since.approve(by=editor)
    changed_since.approve(by=second)
    changed_since.rate("false", reason="reworded", by=reviewer, summary="Not so at all.")
    make_claim(text="五")  # no verdict yet: nothing to sign off

    # One query, however many claims: the tally is two subqueries.
    with django_assert_num_queries(1):
        waiting = set(Claim.objects.waiting_for_sign_off().values_list("text", flat=True))
    assert waiting == {"一", "二", "四"}

    client.force_login(editor)
    response = client.get(CHANGELIST, {"sign_off": "waiting"})
    assert {claim.text for claim in response.context["cl"].result_list} == waiting


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


@PANEL_OF_THREE
def test_the_claim_form_refuses_publishing_until_the_panel_agrees(
    client, form_data, proposed, editor, make_editor
):
    client.force_login(editor)
    data = form_data(client.get(change_url(proposed)))
    data.update(is_published="on", change_reason="Ready for readers")

    response = client.post(change_url(proposed), data)

    assert response.status_code == 200
    assert "1 of 2 approvals" in response.content.decode()
    assert not Claim.objects.get(pk=proposed.pk).is_published

    proposed.approve(by=make_editor())
    assert client.post(change_url(proposed), data).status_code == 302
    assert Claim.objects.get(pk=proposed.pk).is_published


@PANEL_OF_THREE
def test_the_claim_form_proposes_a_new_summary_on_a_published_verdict_without_the_panel(
    client, form_data, proposed, editor, make_editor
):
    proposed.approve(by=make_editor())
    proposed.publish(by=editor)
    client.force_login(editor)
    data = form_data(client.get(change_url(proposed)))
    new_summary = "الأرقام الرسمية تظهر ارتفاعها بنسبة ٠٫٤."  # noqa: RUF001 (Arabic-Indic digits, as Arabic text writes them)
    data.update(summary=new_summary)

    response = client.post(change_url(proposed), data, follow=True)

    # Kept as a proposal for the panel, not lost; the published summary stays.
    assert "Proposed: waiting for 2 approvals" in response.content.decode()
    assert Claim.objects.get(pk=proposed.pk).summary == "الأرقام الرسمية تظهر ارتفاعها."
    assert proposed.pending_proposal().summary == new_summary
