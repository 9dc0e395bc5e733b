"""Shared fragments (menu, switcher, footer) are cached but never stale."""

import pytest

from tests.factories import StandardPageFactory


@pytest.mark.django_db
def test_menu_shows_a_new_page_at_once(client, home_page):
    about = StandardPageFactory(parent=home_page, title="À propos", show_in_menus=True)
    client.get(about.url)
    client.get(about.url)  # header, footer and breadcrumbs now come from the cache
    StandardPageFactory(parent=home_page, title="Nouvelle rubrique", show_in_menus=True)
    assert client.get(about.url).content.decode().count(">Nouvelle rubrique</a>") == 2


@pytest.mark.django_db
def test_renamed_page_is_renamed_in_the_menu(client, home_page):
    about = StandardPageFactory(parent=home_page, title="À propos", show_in_menus=True)
    client.get(about.url)
    client.get(about.url)
    about.title = "Qui sommes-nous"
    about.save_revision().publish()
    html = client.get(about.url).content.decode()
    assert ">Qui sommes-nous</a>" in html and ">À propos</a>" not in html


@pytest.mark.django_db
def test_unpublished_page_leaves_the_menu(client, home_page):
    about = StandardPageFactory(parent=home_page, title="À propos", show_in_menus=True)
    gone = StandardPageFactory(parent=home_page, title="Ancienne rubrique", show_in_menus=True)
    client.get(about.url)
    client.get(about.url)
    gone.unpublish()
    assert "Ancienne rubrique" not in client.get(about.url).content.decode()


@pytest.mark.django_db
def test_site_settings_change_reaches_the_footer(client, home_page, site):
    from home.models import SiteSettings

    client.get("/")
    client.get("/")
    settings = SiteSettings.for_site(site)
    settings.contact_email = "nouveau@example.org"
    settings.save()
    assert "nouveau@example.org" in client.get("/").content.decode()


def test_the_content_version_names_the_code(settings, tmp_path):
    """Kept fragments and pages outlive a deployment (Redis, the machine's cache files): a
    release with another template must not read them."""
    from home import cache

    roots = cache._code_roots()
    assert settings.BASE_DIR / "templates" in roots
    assert settings.BASE_DIR / "home" in roots
    assert not any(".venv" in root.parts or "site-packages" in root.parts for root in roots)

    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    template = tmp_path / "page.html"
    template.write_text("<p>avant</p>")
    cache.code_release.cache_clear()
    try:
        before = cache.content_version()
        assert before.startswith(cache.code_release() + "-")
        template.write_text("<p>après</p>")
        cache.code_release.cache_clear()
        assert cache.content_version() != before

        settings.RELEASE = "2026.12.1"
        cache.code_release.cache_clear()
        assert cache.content_version().startswith("2026.12.1-")
    finally:
        cache.code_release.cache_clear()
