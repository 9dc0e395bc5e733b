"""Visitors in a real browser, with an accessibility audit on every page they see."""

import re

import pytest
from django.core.management import call_command
from icalendar import Calendar

# One transactional test for the whole browser suite: the flush after it wipes the data that
# migrations made (site, locales, groups); pytest-django runs transactional tests last.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(transactional_db, live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server.url


def test_visitor_journeys(demo_site, chromium, browser_page, assert_accessible):
    visitor_journey(demo_site, chromium, browser_page, assert_accessible)
    colloque_journey(demo_site, browser_page, assert_accessible)


def visitor_journey(demo_site, chromium, browser_page, assert_accessible):
    page = browser_page
    page.goto(demo_site + "/")
    assert page.locator("html").get_attribute("lang") == "fr-ca"
    assert page.get_by_role("link", name="Aller au contenu").count() == 1
    assert_accessible(page)

    # The home page announces the next edition with its status, from content.
    assert "Recherche d’un milieu hôte" in page.locator(".featured .status").inner_text()

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


def colloque_journey(demo_site, page, assert_accessible):
    """Open the 2024 edition, filter its programme to workshops, download the calendar."""
    page.goto(demo_site + "/colloque/")
    page.get_by_role("link", name="Colloque 2024").click()
    page.wait_for_url(re.compile(r"/colloque/2024/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Colloque 2024"
    assert "Terminée" in page.locator(".page__header .status").inner_text()
    assert_accessible(page)

    page.get_by_role("navigation", name="Cette édition").get_by_role(
        "link", name="Programmation", exact=True
    ).click()
    page.wait_for_url(re.compile(r"/colloque/2024/programme/$"))
    assert_accessible(page)
    all_items = page.locator(".programme-item").count()

    page.get_by_role("link", name="Atelier", exact=True).click()
    page.wait_for_url(re.compile(r"\?kind=workshop$"))
    workshops = page.locator(".programme-item")
    assert 0 < workshops.count() < all_items
    for index in range(workshops.count()):
        assert "Atelier" in workshops.nth(index).locator(".programme-item__meta").inner_text()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ajouter toute la programmation à votre agenda (ICS)").click()
    download = download_info.value
    assert download.suggested_filename == "programme-2024.ics"
    calendar = Calendar.from_ical(open(download.path(), "rb").read())  # noqa: SIM115
    assert len(calendar.walk("VEVENT")) == all_items

    page.get_by_role("link", name="Intervenants").first.click()
    page.wait_for_url(re.compile(r"/colloque/2024/intervenants/$"))
    assert page.get_by_role("heading", name="Équipe d'ACLAM").count() == 1
    assert_accessible(page)
