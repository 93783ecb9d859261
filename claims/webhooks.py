"""
Posting correction notices to partners' webhooks, safely.

A partner's URL is typed into the admin, so it could name the server's own
network (a database's admin port, a cloud's metadata service at
169.254.169.254). Unless LEDGER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES is on, every
address the host resolves to must be a public one, both when the partner is
saved and at each delivery; the connection is then made to the address that
was checked, not to the name again, so a DNS answer that changes between the
check and the connection (DNS rebinding) cannot lead it elsewhere. HTTPS
still verifies the certificate against the URL's host name.
"""

import hashlib
import hmac
import http.client
import ipaddress
import socket
import ssl
import time
from urllib.parse import urlsplit

from django.conf import settings

SIGNATURE_HEADER = "X-Ledger-Signature"


class WebhookRefused(Exception):
    """The URL is not one the ledger will post to: the message says why."""


def signature(secret, body):
    """X-Ledger-Signature's value: "sha256=" and the HMAC-SHA256 hex digest of the body."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def address_problem(address):
    """Why the ledger will not post to `address` (an ip_address), or None."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_unspecified or address.is_reserved:
        return "a reserved address"
    if address.is_private:
        return "a private address"
    if not address.is_global:
        # Shared (carrier-grade NAT, 100.64.0.0/10) and other special ranges.
        return "a reserved address"
    return None


def _parts(url):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookRefused(f"{url!r} is not an http:// or https:// URL.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise WebhookRefused(f"{url!r} has a port that is not a number from 1 to 65535.") from None
    return parts, port


def resolve(url):
    """
    The addresses to connect to for `url`, each checked; WebhookRefused when
    the name does not resolve or any of its addresses is refused (one bad
    answer among good ones is how rebinding tricks start).
    """
    parts, port = _parts(url)
    try:
        answers = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise WebhookRefused(f"The host {parts.hostname!r} does not resolve ({error}).") from None
    addresses = list(dict.fromkeys(ipaddress.ip_address(answer[4][0]) for answer in answers))
    if not settings.LEDGER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        for address in addresses:
            problem = address_problem(address)
            if problem:
                raise WebhookRefused(
                    f"The host {parts.hostname!r} is {problem} ({address}): notices go only "
                    "to public addresses (LEDGER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES)."
                )
    return parts, port, addresses


def check_webhook_url(url):
    """Refuse a URL the ledger would not post to (WebhookRefused)."""
    resolve(url)


def _remaining(deadline):
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError("the partner took longer than LEDGER_WEBHOOK_TIMEOUT to answer")
    return remaining


class _Deadlined:
    """
    Every wait of this socket ends at the delivery's deadline: a timeout on
    each operation alone lets a partner that drips its answer a byte at a
    time hold the worker, and every other partner's notices, for ever.
    """

    deadline = float("inf")

    def recv_into(self, *args, **kwargs):
        self.settimeout(_remaining(self.deadline))
        return super().recv_into(*args, **kwargs)

    def sendall(self, *args, **kwargs):
        self.settimeout(_remaining(self.deadline))
        return super().sendall(*args, **kwargs)


class _DeadlineSocket(_Deadlined, socket.socket):
    pass


class _DeadlineSSLSocket(_Deadlined, ssl.SSLSocket):
    pass


def _connect(address, port, deadline):
    """A connection to the checked `address` (never the name again), bounded by `deadline`."""
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    sock = _DeadlineSocket(family, socket.SOCK_STREAM)
    sock.deadline = deadline
    try:
        sock.settimeout(_remaining(deadline))
        sock.connect((str(address), port))
    except BaseException:
        sock.close()
        raise
    return sock


class _CheckedHTTPConnection(http.client.HTTPConnection):
    """Connects to an address already checked, while the Host header names the URL's host."""

    def __init__(self, address, host, port, deadline):
        super().__init__(host, port, timeout=_remaining(deadline))
        self._address = address
        self._deadline = deadline

    def connect(self):
        self.sock = _connect(self._address, self.port, self._deadline)


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, address, host, port, deadline):
        context = ssl.create_default_context()
        context.sslsocket_class = _DeadlineSSLSocket
        super().__init__(host, port, timeout=_remaining(deadline), context=context)
        self._address = address
        self._deadline = deadline

    def connect(self):
        sock = _connect(self._address, self.port, self._deadline)
        # The certificate is checked against the URL's host name (SNI too).
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)
        self.sock.deadline = self._deadline


def post(url, body, *, secret, timeout=None):
    """
    POST `body` (bytes) to `url`, signed, and return (status code, the start
    of the answer). Refused addresses raise WebhookRefused; a network failure
    raises OSError (a timeout is one). Redirects are not followed: a partner
    answers where it registered. The whole exchange, from connecting to the
    answer's first 1,000 bytes, takes at most `timeout` seconds
    (LEDGER_WEBHOOK_TIMEOUT), so it ends within the delivery's lease.
    """
    parts, port, addresses = resolve(url)
    deadline = time.monotonic() + (timeout or settings.LEDGER_WEBHOOK_TIMEOUT)
    connection_class = (
        _CheckedHTTPSConnection if parts.scheme == "https" else _CheckedHTTPConnection
    )
    connection = connection_class(addresses[0], parts.hostname, port, deadline)
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "ledger-correction-notices",
                SIGNATURE_HEADER: signature(secret, body),
            },
        )
        response = connection.getresponse()
        excerpt = response.read(1000).decode("utf-8", "replace")
        return response.status, excerpt
    finally:
        connection.close()
