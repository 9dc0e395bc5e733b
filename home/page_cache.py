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
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import has_vary_header
from django.utils.translation import get_language

from .cache import content_version, request_scope

HEADER = "X-Page-Cache"
_NOT_SHARED = {"private", "no-store", "no-cache"}
_DIRECTIVES = re.compile(r"\s*,\s*")


def _cacheable_request(request):
    if request.method != "GET" or settings.PAGE_CACHE_SECONDS <= 0:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return not request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PATHS))


def _cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if has_vary_header(response, "Cookie"):
        return False
    directives = {
        part.split("=", 1)[0].strip().lower()
        for part in _DIRECTIVES.split(response.get("Cache-Control", ""))
    }
    return not directives & _NOT_SHARED


def _key(request, version):
    raw = "\n".join((str(version), request.get_host(), get_language(), request.get_full_path()))
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches[settings.PAGE_CACHE_ALIAS]

    def __call__(self, request):
        with request_scope() as state:
            if not _cacheable_request(request):
                return self.get_response(request)
            key = _key(request, content_version())
            stored = self.cache.get(key)
            if stored is not None:
                content, headers = stored
                response = HttpResponse(content, headers=headers)
                response[HEADER] = "hit"
                return response
            response = self.get_response(request)
            timeout = settings.PAGE_CACHE_SECONDS
            if state["expires"] is not None:
                timeout = min(timeout, int((state["expires"] - timezone.now()).total_seconds()))
            if timeout > 0 and _cacheable_response(response):
                self.cache.set(key, (response.content, list(response.items())), timeout)
                response[HEADER] = "miss"
            return response
