"""The public sees the full name of a claim's reviewer, never their sign-in name."""

from django.urls import reverse

from tests.test_api import openapi, validate  # noqa: F401 (a fixture)


def test_the_page_and_the_api_name_the_reviewer_by_their_full_name(client, make_verdict, reviewer):
    reviewer.last_name = "Menon"
    reviewer.save()
    claim = make_verdict()

    page = client.get(claim.get_absolute_url()).content.decode()
    assert '<bdi class="reviewer-name">Ravi Menon</bdi>' in page
    assert client.get(reverse("api:claim", args=[claim.slug])).json()["reviewer"] == "Ravi Menon"


def test_a_reviewer_without_a_full_name_is_not_named_at_all(
    client, make_verdict, reviewer, openapi  # noqa: F811
):
    reviewer.username = "rkumar-admin"
    reviewer.first_name = ""
    reviewer.save()
    claim = make_verdict()

    page = client.get(claim.get_absolute_url()).content.decode()
    assert "rkumar-admin" not in page
    assert "Checked by" not in page
    assert 'class="reviewer' not in page
    api = validate(openapi, "/api/claims/{slug}/", client.get(f"/api/claims/{claim.slug}/"))
    assert api["reviewer"] is None
    assert "rkumar-admin" not in str(api)
