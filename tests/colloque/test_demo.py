import datetime
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import Locale

from colloque.models import EditionPage, EditionStatus, Venue
from factories.colloque import ProgrammeItemFactory
from home.demo_utils import demo_dates
from home.models import HomePage
from tests.pages import count_queries

# The demo's upcoming edition follows the day it is loaded.
UPCOMING = demo_dates().upcoming_year


@pytest.mark.django_db
def test_demo_editions(demo, client):
    editions = {
        (e.locale.language_code, e.url_path.split("/")[-3], e.year): e
        for e in EditionPage.objects.select_related("locale")
    }
    assert editions[("fr-ca", "colloque", 2024)].status == EditionStatus.OVER
    assert editions[("fr-ca", "colloque", UPCOMING)].status == EditionStatus.LOOKING_FOR_HOST
    week = editions[("fr-ca", "semaine-eclore", 2019)]
    assert [v.venue.town for v in week.venues.all()] == [
        "Saint-Jean-d'Angély",
        "Jarnac",
        "Niort",
        "Poitiers",
    ]
    assert {i.day.day for i in week.programme_items.all()} == {25, 26, 28, 29}
    filmed = [i.title for i in week.programme_items.all() if i.recording_url]
    assert len(filmed) == 2 and all(t.startswith("Conférence") for t in filmed)
    kinds = {i.kind for i in editions[("fr-ca", "colloque", 2024)].programme_items.all()}
    assert {"pecha-kucha", "talk", "workshop", "round-table"} <= kinds
    english = editions[("en", "colloque", 2024)]
    assert all(i.venue.locale_id == english.locale_id for i in english.programme_items.all())
    assert (
        "Workshop: staging a theatre project"
        in client.get("/en/colloque/2024/programme/").content.decode()
    )


@pytest.mark.django_db
def test_home_features_the_upcoming_edition_with_its_status(demo, client):
    home = HomePage.objects.get(locale__language_code="fr-ca")
    assert home.featured_page.specific.year == UPCOMING
    html = client.get("/").content.decode()
    assert "Recherche d’un milieu hôte" in html
    english = client.get("/en/").content.decode()
    assert "Looking for a host" in english
    assert f'href="/en/colloque/{UPCOMING}/">Colloque {UPCOMING}</a>' in english


@pytest.mark.django_db
def test_demo_partners_went_through_moderation(demo, client):
    from colloque import services
    from colloque.models import Partner

    states = {
        partner.name: services.partner_state(partner=partner)
        for partner in Partner.objects.filter(locale__language_code="fr-ca")
    }
    awaiting = [name for name, state in states.items() if state == services.PartnerState.AWAITING]
    assert sorted(awaiting) == [
        "Observatoire québécois du loisir",
        "Réseau des bibliothèques scolaires",
    ]
    assert not Partner.objects.get(name="Réseau des bibliothèques scolaires").live
    # Every approved one has a logo with its text alternative, and an approved translation.
    for partner in Partner.objects.filter(live=True, locale__language_code="fr-ca"):
        assert partner.logo and partner.logo_alt and partner.live_revision_id
        assert partner.get_translation(
            Partner.objects.filter(locale__language_code="en").first().locale
        ).live
    html = client.get("/colloque/2024/").content.decode()
    assert "ACLAM" in html and "Réseau des bibliothèques scolaires" not in html
    assert (
        EditionPage.objects.get(locale__language_code="fr-ca", year=2024).partner_listings.count()
        == 6
    )
    # Loading again changes nothing: tests/home/test_demo.py, for every app at once.


@pytest.mark.django_db
def test_english_programme_names_teams_in_english(demo, client):
    html = client.get("/en/colloque/2024/programme/").content.decode()
    assert "Speakers from the host institution" in html
    assert "Intervenants du milieu hôte" not in html
    assert "Sébastien Goudeau" in client.get("/en/eclore-week/2019/programme/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("series", "week", "heading"),
    [
        ("/colloque/", "/semaine-eclore/2019/", "Les éditions depuis 2000"),
        ("/en/colloque/", "/en/eclore-week/2019/", "Editions since 2000"),
    ],
)
def test_series_page_shows_the_editions_since_2000_and_leads_to_the_eclore_week(
    demo, client, series, week, heading
):
    """Seed 000: the series since 2000 as an archive; seed 002: the ECLORE week reachable
    from the colloque section, not only from the partners page."""
    html = client.get(series).content.decode()
    assert heading in html
    archive = html.split(heading, 1)[1]
    for year in (2000, 2001, 2012, 2023):
        assert f"<li>{year}</li>" in archive
    assert "<li>2024</li>" not in archive  # the 2024 edition has its own page, listed below
    assert 'href="/colloque/2024/"' in html or 'href="/en/colloque/2024/"' in html
    assert f'href="{week}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "labels", "hashtag_text"),
    [
        (
            "/semaine-eclore/2019/",
            ("Programme des journées", "Portfolio de la semaine"),
            "mot-clic",
        ),
        (
            "/en/eclore-week/2019/",
            ("Programme of the days (in French)", "Portfolio of the week (in French)"),
            "hashtag",
        ),
    ],
)
def test_eclore_week_has_its_annexes_hashtag_and_recordings_as_links(
    demo, client, url, labels, hashtag_text
):
    """Seed 002: the programme annex and the portfolio as documents, the hashtag, and the
    filmed talks as working links: no empty player when no provider gives one."""
    html = client.get(url).content.decode()
    documents = html.split('id="documents-title"', 1)[1].split("</section>", 1)[0]
    for label in labels:
        assert f">{label}</a>" in documents
    assert documents.count(".pdf") == 2
    assert hashtag_text in html
    assert '<a href="https://twitter.com/hashtag/ECLORE19">#ECLORE19</a>' in html
    recordings = html.split('id="recordings-title"', 1)[1].split("</section>", 1)[0]
    assert "<iframe" not in recordings
    assert 'class="block-video__embed"' not in recordings
    for address in (
        "https://example.org/videos/eclore-2019-goudeau",
        "https://example.org/videos/eclore-2019-ayroles",
    ):
        assert f'<a href="{address}">' in recordings
    assert "Goudeau" in recordings and "Ayroles" in recordings


