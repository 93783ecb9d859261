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


def behind_our_proxy(forwarded_for):
    """A browser reaching the admin through one proxy of ours, which appends its address."""
    return Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)


def test_behind_a_trusted_proxy_the_lockout_holds_the_readers_address(settings, editor):
    settings.LEDGER_TRUSTED_PROXIES = 1
    attacker = behind_our_proxy("203.0.113.9")
    for _ in range(3):
        sign_in(attacker, "erin", "guess")
    assert sign_in(attacker, "erin", "erin-password").status_code == 429

    # Erin comes through the same proxy from her own address, and gets in.
    assert is_signed_in(sign_in(behind_our_proxy("198.51.100.7"), "erin", "erin-password"))


def test_a_forged_forwarded_address_does_not_dodge_the_count(settings, editor):
    settings.LEDGER_TRUSTED_PROXIES = 1
    # The attacker sends a different X-Forwarded-For each time; our proxy
    # appends the address it really came from, and that is what is counted.
    for number in range(3):
        sign_in(behind_our_proxy(f"192.0.2.{number}, 203.0.113.9"), "erin", "guess")
    assert (
        sign_in(behind_our_proxy("192.0.2.99, 203.0.113.9"), "erin", "erin-password").status_code
        == 429
    )


def test_without_trusted_proxies_the_forwarded_header_is_ignored(editor):
    # Nobody said a proxy of ours is in front: the header is the client's own word.
    for number in range(3):
        sign_in(
            Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}"),
            "erin",
            "guess",
        )
    assert sign_in(Client(REMOTE_ADDR="203.0.113.9"), "erin", "erin-password").status_code == 429
