"""
Correction notices: every publication and public correction is queued for
each active partner once its transaction commits, and `deliver_notices`
posts it signed, retrying with backoff (docs/correction-notices.md).
"""

import hashlib
import hmac
import json
import socket
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from claims import webhooks
from claims.models import Delivery, LedgerHead, Partner


class Receiver:
    """A partner's webhook on 127.0.0.1: answers with `codes` in turn (200 when they run out)."""

    def __init__(self, codes=(), delay=0):
        self.requests, self.codes, self.delay = [], list(codes), delay
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                time.sleep(receiver.delay)
                code = receiver.codes.pop(0) if receiver.codes else 200
                self.send_response(code)
                self.end_headers()
                self.wfile.write(f"answer {code}: 已收到".encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_port}/hooks/ledger?from=ledger"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receivers(settings):
    settings.LEDGER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    started = []

    def start(**kwargs):
        receiver = Receiver(**kwargs)
        started.append(receiver)
        return receiver

    yield start
    for receiver in started:
        receiver.close()


def add_partner(name, url, secret="a-secret-the-partner-keeps-1234"):
    return Partner.objects.create(name=name, webhook_url=url, secret=secret)


def deliver():
    out = StringIO()
    call_command("deliver_notices", "--once", stdout=out)
    return out.getvalue()


def verify(secret, body, header):
    """The check docs/correction-notices.md gives partners, as written there."""
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header)


@pytest.fixture
def proposed(make_claim, reviewer, editor):
    claim = make_claim(text="政府說失業率減半了。", language="zh-Hant")
    claim.assign(reviewer, by=editor)
    claim.rate("false", reason="對照統計處數字", by=reviewer, summary="數字顯示失業率上升。")
    return claim


def test_a_publication_reaches_the_partner_signed(
    receivers, proposed, editor, django_capture_on_commit_callbacks
):
    receiver = receivers()
    partner = add_partner("新聞夥伴", receiver.url)

    with django_capture_on_commit_callbacks(execute=True):
        proposed.publish(by=editor, reason="經小組核准")
    head = LedgerHead.current()
    assert "1 delivered" in deliver()

    [(headers, body)] = receiver.requests
    assert verify(partner.secret, body, headers["X-Ledger-Signature"])
    assert not verify("another secret", body, headers["X-Ledger-Signature"])
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    notice = json.loads(body)
    assert notice["event"] == "publication"
    assert notice["claim"]["url"].endswith(proposed.get_absolute_url())
    assert (notice["previous_verdict"], notice["new_verdict"]) == (None, "false")
    assert notice["note"] == "經小組核准"
    assert notice["ledger"] == {"position": head.entries, "head": head.hash}
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("delivered", 1)
    assert delivery.last_response_code == 200
    assert delivery.last_response == "answer 200: 已收到"


def test_every_public_correction_is_a_notice(
    receivers, proposed, editor, make_editor, django_capture_on_commit_callbacks
):
    receiver = receivers()
    add_partner("Partner", receiver.url)
    # Another editor approves the new verdict first: Erin writes it, so hers does not count.
    proposed.approve(by=make_editor(), status="misleading", summary="數字被斷章取義。")

    with django_capture_on_commit_callbacks(execute=True):
        proposed.publish(by=editor)
        proposed.rate("misleading", reason="統計處更正", by=editor, summary="數字被斷章取義。")
        proposed.issue_correction("correction", "更正了日期。", by=editor)
        proposed.retract(reason="來源撤回報告", by=editor)
    deliver()

    notices = [json.loads(body) for _, body in receiver.requests]
    assert [(n["event"], n["previous_verdict"], n["new_verdict"]) for n in notices] == [
        ("publication", None, "false"),
        ("rating_change", "false", "misleading"),
        ("correction", None, "misleading"),
        ("retraction", "misleading", "unverified"),
    ]
    assert notices[2]["note"] == "更正了日期。"
    positions = [notice["ledger"]["position"] for notice in notices]
    assert positions == sorted(positions) and len(set(positions)) == 4


def test_nothing_is_sent_for_drafts(
    receivers, make_claim, reviewer, django_capture_on_commit_callbacks
):
    add_partner("Partner", receivers().url)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        claim = make_claim()
        claim.rate("false", reason="checked", by=reviewer, summary="Not so.")
        claim.rate("true", reason="rechecked", by=reviewer, summary="So.")
    # The page cache moves its versions on commit too; no notice is queued.
    assert [c for c in callbacks if c.__module__ != "claims.caching"] == []
    assert not Delivery.objects.exists()


def test_inactive_partners_hear_nothing(
    receivers, proposed, editor, django_capture_on_commit_callbacks
):
    partner = add_partner("Partner", receivers().url)
    partner.active = False
    partner.save()
    with django_capture_on_commit_callbacks(execute=True):
        proposed.publish(by=editor)
    assert not Delivery.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_nothing_is_queued_before_the_commit_nor_after_a_rollback(receivers, proposed, editor):
    receiver = receivers()
    add_partner("Partner", receiver.url)

    with transaction.atomic():
        proposed.publish(by=editor)
        assert not Delivery.objects.exists()
        deliver()
        assert receiver.requests == []
    assert Delivery.objects.count() == 1

    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        proposed.issue_correction("update", "An update nobody keeps.", by=editor)
        raise Undone
    assert Delivery.objects.count() == 1


