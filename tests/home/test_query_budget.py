"""The query budget's caches never serve what changed.

Each public page's budget (``tests.pages.QUERY_BUDGET``, and the same count with 1 and 50
listed items) is asserted beside that page's other tests: news and the home page in
test_news, search in test_search, edition, programme and speakers in
colloque/test_programme, partners in colloque/test_partner_queries, communities in
communities/test_queries, the candidature page in host_applications/test_pages.
"""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import StandardPageFactory
from tests.pages import count_queries

pytestmark = pytest.mark.django_db


def test_a_page_made_private_is_refused_at_once(client, home_page):
    """Routed pages are cached, view restrictions never are."""
    child = StandardPageFactory(parent=home_page, title="Réservé", slug="reserve")
    count_queries(client, child.url)
    PageViewRestriction.objects.create(page=child, restriction_type="login")
    assert client.get(child.url).status_code == 302


def test_a_published_change_is_served_at_once(client, home_page):
    child = StandardPageFactory(parent=home_page, title="Avant", slug="page")
    count_queries(client, child.url)
    child.title = "Après"
    child.save_revision().publish()
    assert "<h1>Après</h1>" in client.get(child.url).content.decode()
    child.unpublish()
    assert client.get("/page/").status_code == 404
