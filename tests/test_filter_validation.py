"""
The list page and the API check their filters with the same rules, and no
value a reader can type gives a server error: the page names the filter, the
API answers 422 naming the parameter.
"""

import pytest
from django.urls import reverse

# A NUL in any filter is refused before the filters are read, with a 400
# (claims/middleware.py, tests/test_nul_in_request.py).
BAD_FILTERS = [
    ({"source": "99999999999999999999"}, "source"),
    ({"source": "0"}, "source"),
    ({"q": "x" * 201}, "q"),
    ({"status": "bogus"}, "status"),
    ({"speaker": "a b"}, "speaker"),
    ({"topic": "no/such"}, "topic"),
]


@pytest.mark.parametrize(("query", "field"), BAD_FILTERS)
def test_the_page_names_the_bad_filter(client, seeded, query, field):
    response = client.get(reverse("claims:list"), query)
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    assert f"<code>{field}</code>" in response.content.decode()


@pytest.mark.parametrize(("query", "field"), BAD_FILTERS)
def test_the_api_names_the_bad_parameter(client, seeded, query, field):
    response = client.get("/api/claims/", query)
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["query", field]]


def test_the_api_refuses_a_page_beyond_any_database_integer(client, seeded):
    response = client.get("/api/claims/", {"page": "99999999999999999999"})
    assert response.status_code == 422
