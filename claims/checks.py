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
