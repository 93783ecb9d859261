"""
Public responses that browsers and CDNs may cache and revalidate, and the
server's own page cache, invalidated by what changed (docs/page-cache.md).

Every page depends on a few named things: a claim's page and history on
`claim:<slug>`, a speaker's page on `speaker:<slug>`, a source's on
`source:<id>`, a topic's on `topic:<slug>`, the lists, feed, sitemaps and
API list on `lists`, the ledger's pages on `ledger` (PAGE_DEPENDENCIES), and
every page on `all`. Each name has a version in the shared cache (Redis in
production): a random token and the date of the change that set it.

Every tracked write leaves historical records, and every historical record
passes through chain.append(), which calls `changed(records)` here. From the
records it works out every name whose pages showed, or now show, what
changed (a claim moved to another speaker: both speakers; a speaker renamed:
every claim of theirs; a claim published: the lists) and gives each a new
version: at once, and again when the transaction commits, so that a page
rebuilt meanwhile from the rows as they were before the commit is not kept
under the version readers see afterwards.

A page is stored under its URL alone (`page_key`), with the versions it was
built from. Reading it takes one `get_many` of the page and its versions: it
is fresh when the versions it holds are the versions now, and no database
query is needed to tell. A version missing from the cache (flushed, evicted)
is replaced by a new random token, never an old one, so a page built before
it was lost no longer matches. The ETag is a hash of the page key and those
versions; Last-Modified the newest of their dates.

The 304 is answered before the view runs, so it must never stand in for a
404 (a draft's URL, or no such page): the ETag is sent with 200s only, so a
client can hold one only for a page that existed at those versions, and
`If-None-Match: *` ("any version") is not honoured. A 404 or other error is
sent with neither validator and `no-cache`, so that a CDN does not keep a
draft's 404 after the draft is published. Only If-None-Match earns a 304:
a version's date is the date a long import started, which can be older than
a change a reader has already seen, so Last-Modified is sent for information.

When a popular page goes stale, one request rebuilds it (it holds a short
lock, taken with cache.add) while the others wait for it, for at most
LOCK_WAIT seconds, then build it themselves: none is served the old page.

What one client can put in that cache is bounded twice. A page is built
from, and keyed by, only the query parameters it reads (QUERY_PARAMETERS):
any other (a cache-buster ?cb=1, ?cb=2..., a newsletter's utm_source) is
dropped before the view runs, so it makes no new copy and never shows up in
the page's links. And a response larger than LEDGER_PAGE_CACHE_MAX_BYTES
(settings.py) is served but not stored. The parameters a page does read
(a search, a page number) still make one entry per value: the cache's own
eviction (Redis's maxmemory, local memory's MAX_ENTRIES) bounds those.
"""

import contextlib
import functools
import hashlib
import logging
import re
import secrets
import time
from contextlib import nullcontext
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseNotModified, QueryDict
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.http import http_date, parse_etags
from django.views.decorators.http import require_safe

from claims.routers import reading_public

logger = logging.getLogger(__name__)

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
    "claims:source_by_id": (),
    "claims:topic": ("page",),
    "claims:methodology": (),
    "claims:feed": (),
    "claims:corrections_feed": (),
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


# Versions -------------------------------------------------------------------

EVERYTHING = "all"
LISTS = "lists"
LEDGER = "ledger"

# The names each cached page depends on besides EVERYTHING, by URL name,
# from its URL's arguments. A cached page missing here depends on LEDGER,
# which every change moves.
PAGE_DEPENDENCIES = {
    "claims:detail": lambda slug: [f"claim:{slug}"],
    "claims:history": lambda slug: [f"claim:{slug}"],
    "api:claim": lambda slug: [f"claim:{slug}"],
    "claims:speaker": lambda slug: [f"speaker:{slug}"],
    "claims:source": lambda slug: [f"source:{slug}"],
    "claims:topic": lambda slug: [f"topic:{slug}"],
    "claims:list": lambda: [LISTS],
    "claims:feed": lambda: [LISTS],
    "sitemap_index": lambda: [LISTS],
    # Django's sitemap view is passed the sections too.
    "sitemap": lambda section, sitemaps: [LISTS],
    "api:claims": lambda: [LISTS],
    # These show nothing from the database.
    "claims:methodology": list,
    "api:api-root": list,
    "api:openapi-json": list,
    "api:openapi-view": list,
}

# More claims than this changed in one transaction (an import), or shown by
# a speaker, source or topic that changed, and EVERYTHING moves instead:
# cheaper than working out and moving that many names, and rare.
MOST_NAMES = 500

