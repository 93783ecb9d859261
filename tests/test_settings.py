"""The settings module refuses bad environment values, naming the variable."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
SETTINGS_FILE = PROJECT_DIR / "ledger" / "settings.py"

LEDGER_VARIABLES = [
    "DJANGO_SECRET_KEY",
    "DJANGO_DEBUG",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "LEDGER_SITE_URL",
    "LEDGER_PUBLISHER_NAME",
    "DJANGO_LOG_LEVEL",
    # The security block (tests/test_security_settings.py).
    "DJANGO_SECURE_PROXY_SSL_HEADER",
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_SECURE_COOKIES",
    "DJANGO_SECURE_HSTS_SECONDS",
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "DJANGO_SECURE_HSTS_PRELOAD",
    "DJANGO_SECURE_REFERRER_POLICY",
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    "LEDGER_LOGIN_FAILURE_LIMIT",
    "LEDGER_LOGIN_COOLOFF_MINUTES",
]


@pytest.fixture
def environment(monkeypatch):
    """A clean environment with only a secret key set; returns a loader of the settings."""
    for name in LEDGER_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DJANGO_SECRET_KEY", "a-test-secret-key-that-is-long-enough-for-django")

    def load(**variables):
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS_FILE))

    return load


def test_it_defaults_to_sqlite_in_the_project_folder_with_debug_off(environment):
    settings = environment()
    database = settings["DATABASES"]["default"]
    # Django's SQLite backend, reading the real limit of variables per statement.
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(database["NAME"]) == SETTINGS_FILE.parent.parent / "db.sqlite3"
    assert settings["DEBUG"] is False
    assert settings["LEDGER_SITE_URL"] == "http://127.0.0.1:8000"
    assert str(SETTINGS_FILE.parent.parent / "fixtures") in map(str, settings["FIXTURE_DIRS"])


def test_it_reads_a_postgresql_database_url(environment):
    settings = environment(DATABASE_URL="postgres://desk:pw@db.internal:5433/ledger")
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.internal", 5433, "ledger")
    assert (database["USER"], database["PASSWORD"]) == ("desk", "pw")


def test_it_reads_the_ledger_settings(environment):
    settings = environment(
        DJANGO_DEBUG="yes",
        DJANGO_ALLOWED_HOSTS="claims.example.org, www.claims.example.org",
        LEDGER_SITE_URL="https://claims.example.org/",
        LEDGER_PUBLISHER_NAME="Example Fact Check",
    )
    assert settings["DEBUG"] is True
    assert settings["ALLOWED_HOSTS"] == ["claims.example.org", "www.claims.example.org"]
    assert settings["LEDGER_SITE_URL"] == "https://claims.example.org"
    assert settings["LEDGER_PUBLISHER_NAME"] == "Example Fact Check"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DJANGO_DEBUG", "maybe"),
        ("DATABASE_URL", "mysql://root@127.0.0.1/ledger"),
        ("DATABASE_URL", "not a url at all"),
        ("DATABASE_URL", "postgres://postgres@127.0.0.1:5432"),
        ("DJANGO_ALLOWED_HOSTS", " , "),
        ("LEDGER_SITE_URL", "claims.example.org"),
        ("LEDGER_SITE_URL", "javascript:alert(1)"),
        ("LEDGER_SITE_URL", "https://claims.example.org/?utm=1"),
        ("LEDGER_PUBLISHER_NAME", "   "),
        ("DJANGO_LOG_LEVEL", "chatty"),
    ],
)
def test_it_refuses_a_bad_value_naming_the_variable(environment, variable, value):
    with pytest.raises(ImproperlyConfigured, match=variable):
        environment(**{variable: value})


def test_without_a_secret_key_it_falls_back_to_a_key_check_deploy_flags(environment, monkeypatch):
    monkeypatch.delenv("DJANGO_SECRET_KEY")
    settings = environment()
    assert settings["SECRET_KEY"] == settings["DEVELOPMENT_SECRET_KEY"]
    assert settings["SECRET_KEY"].startswith("django-insecure-")


def run_python(*arguments, **variables):
    """Run Python in the project folder with none of the ledger's variables set but these."""
    # The browser tests lift Django's async guard for the whole session;
    # `check --deploy` rightly flags that variable, so it is not passed on.
    left_out = {*LEDGER_VARIABLES, "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {name: value for name, value in os.environ.items() if name not in left_out}
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=PROJECT_DIR,
        env={**environment, **variables},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_management_commands_run_on_a_fresh_clone_without_any_variables():
    result = run_python("manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("entry_point", ["ledger.wsgi", "ledger.asgi"])
def test_a_server_refuses_to_start_without_a_secret_key_unless_debugging(entry_point):
    refused = run_python("-c", f"import {entry_point}")
    assert refused.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set" in refused.stderr

    assert run_python("-c", f"import {entry_point}", DJANGO_DEBUG="1").returncode == 0, (
        refused.stderr
    )
    with_key = run_python("-c", f"import {entry_point}", DJANGO_SECRET_KEY="a-real-secret-" * 4)
    assert with_key.returncode == 0, with_key.stderr
