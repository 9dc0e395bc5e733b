import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories import NewsIndexPageFactory, NewsPageFactory
from home.models import NEWS_PER_PAGE, NewsPage
from tests.pages import QUERY_BUDGET, count_queries


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


def make_news(news_index, count, prefix="Nouvelle", **kwargs):
    pages = []
    for index in range(count):
        page = NewsPageFactory(
            parent=news_index,
            title=f"{prefix} {index}",
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=index),
            **kwargs,
        )
        pages.append(page)
    return pages


@pytest.mark.django_db
def test_news_index_lists_newest_first_with_images(client, news_index):
    make_news(news_index, 3)
    response = client.get("/actualites/")
    html = response.content.decode()
    assert html.index("Nouvelle 2") < html.index("Nouvelle 1") < html.index("Nouvelle 0")
    assert "3 nouvelles" in html
    assert "<picture>" in html and 'type="image/avif"' in html and 'loading="lazy"' in html


@pytest.mark.django_db
def test_news_index_hides_drafts(client, news_index):
    make_news(news_index, 1)
    draft = NewsPageFactory(parent=news_index, title="Brouillon secret", live=False)
    assert not draft.live
    assert "Brouillon secret" not in client.get("/actualites/").content.decode()


@pytest.mark.django_db
def test_news_index_filters_by_tag(client, news_index):
    tagged, other = make_news(news_index, 2)
    tagged.tags.add("étude")
    tagged.save_revision().publish()
    slug = tagged.tags.get().slug
    response = client.get("/actualites/", {"tag": slug})
    html = response.content.decode()
    assert tagged.title in html
    assert f">{other.title}<" not in html
    assert 'aria-current="true">étude</a>' in html


@pytest.mark.django_db
def test_news_index_paginates_and_survives_bad_page_numbers(client, news_index):
    make_news(news_index, NEWS_PER_PAGE + 2)
    first = client.get("/actualites/").content.decode()
    assert f"Nouvelle {NEWS_PER_PAGE + 1}" in first and "Nouvelle 0" not in first
    assert 'rel="next"' in first
    second = client.get("/actualites/", {"page": 2}).content.decode()
    assert "Nouvelle 0" in second and "Nouvelle 1<" in second
    for bad in ("abc", "999", "-1"):
        response = client.get("/actualites/", {"page": bad})
        assert response.status_code == 200
        assert "Nouvelle" in response.content.decode()


@pytest.mark.django_db
def test_news_index_query_count_does_not_grow_with_items(client, news_index):
    make_news(news_index, 1)
    client.get("/actualites/")  # warm caches (site root, content types)
    with CaptureQueriesContext(connection) as one:
        client.get("/actualites/")
    make_news(news_index, 49, prefix="Autre")
    client.get("/actualites/")  # renditions of the new images are made once, not per request
    with CaptureQueriesContext(connection) as many:
        response = client.get("/actualites/")
    html = response.content.decode()
    assert "50 nouvelles" in html and "Autre 48" in html and "Autre 39" in html
    assert len(many) == len(one) <= QUERY_BUDGET, [q["sql"] for q in many.captured_queries]
    assert count_queries(client, news_index.get_children().last().url) <= QUERY_BUDGET


@pytest.mark.django_db
def test_home_page_query_count_does_not_grow_with_news(client, news_index):
    make_news(news_index, 1)
    client.get("/")
    with CaptureQueriesContext(connection) as one:
        client.get("/")
    make_news(news_index, 49, prefix="Autre")
    client.get("/")
    with CaptureQueriesContext(connection) as many:
        html = client.get("/").content.decode()
    assert "Autre 48" in html and 'href="/actualites/"' in html
    assert len(many) == len(one) <= QUERY_BUDGET


@pytest.mark.django_db
def test_rss_feed_lists_news_with_links(client, news_index):
    pages = make_news(news_index, 2)
    pages[0].tags.add("colloque")
    pages[0].save_revision().publish()
    response = client.get("/actualites/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Actualités"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Nouvelle 1", "Nouvelle 0"]
    assert items[1].findtext("link").endswith("/actualites/nouvelle-0/")
    assert items[1].findtext("category") == "colloque"


@pytest.mark.django_db
def test_news_index_advertises_its_feed(client, news_index):
    html = client.get("/actualites/").content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/actualites/rss/"' in html


@pytest.mark.django_db
def test_news_page_shows_tags_and_related_pages(client, news_index, home_page):
    from home.models import NewsPageRelatedPage

    first, second = make_news(news_index, 2)
    second.tags.add("colloque")
    second.related_pages = [NewsPageRelatedPage(page=first)]
    second.save_revision().publish()
    html = client.get(second.url).content.decode()
    assert '<time datetime="2025-01-02">2 janvier 2025</time>' in html
    assert f'href="{first.url}">{first.title}</a>' in html
    assert 'href="/actualites/?tag=colloque"' in html


def test_pagination_offers_nearby_pages_only():
    from home.services import paginate

    page = paginate(list(range(300)), page_number=10, per_page=1)
    assert page.links == [1, None, 8, 9, 10, 11, 12, None, 300]
    assert paginate(list(range(3)), page_number=1, per_page=1).links == [1, 2, 3]


@pytest.mark.django_db
def test_an_english_news_item_links_to_the_english_related_pages(client, demo):
    english = [
        page
        for page in NewsPage.objects.live().filter(locale__language_code="en")
        if page.related_pages.exists()
    ]
    assert english, "the demo relates news items"
    for page in english:
        html = client.get(page.url).content.decode()
        related = html.split('id="related-title"', 1)[1].split("</aside>", 1)[0]
        links = [part.split('"', 1)[0] for part in related.split('href="')[1:]]
        assert links and all(link.startswith("/en/") for link in links), links
