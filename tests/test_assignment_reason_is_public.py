"""An assignment's reason is public (the ledger has it): it names the reviewer, not the sign-in."""

from django.urls import reverse

from claims.models import LedgerEntry


def test_an_assignment_names_the_reviewer_by_full_name_on_every_public_surface(
    client, make_verdict, reviewer, editor, django_user_model
):
    reviewer.username = "rkumar-admin"
    reviewer.last_name = "Menon"
    reviewer.save()
    editor.username = "erin-signin"
    editor.save()
    nameless = django_user_model.objects.create_user("nn-signin", first_name="")
    claim = make_verdict()
    claim.assign(nameless, by=editor)
    claim.assign(reviewer, by=editor)

    reasons = list(claim.history.values_list("history_change_reason", flat=True)[:2])
    assert reasons == ["Assigned to Ravi Menon", f"Assigned to reviewer #{nameless.pk}"]
    surfaces = [
        claim.get_absolute_url(),
        claim.get_history_url(),
        reverse("api:claim", args=[claim.slug]),
        reverse("claims:feed"),
        reverse("claims:ledger"),
        reverse("claims:ledger_entries"),
        *(
            reverse("claims:ledger_entry", args=[position])
            for position in LedgerEntry.objects.values_list("position", flat=True)
        ),
    ]
    for url in surfaces:
        response = client.get(url)
        assert response.status_code == 200, url
        for sign_in in ("rkumar-admin", "nn-signin", "erin-signin"):
            assert sign_in not in response.content.decode(), (url, sign_in)
