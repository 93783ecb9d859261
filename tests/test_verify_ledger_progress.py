"""
verify_ledger counts the entries it has verified on a terminal, redrawn in
place; off one (a cron job's log) it prints only its result.
"""

import io

from django.core.management import call_command

from claims.models import LedgerHead


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_database_check_shows_progress_on_a_terminal_only(make_claim):
    make_claim(), make_claim()
    entries = LedgerHead.objects.get().entries
    logs, terminal = io.StringIO(), Terminal()

    call_command("verify_ledger", stdout=io.StringIO(), stderr=logs)
    call_command("verify_ledger", "--chunk-size=1", stdout=io.StringIO(), stderr=terminal)

    assert logs.getvalue() == ""
    drawn = terminal.getvalue().split("\r")
    assert any(
        line.startswith("Verifying the ledger: 100%") and f"{entries}/{entries}" in line
        for line in drawn
    )
