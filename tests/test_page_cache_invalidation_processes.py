"""
Two app server processes sharing one Redis, as behind a load balancer: a
change made through one reaches, on the next request through the other,
the pages that show it, and only those are built again (claims/caching.py).
"""

import http.client
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from django.urls import reverse


def get(url):
    """(status, X-Page-Cache header, body) of one GET."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = connection.getresponse()
        return response.status, response.getheader("X-Page-Cache"), response.read().decode()
    finally:
        connection.close()


def test_a_re_rating_through_one_process_rebuilds_only_its_pages_on_the_other(
    app_server,
    redis_url,
    http,
    make_verdict,
    make_speaker,
    editor,
    make_editor,
    form_data,
    desk_cookies,
):
    shown = make_verdict(speaker=make_speaker(name="張偉"), summary="數字並不支持這個說法。")
    other = make_verdict(speaker=make_speaker(name="सुनीता शर्मा"), summary="आंकड़े उलटे हैं।")
    # Erin writes the new verdict: another editor signed its words off, before any page is read.
    shown.approve(by=make_editor(), status="true", summary="新的數字證實了這個說法。")
    first = app_server(CACHE_URL=redis_url)
    second = app_server(CACHE_URL=redis_url)
    shown_pages = [shown.get_absolute_url(), shown.speaker.get_absolute_url(), "/claims/"]
    other_pages = [other.get_absolute_url(), other.speaker.get_absolute_url()]
    for url in shown_pages + other_pages:
        assert get(second + url)[:2] == (200, None), url  # built into the shared cache
        assert get(first + url)[:2] == (200, "hit"), url  # and read from it

    change_url = reverse("admin:claims_claim_change", args=[shown.pk])
    desk = Client()
    desk.force_login(editor)
    fields = form_data(desk.get(change_url))
    fields.update(
        status="true",
        summary="新的數字證實了這個說法。",
        change_reason="New figures",
        csrfmiddlewaretoken=desk_cookies[settings.CSRF_COOKIE_NAME],
    )
    status, body = http("POST", first + change_url, fields, cookies=desk_cookies)
    assert status == 302, body[-3000:]

    status, cached, body = get(second + shown.get_absolute_url())
    assert (status, cached) == (200, None)
    assert "新的數字證實了這個說法。" in body
    for url in shown_pages[1:]:
        status, cached, body = get(second + url)
        assert (status, cached) == (200, None), url
        assert 'class="status status-true"' in body, url
    for url in other_pages:
        assert get(second + url)[:2] == (200, "hit"), url
        assert get(first + url)[:2] == (200, "hit"), url
