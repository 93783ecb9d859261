from urllib.parse import unquote

from django.http import HttpResponseBadRequest
from django.utils.cache import patch_cache_control


def refuse_nul_characters(get_response):
    """
    A 400 for a request whose path, query string or cookies hold a NUL
    (U+0000), before any view, session or sign-in throttle reads them.
    PostgreSQL cannot store or compare a NUL in text, so a lookup with one (a
    claim's slug, the admin's search, a changelist filter) raised DataError
    there, a 500, while SQLite merely found nothing, a 404. No URL of the site
    means a NUL, and refusing it here answers the same on both databases
    without every view and admin filter having to check. Cookies too: a
    quoted cookie value may spell a NUL as "\\000", and the session middleware
    looks its key up in the database.
    """

    def middleware(request):
        # The path arrives decoded; the query string as sent, so "%00" is
        # decoded here ("%2500" stays the text "%00").
        query = unquote(request.META.get("QUERY_STRING", ""))
        if "\x00" in request.path or "\x00" in query:
            return _bad_request("the address contains a NUL character (%00)")
        if any("\x00" in value for value in request.COOKIES.values()):
            return _bad_request("a cookie contains a NUL character")
        return get_response(request)

    return middleware


def _bad_request(what):
    response = HttpResponseBadRequest(
        f"Bad request: {what}, which nothing on this site uses.",
        content_type="text/plain; charset=utf-8",
    )
    # Nothing to revalidate, and nothing a cache should keep.
    patch_cache_control(response, no_store=True)
    return response
