"""A visitor's first visit, in a real browser, with an accessibility audit on every page."""

import re

import pytest
from django.core.management import call_command

# One transactional test per module: the flush after it would wipe the data migrations made
# (site, locales, groups), and pytest-django runs transactional tests after all the others.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(transactional_db, live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server.url


def test_visitor_reads_news_searches_and_switches_to_english(
    demo_site, chromium, browser_page, assert_accessible
):
    page = browser_page
    page.goto(demo_site + "/")
    assert page.locator("html").get_attribute("lang") == "fr-ca"
    assert page.get_by_role("link", name="Aller au contenu").count() == 1
    assert_accessible(page)

    # The home page announces the next edition with its status, from content.
    assert "En recherche d'un milieu hôte" in page.locator(".featured .status").inner_text()

    # Follow the news from the main menu, then open one item.
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Actualités"
    ).click()
    page.wait_for_url(re.compile(r"/actualites/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Actualités"
    assert_accessible(page)

    first_item = page.locator(".card__title a").first
    title = first_item.inner_text()
    first_item.click()
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert_accessible(page)

    # Search from the header form.
    page.get_by_role("searchbox", name="Rechercher dans le site").fill("colloque")
    page.get_by_role("button", name="Rechercher").first.click()
    page.wait_for_url(re.compile(r"/recherche/\?q=colloque"))
    assert re.search(r"\d+ résultats? pour", page.locator("#results-title").inner_text())
    assert page.locator(".search-results li").count() > 0
    assert_accessible(page)

    # An empty search explains what to do, in French, without losing the page.
    page.get_by_role("searchbox", name="Mots à rechercher").fill("")
    page.locator(".search-form button").click()
    assert page.get_by_text("Tapez un ou plusieurs mots à rechercher.").is_visible()
    assert_accessible(page)

    # Back home, then to English through the language switcher.
    page.goto(demo_site + "/")
    page.get_by_role("navigation", name="Langues").get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/en/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Skip to content").count() == 1
    assert_accessible(page)

    page.get_by_role("navigation", name="Main menu").get_by_role("link").first.click()
    assert "/en/" in page.url
    assert_accessible(page)

    # Reading and filtering work without JavaScript.
    context = chromium.new_context(java_script_enabled=False, locale="fr-CA")
    page = context.new_page()
    page.goto(demo_site + "/actualites/")
    tags = page.locator(".tag-filter a")
    assert tags.count() > 1
    tag_name = tags.nth(1).inner_text()
    tags.nth(1).click()
    assert page.locator(".tag-filter [aria-current]").inner_text() == tag_name
    page.goto(demo_site + "/recherche/?q=colloque")
    assert page.locator(".search-results li").count() > 0
    context.close()
