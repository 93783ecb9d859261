"""
Two gunicorn processes sharing one Redis page cache serve each reader the
page in their language: what one process built in Chinese and in English,
the other hands out from the cache to the reader who asked for it, with no
cookie, and the switcher's cookie is a language of its own.
"""

import http.client
from urllib.parse import urlsplit

from django.db import connection

SUMMARY = "記錄顯示並非如此。"


def _get(url, **headers):
    parts = urlsplit(url)
    client = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        client.request("GET", parts.path, headers=headers)
        response = client.getresponse()
        return response, response.read().decode()
    finally:
        client.close()


def test_each_process_serves_the_shared_cache_in_the_readers_language(
    app_server, redis_url, make_verdict
):
    verdict = make_verdict(summary=SUMMARY)
    first = app_server(CACHE_URL=redis_url)
    second = app_server(CACHE_URL=redis_url)
    page = verdict.get_absolute_url()

    _, chinese = _get(first + page, **{"Accept-Language": "zh-HK"})
    _, english = _get(first + page, **{"Accept-Language": "en-GB"})
    assert "判定" in chinese and "Verdict" in english
    # Behind the ledger's back: no history, so the cached pages stay current.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE claims_claim SET summary = %s WHERE id = %s", ["未經記錄的改寫。", verdict.pk]
        )

    for language, word in (("zh-TW", "判定"), ("en", "Verdict")):
        response, body = _get(second + page, **{"Accept-Language": language})
        assert response.status == 200
        assert word in body and SUMMARY in body, language  # from the cache, built by the first
        assert response.getheader("Set-Cookie") is None
        assert {"Accept-Language", "Cookie"} <= {
            value.strip() for value in response.getheader("Vary").split(",")
        }
    response, body = _get(
        second + page, **{"Accept-Language": "en", "Cookie": "django_language=zh-hant"}
    )
    assert "判定" in body and SUMMARY in body
    assert response.getheader("Content-Language") == "zh-hant"