# How long a rebuilding request holds a page's lock, and how long the others
# wait for it before building the page themselves.
LOCK_SECONDS = 10
LOCK_WAIT = 2.0
_POLL = 0.02


@functools.cache
def _database():
    """
    The database the pages are read from, in every key: a ledger restored
    into a new database (README "Backup and restore") shares no page or
    version with the one it replaces, though they share one Redis.
    """
    database = settings.DATABASES["default"]
    token = f"{database['ENGINE']} {database.get('HOST')} {database.get('PORT')} {database['NAME']}"
    return hashlib.sha256(token.encode()).hexdigest()[:8]


_PLAIN_NAME = re.compile(r"[-\w:]{1,200}", re.ASCII)


def version_key(name):
    # A name from a URL the API takes as any text (/api/claims/<anything>/)
    # goes in hashed: a key of any length or character is no key for every cache.
    if not _PLAIN_NAME.fullmatch(name):
        name = "sha256:" + hashlib.sha256(name.encode()).hexdigest()
    return f"ledger:{_database()}:version:{name}"


def page_key(request):
    """
    Where the page this request asks for is kept: its path and the query
    parameters it reads (after _drop_unread_parameters). Anything else a page
    varies by joins the path here, and so the ETag too.
    """
    token = f"{request.get_full_path()} {page_language(request)}"
    return f"ledger:{_database()}:page:{hashlib.sha256(token.encode()).hexdigest()[:32]}"


def _dependencies(request):
    match = request.resolver_match
    name = match.view_name if match is not None else None
    names = PAGE_DEPENDENCIES[name](**match.kwargs) if name in PAGE_DEPENDENCIES else [LEDGER]
    return [EVERYTHING, *names]


def _new_version(changed_at=None):
    """
    A random token that no earlier version had, when it was set, and the
    date of the change that set it; a version set because it was missing
    carries the time it was set, negated: no change is known to have
    happened then.
    """
    now = time.time()
    date = changed_at if changed_at is not None else -now
    return f"{secrets.token_hex(8)}:{now:.3f}:{date:.6f}"


def _moved_within(versions, seconds):
    """
    Whether a change moved any of `versions` in the last `seconds` (one set
    only because it was missing from the cache records no change).
    """
    since = time.time() - seconds
    for version in versions:
        parts = version.split(":")
        # A version without the time it moved (set by older code) says nothing.
        if len(parts) == 3 and float(parts[2]) > 0 and float(parts[1]) > since:
            return True
    return False


@functools.lru_cache(maxsize=256)
def _dated(versions):
    """
    The newest date of a change these versions know, as an HTTP date; when
    they know none, the time the first of them was set.
    """
    dates = [float(version.rpartition(":")[2]) for version in versions]
    changed = [date for date in dates if date > 0]
    return http_date(max(changed) if changed else -max(dates))


def _names_changed(records):
    """
    Every name whose pages showed, or now show, what `records` (historical
    rows of one append) changed. Runs in the writer's transaction, so it
    reads the rows as they are now, and the history of what they were.
    Queries: for claims' records, two (the claims' published states with
    their speakers' slugs, and their topics), none for new drafts; for a
    speaker, source or topic, two more (its slugs, the claims that show it).
    None for an append of more than MOST_NAMES claims.
    """
    names = {LEDGER}
    claim_ids, speaker_ids, source_ids, topic_ids = set(), set(), set(), set()
    for record in records:
        label = record._meta.label_lower
        if label == "claims.historicalclaim":
            # A claim created as a draft is on no page yet: no query to ask.
            if record.history_type != "+" or record.published_at is not None:
                claim_ids.add(record.id)
        elif label in CLAIM_PARTS:
            claim_ids.add(record.claim_id)
        elif label == "claims.historicalspeaker":
            speaker_ids.add(record.id)
            names.add(f"speaker:{record.slug}")
        elif label == "claims.historicalsource":
            source_ids.add(record.id)
            names.add(f"source:{record.slug}")
        elif label == "claims.historicaltopic":
            topic_ids.add(record.id)
            names.add(f"topic:{record.slug}")
        else:
            # A model this mapping does not know: every page may show it.
            return {EVERYTHING}
    if len(claim_ids) > MOST_NAMES:
        return {EVERYTHING}
    if speaker_ids or source_ids or topic_ids:
        Claim, Speaker, Source, Topic = (
            apps.get_model("claims", name) for name in ("Claim", "Speaker", "Source", "Topic")
        )
        # Its pages under every slug it had.
        for model, ids in ((Speaker, speaker_ids), (Source, source_ids), (Topic, topic_ids)):
            if ids:
                slugs = model.history.filter(id__in=ids).values_list("slug", flat=True)
                names.update(f"{model._meta.model_name}:{slug}" for slug in slugs.distinct())
        # The claims that show it now: its name or title is on their pages.
        showing = Claim.objects.filter(
            Q(speaker__in=speaker_ids) | Q(source__in=source_ids) | Q(topics__in=topic_ids)
        ).values_list("pk", flat=True)
        claim_ids.update(showing.distinct()[: MOST_NAMES + 1])
        if len(claim_ids) > MOST_NAMES:
            return {EVERYTHING}
    if claim_ids:
        names.update(_names_of_claims(claim_ids))
    return names


