"""System checks: the settings the app cannot run with, and a deployment's (`check --deploy`)."""

from pathlib import Path

from django.conf import settings
from django.core import checks
from django.utils import translation


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


@checks.register()
def check_sign_off_panel(app_configs, **kwargs):
    """
    A majority larger than the panel could never be reached: every verdict
    would wait for sign-off forever. Refused at startup, not at the first
    publication.
    """
    panel, majority = settings.LEDGER_SIGN_OFF, settings.LEDGER_SIGN_OFF_MAJORITY
    problems = [
        f"{name}={value!r} is not a whole number of editors, at least 1."
        for name, value in (("LEDGER_SIGN_OFF", panel), ("LEDGER_SIGN_OFF_MAJORITY", majority))
        if type(value) is not int or value < 1
    ]
    if not problems and majority > panel:
        problems.append(
            f"LEDGER_SIGN_OFF_MAJORITY={majority} approvals cannot be reached by a panel of "
            f"LEDGER_SIGN_OFF={panel} editors."
        )
    return [
        checks.Error(
            problem,
            hint="Set LEDGER_SIGN_OFF to the panel's size and LEDGER_SIGN_OFF_MAJORITY to "
            "the approvals needed among them (e.g. 3 and 2); see docs/sign-off.md.",
            id="claims.E001",
        )
        for problem in problems
    ]


@checks.register()
def check_translations_are_compiled(app_configs, **kwargs):
    """
    Django reads a language's compiled catalogue (.mo), never its .po: with
    the .mo missing (it is built by make, not committed), a Chinese reader is
    served English pages without a word of warning.
    """
    missing = []
    for code, _name in settings.LANGUAGES:
        if code.startswith("en"):
            continue
        folder = translation.to_locale(code)
        for path in settings.LOCALE_PATHS:
            po = Path(path) / folder / "LC_MESSAGES" / "django.po"
            if po.exists() and not po.with_suffix(".mo").exists():
                missing.append(str(po))
    return [
        checks.Warning(
            f"{po} is not compiled: its language is served in English.",
            hint="Run `make` (or `make install`), which compiles every .po into its .mo.",
            id="claims.W003",
        )
        for po in missing
    ]
