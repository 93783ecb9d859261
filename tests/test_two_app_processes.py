"""
Two app server processes on one PostgreSQL with one shared Redis cache, as
behind a load balancer: what the desk writes through one, readers get through
the other on their next request, although both serve pages from the cache.
"""

from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

OLD_SUMMARY = "The figures say otherwise."
NEW_SUMMARY = "Corrected: the figures were misread."


def test_an_admin_edit_through_one_process_shows_through_the_other_at_once(
    app_server, redis_url, http, make_verdict, editor, make_editor, form_data, desk_cookies
):
    verdict = make_verdict(summary=OLD_SUMMARY)
    # Erin writes the new summary: another editor signed it off.
    verdict.approve(by=make_editor(), status="false", summary=NEW_SUMMARY)
    first = app_server(CACHE_URL=redis_url)
    second = app_server(CACHE_URL=redis_url)
    page = verdict.get_absolute_url()
    api = reverse("api:claim", args=[verdict.slug])

    # The second process builds the page and the API response into the shared cache...
    assert OLD_SUMMARY in http("GET", second + page)[1]
    assert OLD_SUMMARY in http("GET", second + api)[1]
    # ...and the first serves them from there without building them: a change
    # made behind the ledger's back (no history, so the ledger's head stays)
    # does not show through either process.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE claims_claim SET summary = %s WHERE id = %s",
            ["Rewritten without a record.", verdict.pk],
        )
    assert OLD_SUMMARY in http("GET", first + page)[1]
    assert OLD_SUMMARY in http("GET", first + api)[1]

    # Erin corrects the summary in the admin, through the first process.
    change_url = reverse("admin:claims_claim_change", args=[verdict.pk])
    desk = Client()
    desk.force_login(editor)
    fields = form_data(desk.get(change_url))
    fields.update(
        summary=NEW_SUMMARY,
        change_reason="The figures were misread",
        csrfmiddlewaretoken=desk_cookies[settings.CSRF_COOKIE_NAME],
    )
    status, body = http("POST", first + change_url, fields, cookies=desk_cookies)
    assert status == 302, body[-3000:]

    # Readers of either process get the correction on their next request.
    assert NEW_SUMMARY in http("GET", second + page)[1]
    assert NEW_SUMMARY in http("GET", second + api)[1]
    assert NEW_SUMMARY in http("GET", first + page)[1]
    verdict.refresh_from_db()
    assert verdict.summary == NEW_SUMMARY
    assert verdict.history.latest().history_change_reason == "The figures were misread"
