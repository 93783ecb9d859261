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


def test_a_revert_keeps_the_current_deactivated_reviewer_not_the_old_versions(
    client, editor, reviewer, django_user_model, form_data, make_claim
):
    from django.contrib.auth.models import Group

    from claims.roles import REVIEWERS

    claim = make_claim()
    claim.assign(reviewer, by=editor)
    old = claim.history.first()
    successor = django_user_model.objects.create_user("sam", is_staff=True)
    successor.groups.add(Group.objects.get(name=REVIEWERS))
    claim.assign(successor, by=editor)
    django_user_model.objects.filter(pk__in=[reviewer.pk, successor.pk]).update(is_active=False)
    client.force_login(editor)
    url = reverse("admin:claims_claim_simple_history", args=[claim.pk, old.history_id])

    response = client.get(url)
    offered = response.context["adminform"].form.fields["reviewer"].queryset
    assert list(offered) == [editor, successor]
    # The old version names Ravi, who has left the desk since: no revert puts him
    # back, and the form keeps the current reviewer rather than offer nobody
    # (a browser would submit the empty choice and unassign the claim).
    data = form_data(response)
    data["change_reason"] = "Back to the first version"
    assert data["reviewer"] == str(successor.pk)
    assert "has left the desk" in response.content.decode()
    assert f'<option value="{successor.pk}" selected>' in response.content.decode()
    data["reviewer"] = str(reviewer.pk)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Select a valid choice" in str(response.context["adminform"].form.errors["reviewer"])

    data["reviewer"] = str(successor.pk)
    assert client.post(url, data).status_code == 302
    claim.refresh_from_db()
    assert claim.reviewer == successor
