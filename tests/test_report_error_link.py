"""
A claim page's "Report an error" link goes where the newsroom configured, the
corrections policy says how to report without sending the reader back to that
link, and `check --deploy` warns when there is nowhere to report.
"""

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.core import checks

from tests.test_security_settings import PRODUCTION
from tests.test_settings import run_python


@pytest.fixture
def claim(make_verdict, settings):
    settings.LEDGER_SITE_URL = "https://factcheck.example.org"
    settings.LEDGER_REPORT_ERROR_URL = ""
    settings.LEDGER_CORRECTIONS_EMAIL = ""
    return make_verdict()


def report_link(client, claim):
    page = client.get(claim.get_absolute_url()).content.decode()
    return re.search(r'<a class="report-error" href="([^"]+)"', page).group(1).replace("&amp;", "&")


def test_it_writes_to_the_corrections_address_with_the_claims_url(client, claim, settings):
    settings.LEDGER_CORRECTIONS_EMAIL = "corrections@example.org"
    link = urlsplit(report_link(client, claim))
    assert link.scheme == "mailto" and link.path == "corrections@example.org"
    subject = unquote(parse_qs(link.query)["subject"][0])
    assert subject == f"Error report: https://factcheck.example.org{claim.get_absolute_url()}"


def test_a_form_url_wins_and_gets_the_claims_url(client, claim, settings):
    settings.LEDGER_CORRECTIONS_EMAIL = "corrections@example.org"
    settings.LEDGER_REPORT_ERROR_URL = "https://forms.example.org/report?lang=en"
    link = urlsplit(report_link(client, claim))
    assert link.netloc == "forms.example.org"
    query = parse_qs(link.query)
    assert query["lang"] == ["en"]
    assert query["claim"] == [f"https://factcheck.example.org{claim.get_absolute_url()}"]


def test_without_settings_it_points_to_the_corrections_policy(client, claim):
    assert report_link(client, claim) == "/methodology/#corrections"


def how_to_report(client):
    """The corrections policy's paragraph on reporting an error."""
    page = client.get("/methodology/").content.decode()
    section = page[page.index('id="corrections"') :]
    return re.search(r'<p class="report-errors">(.*?)</p>', section, re.DOTALL).group(1)


def test_the_corrections_policy_links_to_the_form(client, claim, settings):
    settings.LEDGER_CORRECTIONS_EMAIL = "corrections@example.org"
    settings.LEDGER_REPORT_ERROR_URL = "https://forms.example.org/report?lang=en"
    paragraph = how_to_report(client)
    assert '<a href="https://forms.example.org/report?lang=en">' in paragraph


def test_the_corrections_policy_gives_the_address(client, claim, settings):
    settings.LEDGER_CORRECTIONS_EMAIL = "corrections@example.org"
    paragraph = how_to_report(client)
    assert '<a href="mailto:corrections@example.org">corrections@example.org</a>' in paragraph


def test_without_settings_the_policy_says_so_plainly_rather_than_going_in_a_circle(
    client, claim
):
    paragraph = how_to_report(client)
    assert "does not take error reports through this site" in paragraph
    assert "Report an error" not in paragraph and "<a " not in paragraph


def deploy_warnings():
    return {message.id for message in checks.run_checks(include_deployment_checks=True)}


def test_the_deploy_check_warns_when_readers_cannot_report_an_error(settings, db):
    settings.LEDGER_REPORT_ERROR_URL = ""
    settings.LEDGER_CORRECTIONS_EMAIL = ""
    assert "claims.W001" in deploy_warnings()
    assert "claims.W001" not in {message.id for message in checks.run_checks()}
    settings.LEDGER_CORRECTIONS_EMAIL = "corrections@example.org"
    assert "claims.W001" not in deploy_warnings()
    settings.LEDGER_CORRECTIONS_EMAIL = ""
    settings.LEDGER_REPORT_ERROR_URL = "https://forms.example.org/report"
    assert "claims.W001" not in deploy_warnings()


def test_manage_py_check_deploy_names_the_missing_setting():
    variables = {k: v for k, v in PRODUCTION.items() if k != "LEDGER_CORRECTIONS_EMAIL"}
    result = run_python("manage.py", "check", "--deploy", **variables)
    assert "claims.W001" in result.stderr
    assert "LEDGER_CORRECTIONS_EMAIL" in result.stderr
