"""The claim form's speaker, source and topic pickers search as a reviewer types."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("field", "make", "name", "term"),
    [
        ("speaker", "make_speaker", {"name": "Kyle Ward"}, "kyle"),
        ("source", "make_source", {"title": "Amnesty to close offices"}, "amnesty"),
        ("topics", "make_topic", {"name": "Civil society"}, "civil"),
    ],
)
def test_a_reviewer_finds_a_record_by_typing(client, reviewer, request, field, make, name, term):
    client.force_login(reviewer)
    wanted = request.getfixturevalue(make)(**name)
    request.getfixturevalue(make)()

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "claims", "model_name": "claim", "field_name": field, "term": term},
    )

    assert response.status_code == 200
    assert [result["id"] for result in response.json()["results"]] == [str(wanted.pk)]
