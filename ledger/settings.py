"""
The ledger's one settings module, read from environment variables.

Every setting that differs between a laptop and production comes from the
environment; README.md lists them. A bad value stops the process at start-up
with ImproperlyConfigured naming the variable, rather than surfacing later as
a confusing error in a request.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a boolean: use one of 1, 0, true, false, yes, no."
    )


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(f"{name} is set but empty: give a comma-separated list.")
    return items


def env_http_url(name, default):
    """An absolute http(s) URL without a trailing slash, for building links."""
    value = os.environ.get(name, default).strip()
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ImproperlyConfigured(f"{name}={value!r} is not an absolute http:// or https:// URL.")
    if parts.query or parts.fragment:
        raise ImproperlyConfigured(f"{name}={value!r} must not have a query or fragment.")
    return value.rstrip("/")


def env_database(name, default):
    url = os.environ.get(name, default).strip()
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} could not be read: {error}") from error
    engine = config.get("ENGINE", "")
    if engine not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
        raise ImproperlyConfigured(
            f"{name} names an unsupported database ({engine or url!r}): "
            "use sqlite:///path/to/file.sqlite3 or postgres://user@host:port/name."
        )
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name}={url!r} does not name a database.")
    if engine == "django.db.backends.sqlite3":
        # Kept open between requests like PostgreSQL's: opening a file and
        # setting its pragmas costs more than a whole cached page (bench/pages.py).
        # Django keeps one connection per thread, so none is shared; there is
        # nothing on the other end of a file to health-check.
        config["CONN_HEALTH_CHECKS"] = False
        config["OPTIONS"] = {
            # Readers never block the writer, and a writer waits for another
            # writer instead of failing at once with "database is locked".
            # A page cache of up to 64 MiB (SQLite's default is 2 MiB) holds
            # the claims' indexes and the search index while an import writes
            # 100,000 claims: inserting into tables that already held as many
            # took a fifth less time (bench import).
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
            ),
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    return config


DEBUG = env_bool("DJANGO_DEBUG", False)

# Without DJANGO_SECRET_KEY, management commands (migrate, makemigrations,
# loaddata) still run on a fresh clone, signing nothing that matters. The
# servers' entry points, wsgi.py and asgi.py, refuse to serve with this key
# unless DEBUG is on, and `check --deploy` flags its "django-insecure-" prefix.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip() or DEVELOPMENT_SECRET_KEY


def refuse_to_serve_with_the_development_key():
    """Called by wsgi.py and asgi.py before they serve a request."""
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY and not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set, and a server must not sign sessions with the "
            "public development key. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=1 on a development machine."
        )


ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

# Absolute links in feeds, sitemaps and ClaimReview JSON-LD are built from this,
# not from the request's Host header, which a client controls.
LEDGER_SITE_URL = env_http_url("LEDGER_SITE_URL", "http://127.0.0.1:8000")

# The fact-checking organisation named as the author of our ClaimReviews.
LEDGER_PUBLISHER_NAME = os.environ.get("LEDGER_PUBLISHER_NAME", "Ledger").strip()
if not LEDGER_PUBLISHER_NAME:
    raise ImproperlyConfigured("LEDGER_PUBLISHER_NAME is set but empty.")
# A JSON file of rating labels the desk adds to the import's table
# ({"label": "status value"}; docs/external-reviews.md).
LEDGER_RATING_LABELS_FILE = os.environ.get("LEDGER_RATING_LABELS_FILE", "").strip()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    # Counts failed sign-ins and locks the attacker out: see the Security block below.
    "axes",
    "claims",
    "django.contrib.sitemaps",
    # Serves the API docs page's own Swagger UI files (no CDN).
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy header on every response: see the Security block below.
    "csp.middleware.CSPMiddleware",
    # A 400 for a NUL in the path, query or cookies, before anything hands it
    # to the database (PostgreSQL cannot hold one): claims/middleware.py.
    "claims.middleware.refuse_nul_characters",
    # Static files from the app server itself, so the public pages need no CDN.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # English or Traditional Chinese, by ?lang=, the switcher's cookie or
    # Accept-Language; data (the API, feeds, JSON) in English: claims/languages.py.
    "claims.languages.ReaderLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records request.user as the author of every history entry written while
    # handling a request (admin and web edits).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ledger.urls"
WSGI_APPLICATION = "ledger.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.languages.language_alternates",
            ],
        },
    },
]

DATABASES = {
    "default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The site and the admin speak both; Django's admin ships its zh_Hant catalogue,
# ours is locale/zh_Hant (docs/i18n.md). Browsers asking for zh-TW or zh-HK get
# zh-Hant by Django's fallbacks.
LANGUAGES = [("en", "English"), ("zh-hant", "繁體中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# WhiteNoise also finds files in the apps' static/ folders, so a server started
# without `collectstatic` (make run, the browser tests) still has its CSS.
WHITENOISE_USE_FINDERS = True

# `loaddata amnesty-hk-2021` finds the seed fixture here.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# History change reasons are free text written by reviewers; the library's
# default column is a 100-character varchar that PostgreSQL would enforce.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "WARNING").strip().upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"DJANGO_LOG_LEVEL={LOG_LEVEL!r} is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}


# The public site ------------------------------------------------------------


def env_int(name, default, *, minimum=0):
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value.strip())
    except ValueError:
        number = None
    if number is None or number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number >= {minimum}.")
    return number


# How long browsers and CDNs may keep a public page or API response before
# asking again (they then get a cheap 304 if nothing changed).
LEDGER_PUBLIC_MAX_AGE = env_int("LEDGER_PUBLIC_MAX_AGE", 300)
# The admin's upload page checks a file inside the request; larger files are
# for manage.py import_claims (default 20 MiB).
LEDGER_IMPORT_UPLOAD_MAX_BYTES = env_int("LEDGER_IMPORT_UPLOAD_MAX_BYTES", 20 * 2**20, minimum=1)

# The largest public response the server's page cache keeps, in bytes
# (claims/caching.py); a larger one is served but built again for the next
# reader. 1 MiB holds every list, claim, feed and ledger page with room to
# spare (a page of 1,000 ledger entries is about 200 kB) and is memcached's
# item limit; a sitemap page of tens of thousands of URLs is larger, and a
# crawler's occasional visit can afford building it. The bound keeps one
# response from taking a large share of a process's local-memory cache.
LEDGER_PAGE_CACHE_MAX_BYTES = env_int("LEDGER_PAGE_CACHE_MAX_BYTES", 1024 * 1024, minimum=1)

# The sign-off panel (docs/sign-off.md): a verdict goes public, or a public
# verdict changes, only once LEDGER_SIGN_OFF_MAJORITY editors other than the
# claim's reviewer have approved that status and summary; LEDGER_SIGN_OFF is
# the panel's size. A PolitiFact-style desk sets 3 and 2. With the defaults
# one editor other than the reviewer signs off, and an editor who publishes
# signs off by doing so. claims/checks.py refuses a majority the panel cannot
# reach.
LEDGER_SIGN_OFF = env_int("LEDGER_SIGN_OFF", 1, minimum=1)
LEDGER_SIGN_OFF_MAJORITY = env_int("LEDGER_SIGN_OFF_MAJORITY", LEDGER_SIGN_OFF, minimum=1)

# Correction notices to partners (docs/correction-notices.md). A partner's
# webhook on a private, loopback, link-local or reserved address would let
# whoever registers it make the server call its own network; only a test or
# a closed network turns this on.
LEDGER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool(
    "LEDGER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False
)
# Seconds a partner has to answer one delivery, and the most attempts before
# a delivery is given up (retried after 1, 2, 4, ... minutes).
LEDGER_WEBHOOK_TIMEOUT = env_int("LEDGER_WEBHOOK_TIMEOUT", 5, minimum=1)
LEDGER_WEBHOOK_MAX_ATTEMPTS = env_int("LEDGER_WEBHOOK_MAX_ATTEMPTS", 8, minimum=1)

# Where a reader reports an error in a claim: a form's URL (the claim's URL is
# added as ?claim=...), or else an address for a mailto: link. With neither,
# the link goes to the corrections policy on /methodology/.
LEDGER_REPORT_ERROR_URL = os.environ.get("LEDGER_REPORT_ERROR_URL", "").strip()
if LEDGER_REPORT_ERROR_URL:
    _parts = urlsplit(LEDGER_REPORT_ERROR_URL)
    if _parts.scheme not in {"http", "https"} or not _parts.netloc or _parts.fragment:
        raise ImproperlyConfigured(
            f"LEDGER_REPORT_ERROR_URL={LEDGER_REPORT_ERROR_URL!r} is not an absolute "
            "http:// or https:// URL without a #fragment."
        )
LEDGER_CORRECTIONS_EMAIL = os.environ.get("LEDGER_CORRECTIONS_EMAIL", "").strip()
if LEDGER_CORRECTIONS_EMAIL:
    try:
        validate_email(LEDGER_CORRECTIONS_EMAIL)
    except ValidationError as error:
        raise ImproperlyConfigured(
            f"LEDGER_CORRECTIONS_EMAIL={LEDGER_CORRECTIONS_EMAIL!r} is not an email address."
        ) from error


# Security ---------------------------------------------------------------------
#
# A fact-checker is a target: people who dislike a verdict try to sign in as
# editors, inject script into claims and frame the site to mislead. The
# settings below harden a production deployment (README, "Security").
# Everything that only works over HTTPS defaults to off, so `make run` serves
# plain http on 127.0.0.1; the documented production variables turn it on, and
# `manage.py check --deploy` with them reports nothing.

# Behind a TLS-terminating proxy Django sees plain http; the proxy names the
# scheme the browser used in this header (e.g. X-Forwarded-Proto), which
# must be a header the proxy always sets, or any client could claim https.
_proxy_ssl_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_ssl_header:
    if not all(part.isalnum() for part in _proxy_ssl_header.split("-")):
        raise ImproperlyConfigured(
            f"DJANGO_SECURE_PROXY_SSL_HEADER={_proxy_ssl_header!r} is not a header name "
            "such as X-Forwarded-Proto."
        )
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
# Session and CSRF cookies only over HTTPS, so a network observer cannot take
# over an editor's session.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
# The language a reader chose with the switcher (the only cookie of the public
# site): no script reads it, and it goes over HTTPS only when the others do.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
# HSTS tells browsers to use HTTPS only, for this many seconds: start small
# (3600) when first enabling it, because browsers remember it.
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
# Browsers send the Origin header with a POST; behind a proxy that rewrites the
# host, the public origin has to be trusted explicitly.
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
for _origin in CSRF_TRUSTED_ORIGINS:
    if urlsplit(_origin).scheme not in {"http", "https"} or not urlsplit(_origin).netloc:
        raise ImproperlyConfigured(
            f"DJANGO_CSRF_TRUSTED_ORIGINS: {_origin!r} is not an origin such as "
            "https://claims.example.org."
        )

# Links out of the site (sources, evidence) tell the other site where the
# reader came from, but not which page: a draft's admin URL never leaks.
SECURE_REFERRER_POLICY = os.environ.get(
    "DJANGO_SECURE_REFERRER_POLICY", "strict-origin-when-cross-origin"
).strip()
_REFERRER_POLICIES = {
    "no-referrer",
    "no-referrer-when-downgrade",
    "origin",
    "origin-when-cross-origin",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
    "unsafe-url",
}
if SECURE_REFERRER_POLICY not in _REFERRER_POLICIES:
    raise ImproperlyConfigured(
        f"DJANGO_SECURE_REFERRER_POLICY={SECURE_REFERRER_POLICY!r} is not one of "
        f"{', '.join(sorted(_REFERRER_POLICIES))}."
    )
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Nobody frames the site: a framed verdict page could be overlaid to say the
# opposite, and a framed admin could be clickjacked. X-Frame-Options for old
# browsers, frame-ancestors in the CSP for the rest.
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): script, styles, images and fonts from
# the site itself only, no inline script or style, no plugins, no framing, and
# forms post only here. A claim's text that slipped through escaping could
# still not run. The ClaimReview JSON-LD is a data block
# (type="application/ld+json"), which browsers never execute, so it stays inline.
# The admin's and the API docs' own pages need nothing more: Django 5.2's admin
# and django-ninja's Swagger page load their script from files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Swagger UI draws a few of its icons as data: URLs.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Sign-in throttling (django-axes): after LEDGER_LOGIN_FAILURE_LIMIT failed
# sign-ins for one user name from one address, that pair is locked out for
# LEDGER_LOGIN_COOLOFF_MINUTES (0: until `manage.py axes_reset`). Counting the
# pair, not the address alone, stops guessing without letting an attacker lock
# an editor out from elsewhere. Behind a proxy every request comes from the
# proxy's address, so the count would be per user name: LEDGER_TRUSTED_PROXIES
# says how many proxies of ours stand in front (README, "Security").
LEDGER_TRUSTED_PROXIES = env_int("LEDGER_TRUSTED_PROXIES", 0)
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out sign-in is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LEDGER_LOGIN_FAILURE_LIMIT", 5, minimum=1)
_cooloff_minutes = env_int("LEDGER_LOGIN_COOLOFF_MINUTES", 15)
AXES_COOLOFF_TIME = timedelta(minutes=_cooloff_minutes) if _cooloff_minutes else None
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "claims.sign_in.sign_in_address"
# A successful sign-in forgets the earlier failures of that pair.
AXES_RESET_ON_SUCCESS = True


# Scale-out: the shared cache and read replicas -------------------------------
# (README "Performance" shows a deployment of many app processes.)


def env_cache():
    """
    CACHES from CACHE_URL, else REDIS_URL: redis:// or rediss:// (a Redis
    shared by every app process), locmem:// (each process its own, the
    default), or dummy:// (no cache). Cached pages are keyed by the ledger's
    head (claims/caching.py), so even per-process caches never serve a page
    older than the last committed change; sharing one only saves building it.
    """
    name = "CACHE_URL" if os.environ.get("CACHE_URL", "").strip() else "REDIS_URL"
    url = os.environ.get(name, "").strip() or "locmem://"
    scheme = urlsplit(url).scheme
    if scheme in {"redis", "rediss"}:
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            # A Redis that stops answering slows each page by at most this,
            # then the page is built without it (claims/caching.py).
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ledger",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"{name}={url!r} is not a cache URL: use redis://host:6379/0, rediss://..., "
        "locmem:// or dummy://."
    )


CACHES = {"default": env_cache()}

# With DATABASE_REPLICA_URL set, public pages and the API read from that
# replica (claims/routers.py); writes, the admin, imports and commands use the
# primary. Migrations run on the primary only and reach the replica through
# replication; tests use the primary for both.
if os.environ.get("DATABASE_REPLICA_URL", "").strip():
    DATABASES["replica"] = env_database("DATABASE_REPLICA_URL", "")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["claims.routers.PublicReadsFromReplica"]
# For this many seconds after a change, the pages it touched are rebuilt from
# the primary, not the replica: one rebuilt from a replica that had not yet
# replayed the change would be kept as current (claims/caching.py).
LEDGER_REPLICA_MAX_LAG = env_int("LEDGER_REPLICA_MAX_LAG", 10)
