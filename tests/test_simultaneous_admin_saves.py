"""Two people pressing Save on one claim at the same moment: one save wins, the other is told."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_simultaneous_saves_cannot_both_pass_the_version_check(
    make_claim, editor, reviewer, form_data
):
    claim = make_claim(context="on the radio")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    clients, forms = [], []
    for user, context in [(editor, "on TV"), (reviewer, "in parliament")]:
        client = Client()
        client.force_login(user)
        form = form_data(client.get(url))
        form["context"] = context
        clients.append(client)
        forms.append(form)
    start, responses, errors = threading.Barrier(2), {}, []

    def save(index):
        try:
            start.wait(timeout=10)
            responses[index] = clients[index].post(url, forms[index])
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=[index]) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors
    assert sorted(response.status_code for response in responses.values()) == [200, 302]
    (winner,) = [index for index, response in responses.items() if response.status_code == 302]
    refused = responses[1 - winner]
    assert "after you opened it" in refused.context["adminform"].form.non_field_errors()[0]
    claim.refresh_from_db()
    assert claim.context == forms[winner]["context"]
