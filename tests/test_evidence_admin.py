"""The evidence list searches titles, links, excerpts and the claims they support."""

from django.urls import reverse

from claims.models import Evidence


def test_evidence_is_found_by_its_excerpt_or_its_claim(client, reviewer, make_claim):
    client.force_login(reviewer)
    census = Evidence.objects.create(
        claim=make_claim(text="Crime halved."), title="Census", excerpt="Population fell."
    )
    budget = Evidence.objects.create(claim=make_claim(text="Taxes rose."), title="Budget")
    url = reverse("admin:claims_evidence_changelist")

    for term, expected in [("population", census), ("taxes", budget)]:
        response = client.get(url, {"q": term})
        assert [row.pk for row in response.context["cl"].result_list] == [expected.pk], term
