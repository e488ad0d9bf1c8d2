"""Settings for Game Library, read from the environment.

SQLite is the default (a file under the git-ignored ``var/``); ``DATABASE_URL``
switches to PostgreSQL. Everything a deployment changes is an environment
variable documented in the README.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from gamelibrary.release import release_token

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("GAMELIBRARY_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)


# Django's own placeholder starts so; a key shorter than this (or with few distinct characters) can be guessed.
INSECURE_KEY_PREFIX = "django-insecure"
SECRET_KEY_MIN_CHARS = 50
SECRET_KEY_MIN_UNIQUE_CHARS = 5
WEAK_SECRET_KEY = (
    "SECRET_KEY is too weak for DEBUG off: use at least {chars} random characters (e.g. the output of "
    "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), not a placeholder."
)


def secret_key_weak(key: str) -> bool:
    """The test ``manage.py check --deploy`` applies, so a weak key stops the server at startup instead."""
    return (
        len(key) < SECRET_KEY_MIN_CHARS
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARS
        or key.startswith(INSECURE_KEY_PREFIX)
    )


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        if not DEBUG and secret_key_weak(key):
            raise ImproperlyConfigured(WEAK_SECRET_KEY.format(chars=SECRET_KEY_MIN_CHARS))
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # A development key generated once per checkout, kept out of git.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_filters",
    "django_q",
    "simple_history",
    "sources",
    "activities",
    "enrichment",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into its refusal.
    "axes.middleware.AxesMiddleware",
]

# --- Security -------------------------------------------------------------------
# Behind a TLS-terminating proxy, set every HTTPS variable as the README's
# "Production" section says; `manage.py check --deploy` then has nothing to say.

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# "HTTP_X_FORWARDED_PROTO,https": the header the proxy sets, and its value on a secure request. Only set it
# when the proxy overwrites that header on every request, or a client could claim HTTPS.
_proxy_ssl_header = env_list("SECURE_PROXY_SSL_HEADER", [])
if _proxy_ssl_header and len(_proxy_ssl_header) != 2:
    raise ImproperlyConfigured("SECURE_PROXY_SSL_HEADER must be HEADER,VALUE, e.g. HTTP_X_FORWARDED_PROTO,https.")
SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header) or None

# Every page, the admin's included: everything from this site only, no inline script or style
# attribute, never framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one username from one address,
# that pair is refused (HTTP 429) for LOGIN_COOLOFF_MINUTES; every failure is logged and kept in the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind reverse proxies every request arrives from the last proxy's address: with TRUSTED_PROXY_COUNT set, the
# client is read from X-Forwarded-For (django-ipware, as django-axes documents), counted from its right end: each
# proxy appends the address it saw, and whatever a client writes there itself stays on the left.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# What is cached of the library is keyed by its version (activities.library_version), so a rebuild or an edit is
# seen at once, and shared by every worker process (each combination of filters is counted once per version, not
# once per worker): in Redis when REDIS_URL is set, else in files under VAR_DIR.
# - facets: the listing's facet counts; FACET_CACHE_SECONDS=0 turns the cache off.
# - pages: whole public pages, per language (activities/page_cache.py); PAGE_CACHE_SECONDS=0 turns it off. Off by
#   default with DEBUG on: the development server does not restart when a template changes, so a cached page would
#   hide the edit.
FACET_CACHE_SECONDS = env_int("FACET_CACHE_SECONDS", 3600)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if DEBUG else 3600)
# The file cache lists its folder on every write, and forgets a third of its files once this many are kept.
LIBRARY_CACHE_MAX_ENTRIES = env_int("LIBRARY_CACHE_MAX_ENTRIES", 5000)


# The served code's files, and the manifest of collectstatic that names the static files a page links to.
RELEASE = release_token(
    BASE_DIR,
    folders=["activities", "sources", "enrichment", "gamelibrary", "templates", "locale"],
    files=["staticfiles/staticfiles.json"],
)


def library_cache(name: str, timeout: int) -> dict:
    if os.environ.get("REDIS_URL"):
        location = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    else:
        location = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / name),
            "OPTIONS": {"MAX_ENTRIES": LIBRARY_CACHE_MAX_ENTRIES},
        }
    return {**location, "KEY_PREFIX": f"{name}:{RELEASE}", "TIMEOUT": timeout}


CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "facets": library_cache("facets", FACET_CACHE_SECONDS),
    "pages": library_cache("pages", PAGE_CACHE_SECONDS),
}

ROOT_URLCONF = "gamelibrary.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "gamelibrary.wsgi.application"

SQLITE_DEFAULT_PATH = VAR_DIR / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{SQLITE_DEFAULT_PATH}"),
        # A worker keeps its connection between requests: opening one (a PostgreSQL backend, SQLite's pragmas)
        # costs more than most pages' queries. Checked before reuse, so a restarted database is reconnected.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers run beside the one writer (web + django-q2's ORM broker);
    # IMMEDIATE takes the write lock at BEGIN, so a transaction never fails
    # half-way with "database is locked" when it upgrades from read to write.
    # A 64 MiB page cache and memory-mapped reads keep the listing's hot pages
    # (search index, covering filter index) in memory between queries.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }

if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # Full-text search lookups (activities/search/postgres.py) on PostgreSQL only.
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ro"
LANGUAGES = [("ro", _("Romanian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Login failures and lock-outs are logged whatever LOG_LEVEL says.
    "loggers": {"axes": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}

# --- The pipeline -----------------------------------------------------------

DATA_DIR = Path(os.environ.get("GAMELIBRARY_DATA_DIR", BASE_DIR / "data"))
CORPUS_DIR = Path(os.environ.get("CORPUS_DIR", DATA_DIR / "corpus"))
EXTRACTED_DIR = Path(os.environ.get("EXTRACTED_DIR", DATA_DIR / "extracted"))
CHUNK_MAX_CHARS = env_int("CHUNK_MAX_CHARS", 12000)
SOURCE_DOWNLOAD_ENABLED = env_bool("SOURCE_DOWNLOAD_ENABLED", False)
# Seconds the rebuild waits inside its publishing transaction: lets a test (or
# an operator checking atomicity) kill it mid-publish. Always 0 in production.
REBUILD_PUBLISH_PAUSE_SECONDS = env_int("REBUILD_PUBLISH_PAUSE_SECONDS", 0)

# --- The language model -----------------------------------------------------
# The SDK itself reads ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL from the
# environment, so a gateway or proxy needs no code change.

ANTHROPIC_MODEL = os.environ.get("ANTHROPIC_MODEL", "claude-sonnet-5-5")
ANTHROPIC_MAX_RETRIES = env_int("ANTHROPIC_MAX_RETRIES", 4)
ANTHROPIC_TIMEOUT_SECONDS = env_int("ANTHROPIC_TIMEOUT_SECONDS", 300)
ANTHROPIC_MAX_TOKENS = env_int("ANTHROPIC_MAX_TOKENS", 16000)
EXTRACTION_CONCURRENCY = env_int("EXTRACTION_CONCURRENCY", 4)

# --- Enrichment waves ---------------------------------------------------------

ENRICHMENT_WAVE_MAX_KEYS = env_int("ENRICHMENT_WAVE_MAX_KEYS", 700)
ENRICHMENT_WAVE_TOKEN_BUDGET = env_int("ENRICHMENT_WAVE_TOKEN_BUDGET", 2_000_000)
ENRICHMENT_CONCURRENCY = env_int("ENRICHMENT_CONCURRENCY", 8)
ENRICHMENT_LEASE_SECONDS = env_int("ENRICHMENT_LEASE_SECONDS", 3 * 3600)
# Cron expressions in UTC, one wave per fire.
ENRICHMENT_WAVE_SCHEDULES = env_list("ENRICHMENT_WAVE_SCHEDULES", ["20 23 * * *", "50 0 * * *"])

# --- django-q2 ----------------------------------------------------------------
# The slowest model call is bounded by ANTHROPIC_TIMEOUT_SECONDS x retries; a
# task's timeout sits above it and `retry` above the timeout, because django-q2
# redelivers a task still running after `retry` seconds.

Q_TASK_TIMEOUT = env_int("Q_TASK_TIMEOUT", 4 * 3600)
Q_CLUSTER = {
    "name": "gamelibrary",
    "workers": env_int("Q_WORKERS", 2),
    "timeout": Q_TASK_TIMEOUT,
    "retry": Q_TASK_TIMEOUT + 600,
    "max_attempts": 1,
    "catch_up": False,
    "orm": "default",
    "sync": env_bool("Q_SYNC", False),
}
REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    Q_CLUSTER.pop("orm")
    Q_CLUSTER["redis"] = REDIS_URL
