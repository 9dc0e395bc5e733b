import os
import shutil

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import storages
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from wagtail.models import Locale, Site

from home.models import HomePage
from host_applications.models import ApplicationFile
from tests.demo_database import copy_of, load_demo, process_demo, put_back

# Property tests (tests/*/test_fuzz*.py): two hundred examples per public form by default
# (secondary properties a fraction of that, see tests/hostile.py); HYPOTHESIS_PROFILE=thorough
# runs ten times more, =quick a tenth (while writing tests).
_fuzz = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
hypothesis_settings.register_profile("default", max_examples=200, **_fuzz)
hypothesis_settings.register_profile("quick", max_examples=20, **_fuzz)
hypothesis_settings.register_profile("thorough", max_examples=3000, **_fuzz)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    # Stored pages are tagged by row id, which the next test's database reuses.
    from django.core.cache import caches

    from caching.store import store

    def empty():
        for cache in caches.all():
            cache.clear()
        store().local.clear()
        shutil.rmtree(django_settings.CACHE_DIR / "cdn", ignore_errors=True)  # pages noted

    empty()
    yield
    empty()


@pytest.fixture(autouse=True)
def _french_by_default():
    # Tests that render outside a request must not inherit a language from a previous test.
    with translation.override("fr-ca"):
        yield


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, for a module's tests: each test rolls back its own changes, and the module
    leaves the database as it found it. Yields the media directory its files are in.

    A load takes seconds: on SQLite in memory (``make test``) the demo is loaded once per
    test process and copied in and out whole with SQLite's backup API, in milliseconds;
    elsewhere (PostgreSQL) each module loads it inside a transaction rolled back at its end.
    """
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            yield from _demo_copied_in(connection, tmp_path_factory)
        else:
            yield from _demo_loaded_and_rolled_back(tmp_path_factory)


def _demo_loaded_and_rolled_back(tmp_path_factory):
    from django.db import transaction

    media = tmp_path_factory.mktemp("demo-media")
    with transaction.atomic():
        load_demo(media)
        yield media
        transaction.set_rollback(True)


def _demo_copied_in(connection, tmp_path_factory):
    before = copy_of(connection)
    try:
        yield process_demo(connection, tmp_path_factory)
    finally:
        put_back(before, connection)


@pytest.fixture
def demo(demo_content, db, settings):
    """The demo site, for one test (its files where the demo put them)."""
    settings.MEDIA_ROOT = demo_content


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


PUBLIC_ADDRESS = "https://colloque.example.org"


@pytest.fixture
def public_address(settings, site):
    """SITE_URL set to a real public address, as settings derive it, and the default Site
    moved to it as `migrate` does (home.services.follow_site_url)."""
    from home.services import follow_site_url

    settings.SITE_URL = settings.WAGTAILADMIN_BASE_URL = PUBLIC_ADDRESS
    settings.WAGTAILAPI_BASE_URL = PUBLIC_ADDRESS
    follow_site_url()
    site.refresh_from_db()
    return PUBLIC_ADDRESS


@pytest.fixture
def home_page(site):
    return site.root_page.specific


@pytest.fixture
def english(db):
    return Locale.objects.get(language_code="en")


@pytest.fixture
def english_home(home_page, english):
    translated = home_page.copy_for_translation(english)
    translated.title = "Home"
    translated.save_revision().publish()
    return HomePage.objects.get(pk=translated.pk)


@pytest.fixture
def page_cache(settings, site):
    """Whole-page caching on (the test settings turn it off); the shared store's cache."""
    from django.core.cache import caches

    from home.models import SiteSettings

    # Made on the first visit otherwise, which (rightly) invalidates that visit's copy.
    SiteSettings.for_site(site)
    settings.PAGE_CACHE_SECONDS = 600
    return caches["pages"]


@pytest.fixture
def mail_server(settings):
    """The mail server, to take down and bring back (see tests/mail_server.py)."""
    from tests.mail_server import MailServer

    return MailServer(settings)


@pytest.fixture
def private_storage(settings, tmp_path, monkeypatch):
    """Candidature files in a folder of the test's own (the field keeps the storage it was
    given at import: it is pointed at the new one too)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    storages._storages.pop("private", None)
    storages._storages.pop("default", None)
    monkeypatch.setattr(ApplicationFile._meta.get_field("file"), "storage", storages["private"])
    yield storages["private"]
    storages._storages.pop("private", None)
    storages._storages.pop("default", None)
