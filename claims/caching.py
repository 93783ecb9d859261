"""
Public responses that browsers and CDNs may cache and revalidate.

Every public page and API response depends on published rows of the tracked
models, and every write to those leaves a history entry (claims/history.py),
deletions included, and every history entry extends the tamper-evident
ledger (claims/chain.py). So the ledger's head hash changes whenever anything
public may have changed, and the newest history entry says when: the one query
below answers "has this page changed?" before the page is built, and a
conditional GET gets a 304 without the rest.

The ETag comes from the head hash rather than from the newest history date: a
long import dates its entries when it starts but commits later, so a date can
arrive older than one a reader has already seen, while the head moves with
every commit. For the same reason only If-None-Match earns a 304:
Last-Modified is sent for information, but If-Modified-Since alone gets the
page.

The 304 is answered before the view runs, so it must never stand in for a
404 (a draft's URL, or no such page): the ETag is sent with 200s only, so a
client can hold one only for a page that existed at that head, and
`If-None-Match: *` ("any version") is not honoured. A 404 or other error is
sent with neither validator and `no-cache`, so that a CDN does not keep a
draft's 404 after the draft is published.

The same key serves the server's own cache (CACHES: Redis shared by every app
process in production, local memory by default): a built page is stored
under its ETag, which holds the head hash and the path, so any committed
change anywhere (the admin, an import, loaddata, another process) makes
every stored page unreachable at once, with nothing to send between
processes and no signal to miss. A page costs one small query and one cache
read until the next change. README "Performance" says why this coarse
invalidation is enough.

What one client can put in that cache is bounded twice. A page is built
from, and keyed by, only the query parameters it reads (QUERY_PARAMETERS):
any other (a cache-buster ?cb=1, ?cb=2..., a newsletter's utm_source) is
dropped before the view runs, so it makes no new copy and never shows up in
the page's links. And a response larger than LEDGER_PAGE_CACHE_MAX_BYTES
(settings.py) is served but not stored. The parameters a page does read
(a search, a page number) still make one entry per value: the cache's own
eviction (Redis's maxmemory, local memory's MAX_ENTRIES) bounds those.
"""

import datetime
import functools
import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router
from django.http import HttpResponseNotModified, QueryDict
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, parse_etags, quote_etag
from django.views.decorators.http import require_safe

from claims.routers import reading_public

logger = logging.getLogger(__name__)

# The PL/pgSQL function that answers _last_public_change on PostgreSQL.
LAST_CHANGE_FUNCTION = "claims_last_public_change"

_CLAIM_FILTERS = ("q", "status", "speaker", "topic", "source")

# The query parameters each cached page reads, by URL name: a page is built
# from these alone and keyed by them (see the module docstring). A page that
# starts reading another parameter must name it here, or it never sees it.
# A cached URL missing from this list keys on its whole query string;
# tests/test_page_cache_bounds.py checks that none is missing.
QUERY_PARAMETERS = {
    "claims:list": (*_CLAIM_FILTERS, "page"),
    "claims:detail": (),
    "claims:history": (),
    "claims:speaker": ("page",),
    "claims:source": ("page",),
    "claims:topic": ("page",),
    "claims:methodology": (),
    "claims:feed": (),
    "claims:ledger": (),
    "claims:ledger_head": (),
    "claims:ledger_entries": ("after",),
    "claims:ledger_entry": (),
    "sitemap_index": (),
    # Django's sitemap view reads its page number from ?p=.
    "sitemap": ("p",),
    # django-ninja's PageNumberPagination reads page and page_size.
    "api:claims": (*_CLAIM_FILTERS, "page", "page_size"),
    "api:claim": (),
    "api:api-root": (),
    "api:openapi-json": (),
    "api:openapi-view": (),
}


def page_cache_key(etag):
    """Where the page with this (unquoted) ETag is kept in the cache."""
    return f"ledger:public:{etag}"


