"""Test settings: django-q2 runs tasks in-process, passwords hash fast."""

from .settings import *  # noqa: F403
from .settings import CACHES, Q_CLUSTER, env_int

Q_CLUSTER = {**Q_CLUSTER, "sync": True}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests never collect static files; WhiteNoise serves them from the finders.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The facet cache is off unless FACET_CACHE_SECONDS asks for it (bench/listing.py, the cache's own tests): a test's
# library is rolled back with its version, so the next test could otherwise be served the previous one's counts.
# The page cache likewise (PAGE_CACHE_SECONDS); both in this process's memory.
CACHES = {
    **CACHES,
    "facets": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "facets",
        "TIMEOUT": env_int("FACET_CACHE_SECONDS", 0),
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "TIMEOUT": env_int("PAGE_CACHE_SECONDS", 0),
    },
}
