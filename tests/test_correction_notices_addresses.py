"""
A partner's webhook must be an http(s) URL on a public address, checked when
the partner is saved and again at each delivery, connecting to the address
checked (no server-side request forgery, no DNS rebinding).
"""

import socket
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from claims import webhooks
from claims.models import Delivery, Partner
from tests.test_correction_notices import Receiver


def partner(url):
    return Partner(name="Partner", webhook_url=url, secret="a-secret-the-partner-keeps-1234")


def fake_dns(monkeypatch, *addresses):
    """Every name resolves to `addresses`, in order."""

    def getaddrinfo(host, port, *args, **kwargs):
        family = lambda address: socket.AF_INET6 if ":" in address else socket.AF_INET  # noqa: E731
        return [(family(a), socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses]

    monkeypatch.setattr(webhooks.socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://127.0.0.1:8000/hook", "a loopback address"),
        ("http://localhost/hook", "a loopback address"),
        ("http://10.1.2.3/hook", "a private address"),
        ("http://192.168.0.10/hook", "a private address"),
        ("http://169.254.169.254/latest/meta-data/", "a link-local address"),
        ("http://224.0.0.251/hook", "a multicast address"),
        ("http://0.0.0.0/hook", "a reserved address"),
        ("http://100.64.0.1/hook", "a reserved address"),
        ("http://[::1]/hook", "a loopback address"),
        ("http://[fe80::1]/hook", "a link-local address"),
        ("http://[fd00::1]/hook", "a private address"),
        ("http://[::ffff:127.0.0.1]/hook", "a loopback address"),
        ("http://[::ffff:10.0.0.1]/hook", "a private address"),
    ],
)
def test_a_private_address_is_refused_at_save(db, url, problem):
    with pytest.raises(ValidationError) as refusal:
        partner(url).full_clean()
    assert problem in refusal.value.message_dict["webhook_url"][0]


@pytest.mark.parametrize("url", ["ftp://example.org/hook", "javascript:alert(1)", "file:///etc/passwd"])
def test_a_webhook_is_an_http_url(db, url):
    with pytest.raises(ValidationError) as refusal:
        partner(url).full_clean()
    assert "webhook_url" in refusal.value.message_dict


def test_a_name_resolving_to_a_private_address_among_public_ones_is_refused(db, monkeypatch):
    fake_dns(monkeypatch, "93.184.215.14", "10.0.0.7")
    with pytest.raises(ValidationError, match=r"partner\.example.* is a private address"):
        partner("https://partner.example/hook").full_clean()


def test_a_public_address_is_accepted(db, monkeypatch):
    fake_dns(monkeypatch, "93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c")
    partner("https://partner.example/hook").full_clean()


def test_a_name_that_does_not_resolve_is_refused(db, monkeypatch):
    def getaddrinfo(*args, **kwargs):
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(webhooks.socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(ValidationError, match="does not resolve"):
        partner("https://nowhere.example/hook").full_clean()


def test_the_admin_refuses_a_private_webhook(admin_client):
    response = admin_client.post(
        reverse("admin:claims_partner_add"),
        {
            "name": "Internal",
            "webhook_url": "http://169.254.169.254/",
            "secret": "x" * 32,
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert "a link-local address" in response.content.decode()
    assert not Partner.objects.exists()


def test_the_setting_allows_private_addresses_for_tests(db, settings):
    settings.LEDGER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    partner("http://127.0.0.1:8000/hook").full_clean()


def test_a_delivery_is_checked_again_and_refused_when_the_name_moved(db, settings, monkeypatch):
    # Saved while the name was public (or while the setting allowed it); it
    # now resolves to the loopback, where a receiver listens: nothing goes out.
    receiver = Receiver()
    try:
        saved = partner(f"http://partner.example:{receiver.server.server_port}/hook")
        saved.save()
        Delivery.objects.create(partner=saved, body='{"event":"publication"}')
        fake_dns(monkeypatch, "127.0.0.1")

        call_command("deliver_notices", "--once", stdout=StringIO())

        delivery = Delivery.objects.get()
        assert receiver.requests == []
        assert (delivery.status, delivery.attempts) == ("pending", 1)
        assert delivery.last_response.startswith(
            "Refused: The host 'partner.example' is a loopback"
        )
    finally:
        receiver.close()


def test_the_connection_goes_to_the_address_checked_with_the_urls_host(db, settings, monkeypatch):
    settings.LEDGER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    receiver = Receiver()
    try:
        fake_dns(monkeypatch, "127.0.0.1")
        port = receiver.server.server_port
        code, _answer = webhooks.post(
            f"http://partner.example:{port}/hook", b'{"a":1}', secret="k" * 20
        )
        assert code == 200
        [(headers, body)] = receiver.requests
        assert headers["Host"] == f"partner.example:{port}"
        assert body == b'{"a":1}'
    finally:
        receiver.close()
