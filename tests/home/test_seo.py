import xml.etree.ElementTree as ET

import pytest

from factories import ImageFactory, StandardPageFactory

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.mark.django_db
def test_sitemap_lists_both_languages(client, home_page, english_home):
    page = StandardPageFactory(parent=home_page, title="À propos", slug="a-propos")
    english = page.copy_for_translation(english_home.locale)
    english.slug = "about"
    english.save_revision().publish()
    StandardPageFactory(parent=home_page, title="Brouillon", slug="brouillon", live=False)

    response = client.get("/sitemap.xml")
    locations = {
        loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", SITEMAP_NS)
    }
    assert locations == {
        "http://testserver/",
        "http://testserver/a-propos/",
        "http://testserver/en/",
        "http://testserver/en/about/",
    }


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap(client, home_page):
    response = client.get("/robots.txt")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


@pytest.mark.django_db
def test_page_seo_title_description_and_open_graph(client, home_page):
    page = StandardPageFactory(
        parent=home_page,
        title="À propos",
        seo_title="Qui sommes-nous",
        search_description="L'organisme derrière le colloque.",
        og_image=ImageFactory(file__width=1600, file__height=900),
    )
    html = client.get(page.url).content.decode()
    head = html.split("</head>")[0]
    assert "<title>Qui sommes-nous · Expressives</title>" in head
    assert '<meta name="description" content="L&#x27;organisme derrière le colloque.">' in head
    assert '<meta property="og:title" content="Qui sommes-nous">' in head
    assert '<meta property="og:image" content="http://testserver/' in head
    assert '<meta property="og:image:width" content="1200">' in head
    assert f'<link rel="canonical" href="http://testserver{page.url}">' in head