@pytest.mark.django_db
def test_the_eclore_week_is_in_french_time(demo, client):
    """Seed 002: the 2019 week was held in four towns of France; its venues are in
    Europe/Paris (both languages) and its times read as Paris times everywhere."""
    week = EditionPage.objects.get(year=2019, locale__language_code="fr-ca")
    english = week.get_translation(Locale.objects.get(language_code="en"))
    for edition in (week, english):
        venues = [row.venue for row in edition.venues.select_related("venue")]
        assert {venue.time_zone for venue in venues} == {"Europe/Paris"}
    assert {v.time_zone for v in Venue.objects.filter(town="Montréal")} == {"America/Toronto"}

    first = week.get_programme().first()
    assert first.starts_at.utcoffset() == datetime.timedelta(hours=1)  # November in France
    html = client.get("/semaine-eclore/2019/programme/").content.decode()
    assert html.count("(heure de Paris)") == week.programme_items.count()
    assert f'<time datetime="{first.starts_at:%Y-%m-%dT%H:%M}+01:00">' in html
    assert "(Paris time)" in client.get("/en/eclore-week/2019/programme/").content.decode()
    assert "(heure de Paris)" not in client.get("/colloque/2024/programme/").content.decode()
    text = client.get("/semaine-eclore/2019/programme.ics").content
    assert b"BEGIN:VTIMEZONE\r\nTZID:Europe/Paris" in text
    assert b"America/Toronto" not in text
    # Loading again keeps the zones: tests/home/test_demo.py.


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/colloque/", "/en/colloque/", "/semaine-eclore/2019/", "/en/eclore-week/2019/"]
)
def test_pages_the_seeds_completed_stay_within_the_query_budget(demo, client, url):
    from tests.pages import count_queries

    assert count_queries(client, url) <= 12


# The sitemap: an edition's sub-pages and programme items, each with its translations.


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


# Speakers across editions: each has a page under their series, in both languages.


def test_demo_speakers_have_their_pages_in_both_languages(client, demo):
    """One page per speaker, under the colloque (the series in the menu), whatever series
    they spoke in: Julie Ayroles spoke at the ECLORE week."""
    french = client.get("/colloque/intervenants/julie-ayroles/").content.decode()
    assert "<h1>Julie Ayroles</h1>" in french and "Université Paris Descartes" in french
    assert "sur la métacognition et l&#x27;évaluation, a été filmée." in french  # its bio
    assert 'id="edition-2019"' in french and "Conférence : métacognition" in french
    assert "Semaine ECLORE 2019" in french and "(heure de Paris)" in french
    english = client.get("/en/colloque/speakers/julie-ayroles/").content.decode()
    assert "Her talk on metacognition and assessment" in english
    assert "Talk: metacognition and assessment" in english and "(Paris time)" in english
    assert (
        'hreflang="fr-ca" href="http://testserver/colloque/intervenants/julie-ayroles/"' in english
    )
    old = client.get("/semaine-eclore/intervenants/julie-ayroles/")
    assert (old.status_code, old["Location"]) == (301, "/colloque/intervenants/julie-ayroles/")
    series = client.get("/colloque/intervenants/").content.decode()
    assert "Observatoire québécois du loisir" in series and "Julie Ayroles" in series
    programme = client.get("/colloque/2024/programme/").content.decode()
    assert 'href="/colloque/intervenants/equipe-de-lobservatoire-quebecois-du-loisir/"' in programme
    week = client.get("/semaine-eclore/2019/programme/").content.decode()
    assert 'href="/colloque/intervenants/julie-ayroles/"' in week
    urls = sitemap(client)
    page = "http://testserver/colloque/intervenants/julie-ayroles/"
    assert urls[page] == {
        "fr-ca": page,
        "en": "http://testserver/en/colloque/speakers/julie-ayroles/",
    }
    assert not any("/semaine-eclore/intervenants/" in url for url in urls)
    for url in ("/colloque/intervenants/julie-ayroles/", "/en/colloque/speakers/"):
        assert count_queries(client, url) <= 12
