"""The menu, switcher and footer every page shows are never stale in stored pages."""

import pytest

from factories import StandardPageFactory


@pytest.mark.django_db
def test_menu_shows_a_new_page_at_once(client, page_cache, home_page):
    about = StandardPageFactory(parent=home_page, title="À propos", show_in_menus=True)
    client.get(about.url)
    client.get(about.url)  # now stored
    StandardPageFactory(parent=home_page, title="Nouvelle rubrique", show_in_menus=True)
    # The header's two menus (the phone's disclosure, the wide screen's bar) and the footer.
    assert client.get(about.url).content.decode().count(">Nouvelle rubrique</a>") == 3


@pytest.mark.django_db
def test_renamed_page_is_renamed_in_the_menu(client, page_cache, home_page):
    about = StandardPageFactory(parent=home_page, title="À propos", show_in_menus=True)
    client.get(about.url)
    client.get(about.url)
    about.title = "Qui sommes-nous"
    about.save_revision().publish()
    html = client.get(about.url).content.decode()
    assert ">Qui sommes-nous</a>" in html and ">À propos</a>" not in html


@pytest.mark.django_db
def test_unpublished_page_leaves_the_menu(client, page_cache, home_page):
    about = StandardPageFactory(parent=home_page, title="À propos", show_in_menus=True)
    gone = StandardPageFactory(parent=home_page, title="Ancienne rubrique", show_in_menus=True)
    client.get(about.url)
    client.get(about.url)
    gone.unpublish()
    assert "Ancienne rubrique" not in client.get(about.url).content.decode()


@pytest.mark.django_db
def test_site_settings_change_reaches_the_footer(client, page_cache, home_page, site):
    from home.models import SiteSettings

    client.get("/")
    client.get("/")
    settings = SiteSettings.for_site(site)
    settings.contact_email = "nouveau@example.org"
    settings.save()
    assert "nouveau@example.org" in client.get("/").content.decode()


def test_stored_pages_are_keyed_by_the_code(settings, tmp_path):
    """Stored pages outlive a deployment (Redis, the machine's cache files): a release with
    another template must not read them."""
    from caching.middleware import code_release

    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    template = tmp_path / "page.html"
    template.write_text("<p>avant</p>")
    code_release.cache_clear()
    try:
        before = code_release()
        template.write_text("<p>après</p>")
        code_release.cache_clear()
        assert code_release() != before
        settings.RELEASE = "2026.12.1"
        code_release.cache_clear()
        assert code_release() == "2026.12.1"
    finally:
        code_release.cache_clear()
