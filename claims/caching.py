"""
Public responses that browsers and CDNs may cache and revalidate.

Every public page and API response depends on published rows of the tracked
models, and every write to those leaves a history entry (claims/history.py),
deletions included, and every history entry extends the tamper-evident
ledger (claims/ledger.py). So the ledger's head hash changes whenever anything
public may have changed, and the newest history entry says when: the one query
below answers "has this page changed?" before the page is built, and a
conditional GET gets a 304 without the rest.

The ETag comes from the head hash rather than from the newest history date: a
long import dates its entries when it starts but commits later, so a date can
arrive older than one a reader has already seen, while the head moves with
every commit.
"""

import datetime
import hashlib
from functools import wraps

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.views.decorators.http import condition, require_safe


def _history_tables():
    from claims.models import Claim, Correction, Evidence, Source, Speaker, Topic

    return [
        model.history.model._meta.db_table
        for model in (Claim, Speaker, Source, Topic, Evidence, Correction)
    ]


def _last_public_change(request):
    """
    (ledger head hash, newest history date): one query (the head row, and a
    MAX on each history table's indexed history_date), made once per request.
    """
    if not hasattr(request, "_ledger_last_change"):
        from claims.ledger import LedgerHead

        latest = " UNION ALL ".join(
            f"SELECT MAX(history_date) AS changed_at FROM {table}" for table in _history_tables()
        )
        head = LedgerHead._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT hash FROM {head}), MAX(changed_at) FROM ({latest}) latest"
            )
            head_hash, changed_at = cursor.fetchone()
        if isinstance(changed_at, str):  # SQLite returns the stored text
            changed_at = parse_datetime(changed_at)
        if changed_at is not None and timezone.is_naive(changed_at):
            changed_at = timezone.make_aware(changed_at, datetime.UTC)
        request._ledger_last_change = head_hash, changed_at
    return request._ledger_last_change


def last_public_change(request, *args, **kwargs):
    """When anything public last changed (see _last_public_change)."""
    return _last_public_change(request)[1]


def _etag(request, *args, **kwargs):
    head_hash, changed_at = _last_public_change(request)
    if head_hash is None and changed_at is None:
        return None
    token = f"{head_hash} {changed_at.isoformat() if changed_at else ''} {request.get_full_path()}"
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def public(view):
    """
    For a public, anonymous, read-only view: GET and HEAD only (405 otherwise),
    ETag and Last-Modified from the ledger's last change, a 304 for a matching
    conditional GET, and `Cache-Control: public` for LEDGER_PUBLIC_MAX_AGE
    seconds. The view must not touch the session or the CSRF token, so no
    cookie is set and no `Vary: Cookie` added.
    """
    conditional = require_safe(
        condition(etag_func=_etag, last_modified_func=last_public_change)(view)
    )

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = conditional(request, *args, **kwargs)
        if response.status_code in (200, 304):
            patch_cache_control(response, public=True, max_age=settings.LEDGER_PUBLIC_MAX_AGE)
            changed_at = last_public_change(request)
            if changed_at is not None:
                # The feed and sitemap views date themselves by their newest
                # item; the 304 check above compares with this date instead.
                response["Last-Modified"] = http_date(changed_at.timestamp())
        return response

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