@functools.cache
def _last_change_sql():
    """
    The head hash and the newest history date, in one statement. Cached: simple-
    history builds a new manager class on every `Model.history` access, which
    cost more than the query itself.
    """
    from claims.models import Claim, Correction, Evidence, LedgerHead, Source, Speaker, Topic

    latest = " UNION ALL ".join(
        f"SELECT MAX(history_date) AS changed_at FROM {model.history.model._meta.db_table}"
        for model in (Claim, Speaker, Source, Topic, Evidence, Correction)
    )
    head = LedgerHead._meta.db_table
    return f"SELECT (SELECT hash FROM {head}), MAX(latest.changed_at) FROM ({latest}) latest"


def ensure_last_change_function(connection):
    """
    PostgreSQL plans the seven-part statement afresh each time it is sent, and
    planning takes longer than running it (about 1 ms against 0.1 ms); PL/pgSQL
    keeps a statement's plan for the life of the connection. Created after
    every migrate (claims/apps.py), so it always reads the tables of the code
    that runs.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"""CREATE OR REPLACE FUNCTION {LAST_CHANGE_FUNCTION}(
                OUT head_hash text, OUT last_change timestamptz
            ) LANGUAGE plpgsql STABLE AS $$
            BEGIN
                {_last_change_sql()} INTO head_hash, last_change;
            END $$"""
        )


def _last_public_change(request):
    """
    (ledger head hash, newest history date): one query (the head row, and a
    MAX on each history table's indexed history_date), made once per request,
    on the database the page reads (a replica's head matches the replica's rows).
    """
    if not hasattr(request, "_ledger_last_change"):
        from claims.models import LedgerHead

        connection = connections[router.db_for_read(LedgerHead)]
        sql = (
            f"SELECT * FROM {LAST_CHANGE_FUNCTION}()"
            if connection.vendor == "postgresql"
            else _last_change_sql()
        )
        with connection.cursor() as cursor:
            cursor.execute(sql)
            head_hash, changed_at = cursor.fetchone()
        request._ledger_last_change = head_hash, *_dates(changed_at)
    return request._ledger_last_change


@functools.lru_cache(maxsize=16)
def _dates(changed_at):
    """
    (aware datetime, HTTP date) of the newest history date as the database
    returns it. Parsed and formatted once per change rather than per request:
    on a cached page they are a noticeable part of the little work left.
    """
    if isinstance(changed_at, str):  # SQLite returns the stored text
        changed_at = parse_datetime(changed_at)
    if changed_at is None:
        return None, None
    if timezone.is_naive(changed_at):
        changed_at = timezone.make_aware(changed_at, datetime.UTC)
    return changed_at, http_date(changed_at.timestamp())


def _drop_unread_parameters(request):
    """
    Leave in the request's query only the parameters its page reads
    (QUERY_PARAMETERS), in that order, so that the page, its ETag and its
    cache key all see the same query. Runs before anything reads the query.
    """
    match = request.resolver_match
    reads = QUERY_PARAMETERS.get(match.view_name) if match is not None else None
    if reads is None:
        return
    query = QueryDict(mutable=True)
    for name in reads:
        if name in request.GET:
            query.setlist(name, request.GET.getlist(name))
    query._mutable = False
    request.GET = query
    # get_full_path() (the ETag's, and any view's) reads the query from META.
    request.META["QUERY_STRING"] = query.urlencode()


def page_language(request):
    """
    The language a page is built in, part of its ETag and cache key beside
    the head and the path: one URL serves English or Traditional Chinese
    (claims/languages.py), and a page whose ?lang= chose it names that URL
    canonical, so it is kept apart from the same language negotiated.
    """
    fixed_by_url = getattr(request, "language_from", None) == "url"
    return f"{translation.get_language()}{' by url' if fixed_by_url else ''}"


def _etag(request, *args, **kwargs):
    """Also the page's key in the cache (see _stored); computed once per request."""
    if not hasattr(request, "_ledger_etag"):
        head_hash, changed_at, _ = _last_public_change(request)
        request._ledger_etag = None
        if head_hash is not None or changed_at is not None:
            token = (
                f"{head_hash} {changed_at.isoformat() if changed_at else ''} "
                f"{request.get_full_path()} {page_language(request)}"
            )
            request._ledger_etag = hashlib.sha256(token.encode()).hexdigest()[:32]
    return request._ledger_etag


def _stored(view):
    """
    The view's response from the cache when this page was built since the
    last change, else built and stored: under its ETag (the head hash, the
    path and the parameters the page reads) for LEDGER_PUBLIC_MAX_AGE
    seconds. Only whole 200 responses of at most LEDGER_PAGE_CACHE_MAX_BYTES
    are kept; a larger one is served, and built again next time. The cache is
    a shortcut, never a dependency: when it fails, the page is built as if it
    were empty, and a warning logged.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        etag = _etag(request)
        timeout = settings.LEDGER_PUBLIC_MAX_AGE
        key = page_cache_key(etag)
        if etag is None or not timeout:
            return view(request, *args, **kwargs)
        try:
            response = cache.get(key)
        except Exception:
            logger.warning("The page cache could not be read; building the page.", exc_info=True)
            response = None
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            if not getattr(response, "is_rendered", True):
                response.render()  # a TemplateResponse (the sitemap) is stored as rendered
            if len(response.content) <= settings.LEDGER_PAGE_CACHE_MAX_BYTES:
                try:
                    cache.set(key, response, timeout)
                except Exception:
                    logger.warning("The page cache could not be written.", exc_info=True)
        return response

    return wrapped


def _holds_etag(request, etag):
    """
    Whether If-None-Match names `etag` (compared weakly, as RFC 9110 asks for
    GET). A bare "*" matches nothing here: it would turn a 404 into a 304.
    """
    held = parse_etags(request.headers.get("If-None-Match", ""))
    return any(value.removeprefix("W/") == etag for value in held)


def not_kept(response):
    """A response that caches must not keep or revalidate: an error, or a 404 that may turn 200."""
    for header in ("ETag", "Last-Modified"):
        if header in response:
            del response[header]
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


def public(view):
    """
    For a public, anonymous, read-only view: GET and HEAD only (405 otherwise),
    an ETag from the ledger's head and Last-Modified from its last change on
    every 200, a 304 when If-None-Match holds the ETag, the page from the
    server's cache when it was built since the last change, and `Cache-Control:
    public` for LEDGER_PUBLIC_MAX_AGE seconds. Any other answer (a 404, a 422)
    goes out with no validator and `no-cache` (see the module docstring). Its
    reads go to the read replica when there is one (claims/routers.py). The
    view sees only the query parameters QUERY_PARAMETERS lists for its URL.
    The view must not touch the session or the CSRF token, so no cookie is
    set (only the language a reader chose varies a page by Cookie:
    claims/languages.py).
    """
    stored = _stored(view)

    @require_safe
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        _drop_unread_parameters(request)
        with reading_public():
            etag = _etag(request)
            etag = quote_etag(etag) if etag is not None else None
            if etag is not None and _holds_etag(request, etag):
                response = HttpResponseNotModified()
            else:
                response = stored(request, *args, **kwargs)
        if response.status_code not in (200, 304):
            return not_kept(response)
        patch_cache_control(response, public=True, max_age=settings.LEDGER_PUBLIC_MAX_AGE)
        if etag is not None:
            response["ETag"] = etag
        last_modified = _last_public_change(request)[2]
        if last_modified is not None:
            # The feed and sitemap views date themselves by their newest
            # item; the ledger's last change is the date of the whole page.
            response["Last-Modified"] = last_modified
        return response

    # Marks the views QUERY_PARAMETERS must name (tests/test_page_cache_bounds.py).
    wrapped.cached_publicly = True
    return wrapped


def revalidated(view):
    """
    `public`, but caches must ask again every time (`no-cache, max-age=0`):
    the answer is cheap to revalidate by its ETag, and a stale copy must not
    be mixed with fresh ones. The ledger's JSON is read as one chain across
    requests (head.json, then entries.json page after page): an old page
    beside a fresh head would make an intact ledger look broken.
    """
    view = public(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 304):
            patch_cache_control(response, no_cache=True, max_age=0)
        return response

    return wrapped
