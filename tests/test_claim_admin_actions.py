"""The claim list's actions run the workflow claim by claim and say what changed and what not."""

from django.contrib.messages import get_messages
from django.urls import reverse

from claims.models import Claim

CHANGELIST = reverse("admin:claims_claim_changelist")


def run_action(client, action, claims):
    response = client.post(
        CHANGELIST, {"action": action, "_selected_action": [claim.pk for claim in claims]}
    )
    assert response.status_code == 302
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_assign_to_me(client, reviewer, make_claim):
    client.force_login(reviewer)
    claims = [make_claim(), make_claim()]

    assert run_action(client, "assign_to_me", claims) == ["2 claims assigned to you."]

    for claim in claims:
        claim.refresh_from_db()
        assert claim.reviewer == reviewer
        assert claim.history.first().history_user == reviewer


def test_mark_in_review_reports_claims_already_in_review(client, reviewer, make_claim):
    client.force_login(reviewer)
    fresh, already = make_claim(), make_claim()
    already.rate("in_review", reason="Started", by=None)

    messages = run_action(client, "mark_in_review", [fresh, already])

    assert messages == ["1 claim marked in review.", "1 claim already so; left as they were."]
    entry = Claim.objects.get(pk=fresh.pk).history.first()
    assert (entry.status, entry.history_change_reason) == (
        "in_review",
        "Marked in review from the claim list",
    )


def test_mark_in_review_leaves_published_claims_to_their_own_page(client, editor, make_claim):
    client.force_login(editor)
    published = make_claim(text="Crime halved.", status="true", summary="So.", published=True)

    messages = run_action(client, "mark_in_review", [published])

    assert messages == [
        "0 claims marked in review.",
        "1 claim refused: “Crime halved.”: It is published; change its status on its own "
        "page, with a reason for the public correction.",
    ]
    published.refresh_from_db()
    assert published.status == "true"
    assert not published.corrections.exists()


def test_mark_in_review_leaves_a_published_claim_already_in_review_alone(
    client, editor, make_claim
):
    client.force_login(editor)
    claim = make_claim(published=True)
    claim.rate("in_review", reason="Re-checking", by=editor)
    entries = claim.history.count()

    messages = run_action(client, "mark_in_review", [claim])

    # No status change, so no correction to give a reason for: nothing to refuse.
    assert messages == ["0 claims marked in review.", "1 claim already so; left as they were."]
    assert claim.history.count() == entries
    assert claim.corrections.count() == 1


def test_publish_publishes_what_it_may_and_names_what_it_refused(client, editor, make_claim):
    client.force_login(editor)
    ready = make_claim(status="true", summary="Matches the record.")
    no_summary = make_claim(text="Taxes never rose.", status="false")
    already = make_claim(published=True)

    messages = run_action(client, "publish", [ready, no_summary, already])

    assert messages[0] == "1 claim published."
    assert messages[1].startswith("2 claims refused: ")
    assert "“Taxes never rose.”: A published verdict needs a summary explaining it." in messages[1]
    assert "This claim is already published." in messages[1]
    assert Claim.objects.published().filter(pk=ready.pk).exists()
    assert not Claim.objects.published().filter(pk=no_summary.pk).exists()


def test_unpublish(client, editor, make_claim):
    client.force_login(editor)
    claim = make_claim(published=True)

    assert run_action(client, "unpublish", [claim]) == ["1 claim unpublished."]

    claim.refresh_from_db()
    assert not claim.is_published
    assert claim.history.first().history_user == editor


def test_reviewers_are_not_offered_publish_or_unpublish(client, reviewer, editor):
    client.force_login(reviewer)
    reviewer_actions = client.get(CHANGELIST).context["action_form"].fields["action"].choices
    client.force_login(editor)
    editor_actions = client.get(CHANGELIST).context["action_form"].fields["action"].choices

    assert {name for name, _ in reviewer_actions} == {"", "assign_to_me", "mark_in_review"}
    assert {name for name, _ in editor_actions} == {
        "",
        "assign_to_me",
        "mark_in_review",
        "approve",
        "reject",
        "publish",
        "unpublish",
    }


def run_action_with_levels(client, action, claims):
    response = client.post(
        CHANGELIST, {"action": action, "_selected_action": [claim.pk for claim in claims]}
    )
    assert response.status_code == 302
    return [(message.level, str(message)) for message in get_messages(response.wsgi_request)]


def test_assign_to_me_on_a_claim_already_mine_changes_nothing(client, reviewer, make_claim):
    from django.contrib import messages

    client.force_login(reviewer)
    claim = make_claim()
    claim.assign(reviewer, by=reviewer)
    entries, updated_at = claim.history.count(), Claim.objects.get(pk=claim.pk).updated_at

    assert run_action_with_levels(client, "assign_to_me", [claim]) == [
        (messages.WARNING, "0 claims assigned to you."),
        (messages.INFO, "1 claim already so; left as they were."),
    ]

    assert claim.history.count() == entries
    assert Claim.objects.get(pk=claim.pk).updated_at == updated_at


def test_assign_to_me_leaves_a_colleagues_open_form_valid(client, reviewer, form_data, make_claim):
    from django.test import Client

    claim = make_claim()
    claim.assign(reviewer, by=reviewer)
    colleague = Client()
    colleague.force_login(reviewer)
    change_url = reverse("admin:claims_claim_change", args=[claim.pk])
    open_form = form_data(colleague.get(change_url))

    client.force_login(reviewer)
    run_action(client, "assign_to_me", [claim])
    open_form["context"] = "at the press conference"

    assert colleague.post(change_url, open_form).status_code == 302


def test_an_action_that_changed_nothing_is_not_reported_as_a_success(client, editor, make_claim):
    from django.contrib import messages

    client.force_login(editor)
    published = make_claim(text="Crime halved.", status="true", summary="So.", published=True)

    levels = [level for level, _ in run_action_with_levels(client, "mark_in_review", [published])]

    assert levels == [messages.WARNING, messages.WARNING]
    assert messages.SUCCESS not in levels
