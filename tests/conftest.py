import os

import pytest
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from wagtail.models import Locale, Site

from home.models import HomePage

# Property tests (tests/*/test_fuzz*.py): a few hundred examples per public form by default
# (secondary properties a fraction of that, see tests/hostile.py); HYPOTHESIS_PROFILE=thorough
# runs ten times more, =quick a tenth (while writing tests).
_fuzz = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
hypothesis_settings.register_profile("default", max_examples=300, **_fuzz)
hypothesis_settings.register_profile("quick", max_examples=20, **_fuzz)
hypothesis_settings.register_profile("thorough", max_examples=3000, **_fuzz)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


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
