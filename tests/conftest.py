import pytest
from django.utils import translation
from wagtail.models import Locale, Site

from home.models import HomePage


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached fragments are keyed by page id, which the next test's database reuses.
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _french_by_default():
    # Tests that render outside a request must not inherit a language from a previous test.
    with translation.override("fr-ca"):
        yield


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


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
    """Whole-page caching on (the test settings turn it off)."""
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
