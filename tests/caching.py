"""A cache that keeps what is put in it, for the tests of a cache (the test settings give each a timeout of 0)."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import caches

LOCAL_MEMORY = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "TIMEOUT": 3600}


@contextmanager
def local_memory_cache(settings, alias: str) -> Iterator[None]:
    """Within the block the cache ``alias`` keeps entries in memory; it starts and ends empty."""
    settings.CACHES = {**settings.CACHES, alias: LOCAL_MEMORY}
    caches[alias].clear()
    yield
    caches[alias].clear()
