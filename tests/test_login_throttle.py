"""The admin sign-in locks out a user name and address after repeated failures (django-axes)."""

import pytest
from django.core.management import call_command
from django.test import Client

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture(autouse=True)
def three_failures(settings):
    settings.AXES_FAILURE_LIMIT = 3


def sign_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def is_signed_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_the_right_password_signs_an_editor_in(client, editor):
    assert is_signed_in(sign_in(client, "erin", "erin-password"))


def test_after_the_limit_even_the_right_password_is_refused(client, editor):
    for _ in range(2):
        assert sign_in(client, "erin", "guess").status_code == 200  # the form again
    locked = sign_in(client, "erin", "guess")
    assert locked.status_code == 429
    assert b"too many" in locked.content.lower()

    refused = sign_in(client, "erin", "erin-password")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_holds_the_pair_not_the_user_everywhere(editor):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(3):
        sign_in(attacker, "erin", "guess")
    assert sign_in(attacker, "erin", "erin-password").status_code == 429

    # Erin at her desk, from another address, still gets in.
    assert is_signed_in(sign_in(Client(REMOTE_ADDR="198.51.100.7"), "erin", "erin-password"))


def test_axes_reset_lifts_the_lockout(client, editor):
    for _ in range(3):
        sign_in(client, "erin", "guess")
    assert sign_in(client, "erin", "erin-password").status_code == 429

    call_command("axes_reset", verbosity=0)

    assert is_signed_in(sign_in(client, "erin", "erin-password"))


def test_a_successful_sign_in_forgets_earlier_failures(client, editor):
    for _ in range(2):
        sign_in(client, "erin", "guess")
    assert is_signed_in(sign_in(client, "erin", "erin-password"))
    client.logout()
    for _ in range(2):
        sign_in(client, "erin", "guess")
    assert is_signed_in(sign_in(client, "erin", "erin-password"))
