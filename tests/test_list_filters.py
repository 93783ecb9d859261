"""The list's filters combine, and an empty or unknown filter gives a helpful empty state."""

import pytest
from django.urls import reverse

from claims.models import Claim, Source


def slugs(response):
    assert response.status_code == 200
    return {claim.slug for claim in response.context["page"].object_list}


def published(**filters):
    return set(Claim.objects.published().filter(**filters).values_list("slug", flat=True))


@pytest.fixture
def rated(seeded, make_verdict):
    return make_verdict(status="false")


def test_each_filter_narrows_the_list(client, rated):
    url = reverse("claims:list")
    assert slugs(client.get(url, {"status": "false"})) == {rated.slug}
    assert slugs(client.get(url, {"speaker": "kyle-ward"})) == published(speaker__slug="kyle-ward")
    assert slugs(client.get(url, {"topic": "human-rights"})) == published(
        topics__slug="human-rights"
    )
    seed_source = Source.objects.get(publisher="South China Morning Post")
    assert slugs(client.get(url, {"source": seed_source.slug})) == published(source=seed_source)
    # The id, as a link made before sources had slugs names it.
    assert slugs(client.get(url, {"source": seed_source.pk})) == published(source=seed_source)


def test_filters_and_search_combine(client, rated):
    url = reverse("claims:list")
    response = client.get(url, {"topic": "national-security-law", "q": "human rights"})
    assert slugs(response) == {
        "national-security-law-upheld-human-rights",
        "closure-driven-by-national-security-law",
    }
    response = client.get(url, {"topic": "civil-society", "q": "human rights"})
    assert slugs(response) == set()
    response = client.get(url, {"speaker": "kyle-ward", "status": "unverified", "q": "threat"})
    assert slugs(response) == {"no-direct-threat-against-amnesty-offices"}
    assert slugs(client.get(url, {"speaker": "kyle-ward", "status": "false"})) == set()


@pytest.mark.parametrize(
    "query",
    [
        {"speaker": "nobody"},
        {"topic": "no-such-topic"},
        {"source": "999999"},
        {"source": "no-such-source"},
        {"q": "zzzqqq"},
    ],
)
def test_an_unknown_value_gives_an_empty_state(client, seeded, query):
    response = client.get(reverse("claims:list"), query)
    assert slugs(response) == set()
    page = response.content.decode()
    assert "No published claims match" in page
    assert "show all published claims" in page


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "bogus"}, "status"),
        # A source is named by its slug (or an old link's id): "a b" is neither.
        ({"source": "a b"}, "source"),
        ({"speaker": "a b"}, "speaker"),
    ],
)
def test_an_invalid_value_says_which_filter_is_wrong(client, seeded, query, field):
    response = client.get(reverse("claims:list"), query)
    assert slugs(response) == set()
    page = response.content.decode()
    assert f"<code>{field}</code>" in page
    assert "could not be used" in page


def test_empty_filters_are_ignored(client, seeded):
    response = client.get(reverse("claims:list"), {"q": "", "status": "", "speaker": ""})
    assert slugs(response) == published()


def test_a_bad_page_number_shows_a_page(client, seeded):
    assert slugs(client.get(reverse("claims:list"), {"page": "abc"})) == published()
    assert client.get(reverse("claims:list"), {"page": "999"}).status_code == 200
