"""What a request reads once (its site, restrictions, pages) never serves what changed.

Each public page's budget (``tests.pages.QUERY_BUDGET``, and the same count with 1 and 50
listed items) is asserted beside that page's other tests: news and the home page in
test_news, search in test_search, edition, programme and speakers in
colloque/test_programme, speakers across editions in colloque/test_speakers, partners in
colloque/test_partner_queries, communities in communities/test_queries, the candidature
page in host_applications/test_pages.
"""

import pytest
from wagtail.models import PageViewRestriction

from factories import StandardPageFactory
from home.models import StandardPage
from tests.pages import count_queries

pytestmark = pytest.mark.django_db


def test_a_page_made_private_is_refused_at_once(client, home_page):
    """The next visitor is sent to the login page."""
    child = StandardPageFactory(parent=home_page, title="Réservé", slug="reserve")
    count_queries(client, child.url)
    restriction = PageViewRestriction.objects.create(page=child, restriction_type="login")
    response = client.get(child.url)
    assert response.status_code == 302 and "next=/reserve/" in response["Location"]
    restriction.delete()
    assert "<h1>Réservé</h1>" in client.get(child.url).content.decode()


def test_a_private_section_leaves_the_menu_at_once(client, home_page):
    about = StandardPageFactory(parent=home_page, title="À propos", show_in_menus=True)
    StandardPageFactory(parent=home_page, title="Espace membres", show_in_menus=True)
    count_queries(client, about.url)
    members = StandardPage.objects.get(title="Espace membres")
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    assert ">Espace membres</a>" not in client.get(about.url).content.decode()


def test_the_site_is_found_again_when_it_changes(client, home_page, site):
    """A new root page is served at once."""
    count_queries(client, "/")
    new_root = StandardPageFactory(parent=home_page.get_parent(), title="Nouvelle racine")
    site.root_page = new_root
    site.save()
    assert "<h1>Nouvelle racine</h1>" in client.get("/").content.decode()


def test_an_unknown_host_is_refused_and_nothing_is_stored(client, page_cache, home_page, settings):
    from tests.pages import stored_pages

    settings.ALLOWED_HOSTS = ["testserver"]
    client.get("/")
    before = stored_pages(page_cache)
    assert len(before) == 1
    response = client.get("/", headers={"host": "attaquant.example"})
    assert response.status_code == 400 and "attaquant" not in response.content.decode()
    assert stored_pages(page_cache) == before


def test_a_published_change_is_served_at_once(client, home_page):
    child = StandardPageFactory(parent=home_page, title="Avant", slug="page")
    count_queries(client, child.url)
    child.title = "Après"
    child.save_revision().publish()
    assert "<h1>Après</h1>" in client.get(child.url).content.decode()
    child.unpublish()
    assert client.get("/page/").status_code == 404