# The historical models whose rows belong to one claim's page.
CLAIM_PARTS = {
    "claims.historicalclaim_topics",
    "claims.historicalevidence",
    "claims.historicalcorrection",
    "claims.historicaloldslug",
    # Other desks' reviews show on their claim's page ("Also checked by").
    "claims.historicalexternalreview",
    # The panel's votes: the page says how the verdict was signed off.
    "claims.historicalvote",
}


def _names_of_claims(claim_ids):
    """
    The names of every page these claims were ever shown on: only their
    published states count (a draft is on no page), under every slug,
    speaker, source and topic those states had, so a claim moved to another
    speaker reaches both. Two queries (one when none was ever published).
    """
    Claim = apps.get_model("claims", "Claim")
    states = Claim.history.filter(id__in=claim_ids, published_at__isnull=False)
    shown = list(states.values_list("slug", "speaker__slug", "source__slug").distinct())
    if not shown:
        return set()
    links = apps.get_model("claims", "HistoricalClaim_topics")._base_manager
    topics = links.filter(history__in=states).values_list("topic__slug", flat=True)
    return {
        LISTS,
        *(f"claim:{slug}" for slug, _, _ in shown),
        *(f"speaker:{slug}" for _, slug, _ in shown if slug is not None),
        *(f"source:{slug}" for _, _, slug in shown if slug is not None),
        *(f"topic:{slug}" for slug in topics.distinct() if slug is not None),
    }


def changed(records):
    """
    Give every page that shows what `records` changed a new version, now and
    again when the transaction commits (see the module docstring). Called by
    chain.append() for every historical record written, so by every tracked
    write: saves, deletes, topics, bulk writes, imports and loaddata.
    """
    names = _names_changed(records)
    dates = [record.history_date for record in records if hasattr(record, "history_date")]
    changed_at = max(dates).timestamp() if dates else time.time()
    _move(names, changed_at)
    using = records[0]._state.db
    transaction.on_commit(lambda: _move(names, changed_at), using=using)


def _move(names, changed_at):
    try:
        cache.set_many({version_key(name): _new_version(changed_at) for name in names}, None)
    except Exception:
        # The write stands; pages it changed may be served stale until
        # LEDGER_PUBLIC_MAX_AGE, when every stored page expires.
        logger.error("Page versions could not be moved: %s", sorted(names), exc_info=True)


def _current_versions(keys, found):
    """
    The versions under `keys` (version_key of each name) from `found` (what
    get_many returned); each missing one set to a new random token, so that
    a page built before it was lost never matches it again.
    """
    missing = {key: _new_version() for key in keys if key not in found}
    if missing:
        found = {**found, **missing}
        for key, version in missing.items():
            # Another process may have set it first: its token is the one kept,
            # and ours only makes this page unmatched once.
            cache.add(key, version, None)
    return [found[key] for key in keys]


