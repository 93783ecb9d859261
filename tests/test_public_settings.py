"""The public site's settings refuse bad values, naming the variable."""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

SETTINGS_FILE = Path(__file__).resolve().parent.parent / "ledger" / "settings.py"
VARIABLES = ["LEDGER_PUBLIC_MAX_AGE", "LEDGER_REPORT_ERROR_URL", "LEDGER_CORRECTIONS_EMAIL"]


@pytest.fixture
def load(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)

    def load(**variables):
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS_FILE))

    return load


def test_the_defaults(load):
    settings = load()
    assert settings["LEDGER_PUBLIC_MAX_AGE"] == 300
    assert settings["LEDGER_REPORT_ERROR_URL"] == ""
    assert settings["LEDGER_CORRECTIONS_EMAIL"] == ""


def test_good_values_are_read(load):
    settings = load(
        LEDGER_PUBLIC_MAX_AGE="60",
        LEDGER_REPORT_ERROR_URL="https://forms.example.org/report?usp=pp_url",
        LEDGER_CORRECTIONS_EMAIL="corrections@example.org",
    )
    assert settings["LEDGER_PUBLIC_MAX_AGE"] == 60
    assert settings["LEDGER_REPORT_ERROR_URL"] == "https://forms.example.org/report?usp=pp_url"
    assert settings["LEDGER_CORRECTIONS_EMAIL"] == "corrections@example.org"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LEDGER_PUBLIC_MAX_AGE", "five minutes"),
        ("LEDGER_PUBLIC_MAX_AGE", "-1"),
        ("LEDGER_REPORT_ERROR_URL", "javascript:alert(1)"),
        ("LEDGER_CORRECTIONS_EMAIL", "corrections at example.org"),
    ],
)
def test_a_bad_value_names_the_variable(load, name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        load(**{name: value})
