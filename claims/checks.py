"""System checks for a deployment (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks


@checks.register(deploy=True)
def check_error_reports_have_somewhere_to_go(app_configs, **kwargs):
    """
    Each claim page asks readers to report an error. With neither setting,
    its link can only lead to the corrections policy, which then has no way
    to offer: readers who found a mistake cannot tell the desk.
    """
    if settings.LEDGER_REPORT_ERROR_URL or settings.LEDGER_CORRECTIONS_EMAIL:
        return []
    return [
        checks.Warning(
            "Readers have no way to report an error in a claim.",
            hint="Set LEDGER_CORRECTIONS_EMAIL (an address) or LEDGER_REPORT_ERROR_URL "
            "(a form): each claim's \"Report an error\" link and the corrections policy "
            "on /methodology/ use it.",
            id="claims.W001",
        )
    ]


@checks.register(deploy=True)
def check_the_page_cache_is_shared(app_configs, **kwargs):
    """
    A page's freshness is told by versions kept in the cache (claims/caching.py).
    In local memory each app process keeps its own: a change made through one
    process moves only that process's versions, and the others serve their
    old copies of its pages until they expire (LEDGER_PUBLIC_MAX_AGE).
    """
    backend = settings.CACHES["default"]["BACKEND"]
    if not backend.endswith("LocMemCache") or not settings.LEDGER_PUBLIC_MAX_AGE:
        return []
    return [
        checks.Warning(
            "The page cache is in each process's memory: with more than one app process, "
            "a correction made through one can be missed by the others for "
            f"{settings.LEDGER_PUBLIC_MAX_AGE} seconds.",
            hint="Set CACHE_URL=redis://... (shared by every app process), or run a single "
            "process, or CACHE_URL=dummy:// to keep no pages.",
            id="claims.W002",
        )
    ]