class StoredPage:
    """
    One request's page in the cache: its key, the versions it depends on
    now, and what the cache holds for it. One round trip to the cache.
    """

    def __init__(self, request):
        self.key = page_key(request)
        # Each name's key made once: version_key hashes the odd one.
        keys = [version_key(name) for name in _dependencies(request)]
        try:
            found = cache.get_many([self.key, *keys])
            self.versions = _current_versions(keys, found)
        except Exception:
            logger.warning("The page cache could not be read; building the page.", exc_info=True)
            self.versions, found = None, {}
        self.held = found.get(self.key)

    @cached_property
    def etag(self):
        """The ETag, quoted (a hex digest needs no escaping), worked out at most once."""
        if self.versions is None:
            return None
        token = " ".join([self.key, *self.versions])
        return f'"{hashlib.sha256(token.encode()).hexdigest()[:32]}"'

    def reads_replica(self):
        """
        Whether the page may be built from the read replica: not while a
        version it depends on is younger than LEDGER_REPLICA_MAX_LAG. A
        replica that has not yet replayed the change would build the old
        page, to be kept under the new version until the next change; the
        primary cannot.
        """
        lag = settings.LEDGER_REPLICA_MAX_LAG
        return not (lag and self.versions and _moved_within(self.versions, lag))

    @property
    def last_modified(self):
        return _dated(tuple(self.versions)) if self.versions else None

    def _fresh(self, held):
        """The response `held` (what the cache holds for this page) when built at these versions."""
        if held is None or self.versions is None:
            return None
        versions, response = held
        return response if versions == self.versions else None

    def held_response(self):
        """
        The page as stored, headers and all, when it was built at these
        versions (by this process or another, or by the request holding its
        lock, once it has stored it); else None.
        """
        if self.versions is None or not settings.LEDGER_PUBLIC_MAX_AGE:
            return None
        response = self._fresh(self.held) or self._built_by_another()
        if response is not None:
            # Tells the operator (and the tests) the page was not built.
            response["X-Page-Cache"] = "hit"
        return response

    def build(self, view, request, *args, **kwargs):
        """The view's response, built while holding the page's lock (see keep)."""
        self.locked = False
        if self.versions is not None and settings.LEDGER_PUBLIC_MAX_AGE:
            try:
                self.locked = cache.add(self.lock, 1, LOCK_SECONDS)
            except Exception:
                self.locked = False
        try:
            return view(request, *args, **kwargs)
        except BaseException:
            self.release()
            raise

    def keep(self, response):
        """
        Store the built response, with its headers, for LEDGER_PUBLIC_MAX_AGE
        seconds, and let go of the lock. Only whole 200 responses of at most
        LEDGER_PAGE_CACHE_MAX_BYTES are kept. The cache is a shortcut, never
        a dependency: when it fails, the page is built next time as if it
        were empty, and a warning logged.
        """
        timeout = settings.LEDGER_PUBLIC_MAX_AGE
        whole = response.status_code == 200 and not response.streaming
        if self.versions is not None and timeout and whole:
            if not getattr(response, "is_rendered", True):
                response.render()  # a TemplateResponse (the sitemap) is stored as rendered
            if len(response.content) <= settings.LEDGER_PAGE_CACHE_MAX_BYTES:
                try:
                    cache.set(self.key, (self.versions, response), timeout)
                except Exception:
                    logger.warning("The page cache could not be written.", exc_info=True)
        self.release()

    def release(self):
        if getattr(self, "locked", False):
            self.locked = False
            with contextlib.suppress(Exception):  # else it expires after LOCK_SECONDS
                cache.delete(self.lock)

    @property
    def lock(self):
        return f"{self.key}:building"

    def _built_by_another(self):
        """When another request holds this page's lock: its page, once stored, else None."""
        if self.held is None:
            return None  # never built: nothing popular to wait for
        try:
            deadline = time.monotonic() + LOCK_WAIT
            while cache.get(self.lock) is not None:
                if time.monotonic() > deadline:
                    return None
                time.sleep(_POLL)
                response = self._fresh(cache.get(self.key))
                if response is not None:
                    return response
            return self._fresh(cache.get(self.key))
        except Exception:
            return None


def rendered_rows(claims, render):
    """
    `render(claim)` for each of `claims`, from the cache when that claim's
    row was rendered at its current version: one get_many for all the rows
    and their versions, one set_many for the rows rendered afresh. A row
    shows only its claim, its speaker and its topics, all of which move the
    claim's version (_names_changed).
    """
    claims = list(claims)
    names = [EVERYTHING, *(f"claim:{claim.slug}" for claim in claims)]
    version_keys = [version_key(name) for name in names]
    language = translation.get_language()
    keys = [f"ledger:{_database()}:row:{language}:{claim.slug}" for claim in claims]
    try:
        found = cache.get_many([*keys, *version_keys])
        everything, *versions = _current_versions(version_keys, found)
    except Exception:
        logger.warning("The page cache could not be read; rendering the rows.", exc_info=True)
        return [render(claim) for claim in claims]
    rows, fresh = [], {}
    for claim, key, version in zip(claims, keys, versions, strict=True):
        held = found.get(key)
        if held is not None and held[0] == (everything, version):
            rows.append(held[1])
            continue
        rows.append(render(claim))
        fresh[key] = ((everything, version), rows[-1])
    if fresh:
        try:
            cache.set_many(fresh, settings.LEDGER_PUBLIC_MAX_AGE or None)
        except Exception:
            logger.warning("The page cache could not be written.", exc_info=True)
    return rows


