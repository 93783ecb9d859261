"""Production settings: check --deploy passes with the production variables; http works locally."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.test_settings import environment, run_python  # noqa: F401 (a fixture)

# README, "Security": the variables a production deployment behind a proxy sets.
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3Q9x-production-secret-for-the-deploy-check-7TzW2mNvRb8LpYc4HsGd",
    "DJANGO_ALLOWED_HOSTS": "claims.example.org",
    "LEDGER_SITE_URL": "https://claims.example.org",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
    "DJANGO_SECURE_COOKIES": "1",
    "DJANGO_SECURE_HSTS_SECONDS": "31536000",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://claims.example.org",
    "LEDGER_CORRECTIONS_EMAIL": "corrections@claims.example.org",
    # README "Deployment": app processes share one Redis (claims.W002 otherwise).
    "CACHE_URL": "redis://127.0.0.1:6379/0",
}


def test_check_deploy_reports_nothing_with_the_production_variables():
    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_names_each_missing_production_setting():
    local = {
        name: value for name, value in PRODUCTION.items() if not name.startswith("DJANGO_SECURE_")
    }
    result = run_python("manage.py", "check", "--deploy", **local)
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_the_defaults_serve_plain_http_for_make_run(environment):  # noqa: F811
    settings = environment(DJANGO_DEBUG="1")
    assert settings["SECURE_SSL_REDIRECT"] is False
    assert settings["SESSION_COOKIE_SECURE"] is settings["CSRF_COOKIE_SECURE"] is False
    assert settings["SECURE_HSTS_SECONDS"] == 0
    assert "SECURE_PROXY_SSL_HEADER" not in settings


def test_the_production_variables_turn_on_https_behind_a_proxy(environment):  # noqa: F811
    settings = environment(**PRODUCTION)
    assert settings["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SESSION_COOKIE_SECURE"] is settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SECURE_HSTS_SECONDS"] == 31536000
    assert settings["CSRF_TRUSTED_ORIGINS"] == ["https://claims.example.org"]


def test_the_sign_in_throttle_reads_its_limits(environment):  # noqa: F811
    settings = environment(LEDGER_LOGIN_FAILURE_LIMIT="3", LEDGER_LOGIN_COOLOFF_MINUTES="0")
    assert settings["AXES_FAILURE_LIMIT"] == 3
    assert settings["AXES_COOLOFF_TIME"] is None  # locked until `axes_reset`
    assert environment(LEDGER_LOGIN_COOLOFF_MINUTES="30")["AXES_COOLOFF_TIME"].seconds == 1800


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DJANGO_SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto: https"),
        ("DJANGO_SECURE_SSL_REDIRECT", "sometimes"),
        ("DJANGO_SECURE_HSTS_SECONDS", "a year"),
        ("DJANGO_SECURE_HSTS_SECONDS", "-1"),
        ("DJANGO_SECURE_REFERRER_POLICY", "everyone"),
        ("DJANGO_CSRF_TRUSTED_ORIGINS", "claims.example.org"),
        ("LEDGER_LOGIN_FAILURE_LIMIT", "0"),
        ("LEDGER_LOGIN_COOLOFF_MINUTES", "soon"),
    ],
)
def test_it_refuses_a_bad_security_value_naming_the_variable(
    environment,  # noqa: F811
    variable,
    value,
):
    with pytest.raises(ImproperlyConfigured, match=variable):
        environment(**{variable: value})


def test_an_http_request_is_redirected_to_https_when_told(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600

    plain = client.get("/methodology/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/methodology/"

    proxied = client.get("/methodology/", headers={"X-Forwarded-Proto": "https"})
    assert proxied.status_code == 200
    assert proxied["Strict-Transport-Security"] == "max-age=3600; includeSubDomains; preload"
