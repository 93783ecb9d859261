"""
Two people open the same speaker, source, topic or evidence and both save:
the second save is refused, naming who changed it and when, and loses nothing.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Evidence


@pytest.fixture
def erin(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def ravi(reviewer):
    client = Client()
    client.force_login(reviewer)
    return client


@pytest.fixture
def make_evidence(make_claim, editor):
    def make():
        evidence = Evidence(claim=make_claim(), title="Census table", url="https://example.org/c")
        evidence.save_recorded(reason="Added", by=editor)
        return evidence

    return make


# Each model's change page, a field its form edits, and a value for each editor.
CASES = {
    "speaker": ("make_speaker", "description", "Erin's description", "Ravi's description"),
    "source": ("make_source", "title", "Erin's title", "Ravi's title"),
    "topic": ("make_topic", "name", "Erin's topic", "Ravi's topic"),
    "evidence": ("make_evidence", "excerpt", "Erin's excerpt", "Ravi's excerpt"),
}


@pytest.mark.parametrize("model", CASES)
def test_the_second_save_is_refused_naming_who_and_when_and_keeps_the_input(
    request, erin, ravi, form_data, model
):
    factory, field, erins_value, ravis_value = CASES[model]
    obj = request.getfixturevalue(factory)()
    url = reverse(f"admin:claims_{model}_change", args=[obj.pk])
    erins_form = form_data(erin.get(url))
    ravis_form = form_data(ravi.get(url))

    erins_form[field] = erins_value
    assert erin.post(url, erins_form).status_code == 302
    ravis_form[field] = ravis_value
    response = ravi.post(url, ravis_form)

    assert response.status_code == 200
    form = response.context["adminform"].form
    (error,) = form.non_field_errors()
    assert error.startswith(f"erin changed this {obj._meta.verbose_name} at ")
    assert re.search(r" at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d ", error)
    assert "after you opened it. Nothing was saved" in error
    assert form[field].value() == ravis_value
    obj.refresh_from_db()
    assert getattr(obj, field) == erins_value

    # Saving again, after the warning, keeps Ravi's edit knowingly.
    assert ravi.post(url, form_data(response)).status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == ravis_value
