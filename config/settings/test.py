"""Test settings: fast hashing, in-memory mail, in-process tasks."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "tests-only-secret-key-not-for-production-use-0123456789"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    "renditions": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
# Off unless a test turns it on (the `page_cache` fixture). TEST_PAGE_CACHE_SECONDS=600 runs
# the whole suite with it on: a test that then fails has found a stale page.
PAGE_CACHE_SECONDS = int(os.environ.get("TEST_PAGE_CACHE_SECONDS", "0"))
# One directory per test process: test runs side by side (pytest-xdist) must not invalidate
# each other's pages, nor count each other's files.
TEST_PROCESS_DIR = Path(tempfile.gettempdir()) / f"expressives-tests-{os.getpid()}"
CACHE_DIR = TEST_PROCESS_DIR / "cache"
STORAGES["private"] = {  # noqa: F405
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": TEST_PROCESS_DIR / "private", "base_url": None},
}
MEDIA_ROOT = TEST_PROCESS_DIR / "media"
STORAGES["default"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}  # noqa: F405
# The test client's address: the default Site follows it at migrate (home.services).
SITE_URL = WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "http://testserver"
# Smaller demo pictures: a demo load makes hundreds of renditions, AVIF ones slowly.
DEMO_IMAGE_SIZE = (640, 360)
# Threads racing on SQLite (-m concurrency) need a database file: in memory, SQLite shares one
# cache between the threads' connections, which is not how the site runs.
if os.environ.get("TEST_DATABASE_FILE") and DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_FILE"]}  # noqa: F405
ALLOWED_HOSTS = ["*"]
# No network in tests: no embed finder, so a video's player is never fetched from a provider
# (the video block then links to the address; a test that needs a player patches get_embed).
WAGTAILEMBEDS_FINDERS = []
