"""Whole public pages served from the store, never stale and never personal.

Nothing is stored or shared for a visitor with a session (editors, previews, anyone a form
has just given one) or a pending message; nor a response that uses the CSRF token or sets a
cookie (Django then says ``Vary: Cookie``), one marked private or not to be stored, the
admin, the API, documents, or anything but a 200 answer to a GET.

Sits after ``LocaleMiddleware``: the key holds the active language. The same rules tell a
CDN what it may keep: ``Cache-Control: public, s-maxage=…`` when ``CDN_MAX_AGE`` is set
(never longer than the page itself), ``private`` for every other response.
"""

import functools
import hashlib
import importlib.util
import re
import sys
import time
from pathlib import Path

import django
import wagtail
from django.apps import apps
from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import has_vary_header, patch_cache_control
from django.utils.translation import get_language
from wagtail.models import Site

from . import Scope, _scope, cdn, tag
from .store import Entry, store

HEADER = "X-Page-Cache"
_NOT_SHARED = {"private", "no-store", "no-cache"}


@functools.cache
def code_release():
    """``RELEASE``, or a digest of the project's sources, templates, translations and of
    the Django and Wagtail versions: a deployment never serves what the previous code
    stored (in Redis or the machine's files). About 10 ms, once per process."""
    if settings.RELEASE:
        return settings.RELEASE
    base, installed = Path(settings.BASE_DIR).resolve(), Path(sys.prefix).resolve()
    roots = {Path(app.path).resolve() for app in apps.get_app_configs()}
    roots = {r for r in roots if r.is_relative_to(base) and not r.is_relative_to(installed)}
    roots.add(Path(importlib.util.find_spec(settings.ROOT_URLCONF).origin).resolve().parent)
    roots.update(Path(d) for template in settings.TEMPLATES for d in template.get("DIRS", []))
    roots.update(Path(path) for path in [*settings.LOCALE_PATHS, *settings.STATICFILES_DIRS])
    digest = hashlib.blake2b(f"{django.__version__} {wagtail.__version__}".encode(), digest_size=6)
    for root in sorted(roots):
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return digest.hexdigest()


def _shareable_request(request):
    if request.method != "GET":
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    return not request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PATHS))


def _shareable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:  # the session middleware will set a cookie
        return False
    directives = re.split(r"\s*,\s*", response.get("Cache-Control", "").lower())
    return (
        not has_vary_header(response, "Cookie")
        and not {part.split("=", 1)[0] for part in directives} & _NOT_SHARED
    )


def _mark(response, *, shared, seconds=0):
    if not shared:
        patch_cache_control(response, private=True)
    elif settings.CDN_MAX_AGE > 0 and seconds > 0:  # browsers revalidate, the CDN keeps it
        patch_cache_control(
            response, public=True, max_age=0, s_maxage=min(settings.CDN_MAX_AGE, seconds)
        )
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _shareable_request(request):
            return _mark(self.get_response(request), shared=False)
        caching = settings.PAGE_CACHE_SECONDS > 0
        raw = (code_release(), request.get_host(), get_language(), request.get_full_path())
        key = "page:" + hashlib.sha256("\n".join(raw).encode()).hexdigest()
        if caching and (entry := store().get(key)) is not None:
            response = HttpResponse(entry.content, headers=entry.headers)
            response[HEADER] = "hit"
            return _mark(response, shared=True, seconds=int(entry.until - time.time()))
        scope = Scope(store().stamps.now() if caching or settings.WAGTAILFRONTENDCACHE else None)
        token = _scope.set(scope)
        try:
            tag(Site)  # the menus, footer and settings every page shows
            response = self.get_response(request)
        finally:
            _scope.reset(token)
        if not _shareable_response(request, response):
            return _mark(response, shared=False)
        until = time.time() + (settings.PAGE_CACHE_SECONDS if caching else settings.CDN_MAX_AGE)
        if scope.until is not None:
            until = min(until, scope.until.timestamp())
        if caching and until > time.time() + 1:
            tags = tuple(scope.tags)
            entry = Entry(response.content, list(response.items()), scope.start, tags, until)
            store().set(key, entry, int(until - time.time()))
            response[HEADER] = "miss"
        shared = not settings.WAGTAILFRONTENDCACHE or cdn.record(
            request.build_absolute_uri(), scope.tags, scope.start
        )
        return _mark(response, shared=shared, seconds=int(until - time.time()))