def test_a_500_is_retried_with_backoff(
    receivers, proposed, editor, django_capture_on_commit_callbacks
):
    receiver = receivers(codes=[500, 503])
    add_partner("Partner", receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        proposed.publish(by=editor)

    before = timezone.now()
    assert "1 to be retried" in deliver()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_response_code) == ("pending", 1, 500)
    assert timedelta(seconds=55) < delivery.next_attempt_at - before < timedelta(seconds=65)
    assert "0 delivered" in deliver()  # not due yet
    assert len(receiver.requests) == 1

    # The minute passes (the queue is a plain table, not history: update() is fine).
    Delivery.objects.update(next_attempt_at=timezone.now())
    before = timezone.now()
    deliver()
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_response_code) == (2, 503)
    assert timedelta(seconds=115) < delivery.next_attempt_at - before < timedelta(seconds=125)

    Delivery.objects.update(next_attempt_at=timezone.now())
    deliver()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 3)
    # Each attempt carried the same signed body.
    assert len({body for _, body in receiver.requests}) == 1


def test_a_delivery_is_given_up_after_the_last_attempt(
    settings, receivers, proposed, editor, django_capture_on_commit_callbacks
):
    settings.LEDGER_WEBHOOK_MAX_ATTEMPTS = 2
    add_partner("Partner", receivers(codes=[500, 500, 500]).url)
    with django_capture_on_commit_callbacks(execute=True):
        proposed.publish(by=editor)
    deliver()
    Delivery.objects.update(next_attempt_at=timezone.now())
    deliver()
    assert Delivery.objects.get().status == "failed"


def test_a_slow_partner_delays_neither_the_desk_nor_another_partner(
    settings, receivers, make_verdict, editor, django_capture_on_commit_callbacks
):
    settings.LEDGER_WEBHOOK_TIMEOUT = 1
    slow, quick = receivers(delay=3), receivers()
    add_partner("Slow", slow.url)
    add_partner("Quick", quick.url)

    with django_capture_on_commit_callbacks(execute=True):
        claims = [make_verdict(), make_verdict(), make_verdict()]
    # The desk's saves only queue: no partner was called.
    assert slow.requests == quick.requests == []

    output = deliver()
    # One timeout for the slow partner, whose other two notices wait for the next run.
    assert len(slow.requests) == 1
    assert "3 delivered, 1 to be retried, 2 postponed" in output
    assert len(quick.requests) == len(claims)
    slow_deliveries = Delivery.objects.filter(partner__name="Slow")
    assert sorted(slow_deliveries.values_list("attempts", flat=True)) == [0, 0, 1]
    assert "timed out" in slow_deliveries.get(attempts=1).last_response


@pytest.mark.django_db(transaction=True)
def test_no_transaction_is_open_while_a_partner_answers(monkeypatch, receivers, proposed, editor):
    from django.db import connection

    from claims.management.commands import deliver_notices

    add_partner("Partner", receivers().url)
    proposed.publish(by=editor)
    seen = []

    def post(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return 200, "ok"

    monkeypatch.setattr(deliver_notices, "post", post)
    deliver()
    assert seen == [False]
    assert Delivery.objects.get().status == "delivered"


def test_the_admin_shows_each_delivery_and_its_answer(
    admin_client, receivers, proposed, editor, django_capture_on_commit_callbacks
):
    add_partner("Partner", receivers(codes=[502]).url)
    with django_capture_on_commit_callbacks(execute=True):
        proposed.publish(by=editor)
    deliver()
    delivery = Delivery.objects.get()

    page = admin_client.get(reverse("admin:claims_delivery_change", args=[delivery.pk]))

    assert page.status_code == 200
    assert "answer 502: 已收到" in page.content.decode()
    assert "政府說失業率減半了" in page.content.decode()  # the body as sent
    assert admin_client.post(
        reverse("admin:claims_delivery_change", args=[delivery.pk]), {"status": "delivered"}
    ).status_code == 403


def test_a_partner_dripping_its_answer_is_cut_off_at_the_timeout(settings):
    """A timeout on each read alone let a byte every half second hold the worker for ever."""
    settings.LEDGER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    stop = threading.Event()

    def drip():
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 40:
                if stop.wait(0.25):
                    return
                connection.sendall(bytes([byte]))

    threading.Thread(target=drip, daemon=True).start()
    started = time.monotonic()
    try:
        with pytest.raises(TimeoutError):
            webhooks.post(f"http://127.0.0.1:{port}/hook", b"{}", secret="s" * 32, timeout=1)
    finally:
        stop.set()
        listener.close()
    assert time.monotonic() - started < 2
