"""Whole public pages served from a cache, never stale and never personal.

A page is stored under the content version (``home.cache``), so any change the public could
see makes every stored copy unreachable at once. What is never stored or shared:

- anything for a visitor with a session (signed-in editors, previews, anyone a form or a
  password-protected page has just given a session) or a pending message;
- responses that use the CSRF token (every page with a POST form) or set a cookie: Django
  marks those with ``Vary: Cookie``;
- responses marked private or not to be stored (private links, personal calendars);
- the admin, the API, documents, and anything but a 200 answer to a GET.

Sits after ``LocaleMiddleware``: the key holds the active language, so a path outside the
language prefixes that follows the visitor's language is stored once per language.

The same rules tell a CDN (or any shared cache in front) what it may keep: a page this cache
would store says ``Cache-Control: public, s-maxage=…`` when ``CDN_MAX_AGE`` is set (never
longer than the page's own expiry), and every other response says ``private`` unless it
already says how it may be cached. The CDN is purged when the content version moves
(``home.frontend_cache``); ``CDN_MAX_AGE`` bounds what a purge cannot reach.
"""

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import has_vary_header, patch_cache_control
from django.utils.translation import get_language

from .cache import content_version, request_scope

HEADER = "X-Page-Cache"
_NOT_SHARED = {"private", "no-store", "no-cache"}
_DIRECTIVES = re.compile(r"\s*,\s*")


def _shareable_request(request):
    """The same answer for everyone: a GET without a session, outside the admin and the API."""
    if request.method != "GET":
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return not request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PATHS))


def _shareable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        # The session middleware, further out, will set a cookie. (Reading the empty session
        # of a visitor without one, as every page's messages do, changes nothing.)
        return False
    if has_vary_header(response, "Cookie"):
        return False
    directives = {
        part.split("=", 1)[0].strip().lower()
        for part in _DIRECTIVES.split(response.get("Cache-Control", ""))
    }
    return not directives & _NOT_SHARED


def _mark(response, *, shared, seconds=0):
    """Tell shared caches in front of us (a CDN) whether they may keep this response."""
    if not shared:
        patch_cache_control(response, private=True)
    elif settings.CDN_MAX_AGE > 0 and seconds > 0:
        # Browsers revalidate (max-age=0); the CDN keeps it no longer than we would.
        patch_cache_control(
            response, public=True, max_age=0, s_maxage=min(settings.CDN_MAX_AGE, seconds)
        )
    return response


def _key(request, version):
    raw = "\n".join((str(version), request.get_host(), get_language(), request.get_full_path()))
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches[settings.PAGE_CACHE_ALIAS]

    def __call__(self, request):
        with request_scope() as state:
            if not _shareable_request(request):
                return _mark(self.get_response(request), shared=False)
            caching = settings.PAGE_CACHE_SECONDS > 0
            key = _key(request, content_version()) if caching else None
            stored = self.cache.get(key) if caching else None
            if stored is not None:
                content, headers, *rest = stored  # entries of older releases have no expiry
                expires = rest[0] if rest else None
                response = HttpResponse(content, headers=headers)
                response[HEADER] = "hit"
                left = settings.CDN_MAX_AGE if expires is None else int(expires - time.time())
                return _mark(response, shared=True, seconds=left)
            response = self.get_response(request)
            if not _shareable_response(request, response):
                return _mark(response, shared=False)
            expires = state["expires"]
            left = None if expires is None else int((expires - timezone.now()).total_seconds())
            timeout = (
                settings.PAGE_CACHE_SECONDS
                if left is None
                else min(left, settings.PAGE_CACHE_SECONDS)
            )
            if caching and timeout > 0:
                # Stored before marking: a hit works out how long the CDN may keep it.
                until = expires.timestamp() if expires is not None else None
                self.cache.set(key, (response.content, list(response.items()), until), timeout)
                response[HEADER] = "miss"
            return _mark(
                response, shared=True, seconds=settings.CDN_MAX_AGE if left is None else left
            )
