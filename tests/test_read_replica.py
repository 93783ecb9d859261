"""
With DATABASE_REPLICA_URL, public pages read from the replica while the admin
reads and writes the primary (claims/routers.py).
"""

import uuid
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse


def _connections_named(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [name])
        return cursor.fetchone()[0]


def test_public_pages_read_the_replica_and_the_admin_uses_the_primary(
    app_server, http, make_verdict, editor, make_editor, form_data, desk_cookies
):
    verdict = make_verdict(summary="The figures say otherwise.")
    # Erin writes the new summary: another editor signed it off.
    verdict.approve(
        by=make_editor(), status="false", summary="Corrected: the figures were misread."
    )
    # The test database again, under a name we can look for, and read-only as
    # a hot standby is: a write sent there would fail.
    name = f"ledger-replica-{uuid.uuid4().hex[:12]}"
    read_only = quote("-c default_transaction_read_only=on")
    replica_url = f"{app_server.database_url}?application_name={name}&options={read_only}"
    server = app_server(DATABASE_REPLICA_URL=replica_url, CACHE_URL="dummy://")

    change_url = reverse("admin:claims_claim_change", args=[verdict.pk])
    desk = Client()
    desk.force_login(editor)
    fields = form_data(desk.get(change_url))
    fields.update(
        summary="Corrected: the figures were misread.",
        change_reason="The figures were misread",
        csrfmiddlewaretoken=desk_cookies[settings.CSRF_COOKIE_NAME],
    )
    assert http("GET", server + change_url, cookies=desk_cookies)[0] == 200
    status, body = http("POST", server + change_url, fields, cookies=desk_cookies)
    assert status == 302, body[-3000:]
    assert _connections_named(name) == 0, "the admin read or wrote through the replica"

    status, body = http("GET", server + verdict.get_absolute_url())
    assert status == 200
    assert "Corrected: the figures were misread." in body
    assert _connections_named(name) == 1, "the public page did not read the replica"


def test_a_page_a_change_just_touched_is_rebuilt_from_the_primary(
    app_server, http, make_verdict, editor, make_editor, form_data, desk_cookies, redis_url
):
    """
    A replica that has not yet replayed a correction would rebuild the old
    page, to be kept under the correction's new version: for
    LEDGER_REPLICA_MAX_LAG seconds after a change, its pages read the primary.
    """
    verdict = make_verdict(summary="The figures say otherwise.")
    verdict.approve(by=make_editor(), status="false", summary="更正：數字被誤讀了。")
    name = f"ledger-replica-{uuid.uuid4().hex[:12]}"
    read_only = quote("-c default_transaction_read_only=on")
    replica_url = f"{app_server.database_url}?application_name={name}&options={read_only}"
    server = app_server(DATABASE_REPLICA_URL=replica_url, CACHE_URL=redis_url)
    assert http("GET", server + verdict.get_absolute_url())[0] == 200
    assert _connections_named(name) == 1, "an unchanged page reads the replica"

    change_url = reverse("admin:claims_claim_change", args=[verdict.pk])
    desk = Client()
    desk.force_login(editor)
    fields = form_data(desk.get(change_url))
    fields.update(
        summary="更正：數字被誤讀了。",
        change_reason="The figures were misread",
        csrfmiddlewaretoken=desk_cookies[settings.CSRF_COOKIE_NAME],
    )
    status, body = http("POST", server + change_url, fields, cookies=desk_cookies)
    assert status == 302, body[-3000:]
    before = _replica_queries(name)

    status, body = http("GET", server + verdict.get_absolute_url())
    assert status == 200 and "更正：數字被誤讀了。" in body
    assert _replica_queries(name) == before, "the page the change touched read the replica"


def _replica_queries(name):
    """The replica connection's last statement, which moves when it reads."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT query_start FROM pg_stat_activity WHERE application_name = %s", [name]
        )
        return cursor.fetchall()
