"""A reviewer whose account was deactivated stays on their claims until someone reassigns them."""

from django.urls import reverse


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def test_saving_a_claim_keeps_its_deactivated_reviewer(
    client, editor, reviewer, form_data, make_claim
):
    claim = make_claim()
    claim.assign(reviewer, by=editor)
    reviewer.is_active = False
    reviewer.save(update_fields=["is_active"])
    client.force_login(editor)

    response = client.get(change_url(claim))
    offered = response.context["adminform"].form.fields["reviewer"].queryset
    assert reviewer in offered
    data = form_data(response)
    data.update(context="on the radio", change_reason="Venue")
    assert client.post(change_url(claim), data).status_code == 302

    claim.refresh_from_db()
    assert (claim.reviewer, claim.context) == (reviewer, "on the radio")


def test_other_deactivated_users_are_not_offered(
    client, editor, reviewer, django_user_model, make_claim
):
    claim = make_claim()
    reviewer.is_active = False
    reviewer.save(update_fields=["is_active"])
    client.force_login(editor)

    offered = client.get(change_url(claim)).context["adminform"].form.fields["reviewer"].queryset

    assert list(offered) == [editor]
