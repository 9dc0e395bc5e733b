"""The partners page and an edition page do not pay per partner."""

import pytest

from factories.colloque import EditionPageFactory, PartnerFactory, list_partner
from factories.home import ImageFactory
from tests.pages import QUERY_BUDGET, count_queries

pytestmark = pytest.mark.django_db

TIERS = ["Partenaire présentateur", "Partenaire majeur", "Collaborateur", "Partenaire média"]


def add_partners(edition, count, *, start=0):
    for n in range(start, start + count):
        partner = PartnerFactory(
            name=f"Partenaire numéro {n}", logo=ImageFactory(), logo_alt=f"Logo {n}"
        )
        list_partner(edition, partner, TIERS[n % len(TIERS)], publish=False)
    edition.save_revision().publish()


def test_edition_page_queries_do_not_grow_with_partners(client, published_edition):
    add_partners(published_edition, 1)
    one = count_queries(client, published_edition.url)
    add_partners(published_edition, 49, start=1)
    many = count_queries(client, published_edition.url)
    html = client.get(published_edition.url).content.decode()
    assert html.count('class="partner-logo"') == 50
    assert many == one <= QUERY_BUDGET


def test_partners_page_queries_do_not_grow_with_partners_or_editions(
    client, series, published_edition, partners_page
):
    add_partners(published_edition, 1)
    one = count_queries(client, partners_page.url)
    add_partners(published_edition, 49, start=1)
    for year in (2019, 2021, 2022):
        add_partners(EditionPageFactory(parent=series, year=year), 3, start=year)
    many = count_queries(client, partners_page.url)
    html = client.get(partners_page.url).content.decode()
    assert html.count('class="partner-card"') == 50
    assert html.count('class="partner-logo"') == 9  # the past editions'
    assert many == one <= QUERY_BUDGET


def test_past_editions_are_shown_five_to_a_page(client, series, published_edition, partners_page):
    import re

    add_partners(published_edition, 1)
    for year in range(2010, 2017):  # seven past editions
        add_partners(EditionPageFactory(parent=series, year=year, title=f"Colloque {year}"), 1)

    def past_years(html):  # in the order shown
        return [int(year) for year in re.findall(r">Colloque (\d{4})</a></h3>", html)]

    first = client.get(partners_page.url).content.decode()
    assert past_years(first) == [2016, 2015, 2014, 2013, 2012]
    assert 'href="?page=2" rel="next"' in first
    second = client.get(partners_page.url, {"page": 2}).content.decode()
    assert past_years(second) == [2011, 2010]
    assert 'class="partner-card"' in second  # the current edition stays on every page
    last = client.get(partners_page.url, {"page": 99}).content.decode()
    assert past_years(last) == [2011, 2010]  # a number past the end gives the last page
