"""A claim page's "Report an error" link goes where the newsroom configured."""

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest


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
