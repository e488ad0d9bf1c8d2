"""Whole public pages kept in the ``pages`` cache per library version and language, with an ETag.

A page of the library depends only on its address (path, query, the language prefix), the language and the
published library; ``library_version()`` changes in the transaction of every write to it, so a publish serves
fresh pages at once in every worker, and a browser holding the page's ETag is answered 304 without rendering.

Only what is the same for every visitor is kept: a request carrying a session or messages cookie (staff, a
curator who signed in, anyone with a pending message) is rendered for itself and not stored, and so is any
answer that sets a cookie, used a CSRF token, says it is private, or is not a 200.
"""

import functools
import hashlib

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control

from activities.library_version import library_version

CACHE_ALIAS = "pages"
# Tells a client (and bench/load.py) whether the page came from the cache: "hit", "miss" or "bypass".
STATUS_HEADER = "X-Page-Cache"
UNSHARED_CACHE_CONTROL = ("private", "no-store", "no-cache")


def page_key(request) -> str:
    """The page's cache key: the library version, the active language and the whole address asked for (scheme and
    host included: the API writes absolute links)."""
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"page:{library_version()}:{translation.get_language()}:{address}"


def page_etag(key: str) -> str:
    """The page's ETag: its key and the release (the caches add the release to their keys themselves), so a
    browser holding a page of the previous code is sent the new one."""
    return f'"{hashlib.sha256(f"{settings.RELEASE}:{key}".encode()).hexdigest()[:32]}"'


def shared_request(request) -> bool:
    """Whether the request is one any visitor could send: a GET with no session and no pending messages."""
    if request.method != "GET":
        return False
    return not {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name}.intersection(request.COOKIES)


def shared_response(request, response) -> bool:
    """Whether the answer is the same for every visitor, so it may be stored."""
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "cookie" not in response.get("Vary", "").lower()
        and not any(word in cache_control for word in UNSHARED_CACHE_CONTROL)
    )


def cached_library_page(view):
    """Serve ``view``'s page from the ``pages`` cache when a visitor asked for the same address in the same
    library version and language; answer 304 to a client that already holds it."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        cache = caches[CACHE_ALIAS]
        if cache.default_timeout == 0 or not shared_request(request):
            response = view(request, *args, **kwargs)
            response[STATUS_HEADER] = "bypass"
            return response
        key = page_key(request)
        etag = page_etag(key)
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            not_modified["ETag"] = etag
            return not_modified
        response = cache.get(key)
        if response is not None:
            response[STATUS_HEADER] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if not shared_response(request, response):
            response[STATUS_HEADER] = "bypass"
            return response
        response["ETag"] = etag
        # Browsers ask again each time (the library may have changed) and get 304 while it has not.
        patch_cache_control(response, no_cache=True)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        cache.set(key, response)
        response[STATUS_HEADER] = "miss"
        return response

    return wrapper