class CountedPaginator(Paginator):
    """
    A Paginator whose count is counted once per version of the page's
    dependencies and kept in the cache, for every page number of the list:
    counting every published claim is what grows with the archive.
    """

    def __init__(self, object_list, per_page, *, request):
        super().__init__(object_list, per_page)
        self.request = request

    @cached_property
    def count(self):
        stored = getattr(self.request, "_stored_page", None)
        if stored is None or stored.versions is None:
            return super().count
        query = self.request.GET.copy()
        query.pop("page", None)
        token = " ".join([self.request.path, query.urlencode(), *stored.versions])
        key = f"ledger:count:{hashlib.sha256(token.encode()).hexdigest()[:32]}"
        try:
            count = cache.get(key)
        except Exception:
            count = None
        if count is None:
            count = super().count
            try:
                cache.set(key, count, settings.LEDGER_PUBLIC_MAX_AGE or None)
            except Exception:
                logger.warning("The page cache could not be written.", exc_info=True)
        return count


# A query string that decodes and encodes back to itself: name=value pairs of
# the characters QueryDict.urlencode() leaves as they are ("+" is a space).
_PLAIN_QUERY = re.compile(r"[\w.~+-]+=[\w.~+-]*(?:&[\w.~+-]+=[\w.~+-]*)*", re.ASCII)


def _is_canonical(query_string, reads):
    """
    Whether `query_string` is already what _drop_unread_parameters would
    make of it: plain, each parameter one `reads` names, given once, in that
    order. No QueryDict is made.
    """
    if not query_string:
        return True
    if not _PLAIN_QUERY.fullmatch(query_string):
        return False
    position = -1
    for pair in query_string.split("&"):
        name = pair.partition("=")[0]
        index = reads.index(name) if name in reads else -1
        if index <= position:
            return False
        position = index
    return True


def _drop_unread_parameters(request):
    """
    Leave in the request's query only the parameters its page reads
    (QUERY_PARAMETERS), in that order, so that the page, its ETag and its
    cache key all see the same query. Runs before anything reads the query.
    A query already in that form (most often none) is left as it is.
    """
    match = request.resolver_match
    reads = QUERY_PARAMETERS.get(match.view_name) if match is not None else None
    if reads is None or _is_canonical(request.META.get("QUERY_STRING", ""), reads):
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



def _holds_etag(request, stored):
    """
    Whether If-None-Match names the ETag of `stored` (compared weakly, as RFC
    9110 asks for GET). A bare "*" matches nothing here: it would turn a 404
    into a 304. Without the header, the ETag is not worked out.
    """
    # From META: request.headers builds a mapping of every header first.
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header or stored.etag is None:
        return False
    return any(value.removeprefix("W/") == stored.etag for value in parse_etags(header))


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
    an ETag from the versions of what the page shows and Last-Modified from
    their newest date on every 200, a 304 when If-None-Match holds the ETag,
    the page from the server's cache when it was built at those versions,
    and `Cache-Control: public` for LEDGER_PUBLIC_MAX_AGE seconds. Any other
    answer (a 404, a 422) goes out with no validator and `no-cache` (see the
    module docstring). Its reads go to the read replica when there is one
    (claims/routers.py). The view sees only the query parameters
    QUERY_PARAMETERS lists for its URL. The view must not touch the session
    or the CSRF token, so no cookie is set (only the language a reader chose
    varies a page by Cookie: claims/languages.py).
    """

    @require_safe
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        _drop_unread_parameters(request)
        stored = request._stored_page = StoredPage(request)
        if _holds_etag(request, stored):
            response = HttpResponseNotModified()
        else:
            # A stored page went in with the headers set below, which are
            # the same for the same versions.
            held = stored.held_response()
            if held is not None:
                return held
            # Only a build reads the database: a 304 and a stored page need
            # no replica, and no look at how recently their versions moved.
            with reading_public() if stored.reads_replica() else nullcontext():
                response = stored.build(view, request, *args, **kwargs)
        if response.status_code not in (200, 304):
            stored.release()
            return not_kept(response)
        patch_cache_control(response, public=True, max_age=settings.LEDGER_PUBLIC_MAX_AGE)
        if stored.etag is not None:
            response["ETag"] = stored.etag
        if stored.last_modified is not None:
            # The feed and sitemap views date themselves by their newest
            # item; the newest change the page shows is the date of the whole page.
            response["Last-Modified"] = stored.last_modified
        if response.status_code == 200:
            stored.keep(response)
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
