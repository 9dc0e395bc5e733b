"""One version number for everything the public sees, and the caches built on it.

Cached fragments (menus, switcher, footer, breadcrumbs) and whole public pages are stored
under the current *content version*. Any change the public could see bumps it (see
``home.signals``), so a cached copy is never served once its content has changed: it is
simply never looked up again and ages out of the cache.

The version must be the same in every worker process, or one worker would keep serving
what another has just invalidated. With Redis (``CACHE_URL``) it lives there; without it,
it is the identity of a small file (``CONTENT_VERSION_FILE``), which every process on the
machine sees at the cost of one ``stat()``.

The version also names the code that renders (``code_release``): a release with a new
template or model never reads what the previous one kept, wherever the cache lives.

Some content changes by itself with time: a registration window opens, a session ends.
Services that show such content call ``changes_at(moment, ...)`` and the page is cached
no longer than the earliest of those moments.
"""

import contextlib
import contextvars
import functools
import hashlib
import importlib.util
import itertools
import os
import sys
import time
from pathlib import Path

import django
import wagtail
from django.apps import apps
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection, transaction
from django.utils import timezone

# Per request: the version read once, and the earliest moment the page changes by itself.
_request_state = contextvars.ContextVar("content_cache_request", default=None)
_counter = itertools.count()
# While versioned() computes a value: the moments it changes at by itself.
_captured = contextvars.ContextVar("versioned_changes", default=None)


class FileStamp:
    """A version shared by the processes of one machine: the file's inode and mtime."""

    def __init__(self, path):
        self.path = Path(path)

    def get(self):
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            self.bump()
            stat = os.stat(self.path)
        return f"{stat.st_ino:x}-{stat.st_mtime_ns:x}"

    def bump(self):
        # Write a new file and swap it in: the inode changes even if two bumps share a clock
        # tick, and readers never see a half-written file.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.{next(_counter)}")
        temporary.write_text(str(time.time_ns()))
        os.replace(temporary, self.path)


class CacheStamp:
    """A version kept in a shared cache (Redis), for sites served by several machines."""

    key = "content-version"

    def __init__(self, alias):
        self.alias = alias

    def get(self):
        return caches[self.alias].get_or_set(self.key, 1, timeout=None)

    def bump(self):
        cache = caches[self.alias]
        try:
            cache.incr(self.key)
        except ValueError:  # evicted: any value other than the old one invalidates
            cache.set(self.key, time.time_ns(), timeout=None)


def _stamp():
    if settings.CONTENT_VERSION_CACHE:
        return CacheStamp(settings.CONTENT_VERSION_CACHE)
    return FileStamp(settings.CONTENT_VERSION_FILE)


def _code_roots():
    """The project's own apps, settings, templates, translations and static sources."""
    base, installed = Path(settings.BASE_DIR).resolve(), Path(sys.prefix).resolve()
    roots = {Path(app.path).resolve() for app in apps.get_app_configs()}
    # Not the packages, even in a virtualenv inside the project: their versions say enough.
    roots = {r for r in roots if r.is_relative_to(base) and not r.is_relative_to(installed)}
    # The project package: its URLs and, beside them, its settings.
    # (found, not imported: this runs while the apps are still being readied)
    roots.add(Path(importlib.util.find_spec(settings.ROOT_URLCONF).origin).resolve().parent)
    for template in settings.TEMPLATES:
        roots.update(Path(directory) for directory in template.get("DIRS", []))
    roots.update(Path(path) for path in settings.LOCALE_PATHS)
    for entry in settings.STATICFILES_DIRS:  # a path, or (prefix, path)
        roots.add(Path(entry[1] if isinstance(entry, tuple | list) else entry))
    return sorted(roots)


@functools.cache
def code_release():
    """A short name for the code that renders: ``RELEASE`` (a commit, a build number) or a
    digest of the project's source files and of the Django and Wagtail versions.

    Fragments, pages and pickled rows outlive a deployment in Redis or the machine's cache
    files: kept under the same version, a new template would be served the old HTML, and a
    changed model its old rows. Reading some 200 files takes about 10 ms, once per process.
    """
    if settings.RELEASE:
        return settings.RELEASE
    digest = hashlib.blake2b(f"{django.__version__} {wagtail.__version__}".encode(), digest_size=6)
    for root in _code_roots():
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def content_version():
    state = _request_state.get()
    if state is None:
        return f"{code_release()}-{_stamp().get()}"
    if state.get("version") is None:
        state["version"] = f"{code_release()}-{_stamp().get()}"
    return state["version"]


def bump_content_version(**kwargs):
    """Invalidate every cached page and fragment (also usable as a signal receiver).

    Bumped at once, and again when the transaction commits: a request that read the new
    version before the commit may have rendered the old rows under it.
    """
    stamp = _stamp()
    stamp.bump()
    state = _request_state.get()
    if state is not None:
        state["version"] = None
    if connection.in_atomic_block:
        transaction.on_commit(stamp.bump, robust=True)


# Only lets old versions age out: a new version makes every entry unreachable at once.
VERSIONED_SECONDS = 3600


def versioned(name, compute):
    """``compute()``, kept under the content version: for what every visitor reads alike.

    ``name`` must identify everything the value depends on (site, language...); a value of
    None is not kept (a miss may be any text a visitor typed). A value that changes with
    the clock says so while it is computed (``changes_at``): it is kept no longer than
    that, and each request that uses it passes the moment on to the page cache.
    """
    key = f"versioned:{content_version()}:{name}"
    entry = cache.get(key)
    if entry is not None and entry[1] is not None and entry[1] <= timezone.now():
        entry = None  # its moment has come (the cache's timeout is whole seconds)
    if entry is None:
        with collected_changes() as moments:
            value = compute()
        until = min(moments) if moments else None
        if value is not None:
            timeout = VERSIONED_SECONDS
            if until is not None:
                timeout = min(timeout, max(1, int((until - timezone.now()).total_seconds())))
            cache.set(key, (value, until), timeout)
    else:
        value, until = entry
    if until is not None:
        changes_at(until)
    return value


@contextlib.contextmanager
def collected_changes():
    """The ``changes_at`` moments announced inside the block, as a list (they are not passed
    on: the caller announces what it keeps, when it uses it)."""
    moments = []
    token = _captured.set(moments)
    try:
        yield moments
    finally:
        _captured.reset(token)


def changes_at(*moments):
    """What is being shown changes by itself at the earliest of these future moments."""
    now = timezone.now()
    upcoming = [moment for moment in moments if moment is not None and moment > now]
    if not upcoming:
        return
    earliest = min(upcoming)
    captured = _captured.get()
    if captured is not None:  # a value being kept (versioned) changes then
        captured.append(earliest)
    state = _request_state.get()
    if state is not None and (state["expires"] is None or earliest < state["expires"]):
        state["expires"] = earliest


class request_scope:
    """Gives one request its own version memo and expiry (a context manager)."""

    def __enter__(self):
        self.state = {"version": None, "expires": None}
        self.token = _request_state.set(self.state)
        return self.state

    def __exit__(self, *exc):
        _request_state.reset(self.token)
