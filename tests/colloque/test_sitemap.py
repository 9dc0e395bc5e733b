"""The sitemap lists an edition's sub-pages and programme items, each address with the same
page in the other language as an xhtml:link alternate (hreflang)."""

import xml.etree.ElementTree as ET

import pytest

from colloque.models import EditionPage
from factories.colloque import ProgrammeItemFactory
from tests.pages import count_queries

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client):
    tree = ET.fromstring(client.get("/sitemap.xml").content)
    return {
        url.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in tree.findall("s:url", NS)
    }


def test_sub_pages_and_items_are_listed_with_their_translations(client, demo):
    urls = sitemap(client)
    french = EditionPage.objects.get(year=2024, locale__language_code="fr-ca")
    english = EditionPage.objects.get(year=2024, locale__language_code="en")
    base, english_base = f"http://testserver{french.url}", f"http://testserver{english.url}"
    assert urls[base] == {"fr-ca": base, "en": english_base}  # a page and its translation
    assert urls[base + "programme/"] == {
        "fr-ca": base + "programme/",
        "en": english_base + "programme/",
    }
    assert urls[english_base + "speakers/"]["fr-ca"] == base + "intervenants/"
    item, twin = french.get_programme().first(), english.specific.get_programme().first()
    assert urls[f"http://testserver{item.get_url()}"] == {
        "fr-ca": f"http://testserver{item.get_url()}",
        "en": f"http://testserver{twin.get_url()}",
    }
    assert (
        len([u for u in urls if "/programme/" in u and u.count("/") > 6])
        >= 2 * french.programme_items.count()
    )


def test_the_sitemap_reads_the_same_queries_whatever_the_programmes(client, demo):
    """Each edition's programme is read with the others' in one query: more items, and an
    edition more, cost no query."""
    before = count_queries(client, "/sitemap.xml")
    edition = EditionPage.objects.get(year=2024, locale__language_code="fr-ca")
    for n in range(5):
        ProgrammeItemFactory(edition=edition, title=f"Ajout {n}")
    assert count_queries(client, "/sitemap.xml") == before
    assert "/colloque/2024/programme/ajout-4/" in client.get("/sitemap.xml").content.decode()
