"""Speakers across editions: each speaker's page under the series (/colloque/intervenants/
<slug>/, /en/colloque/speakers/<slug>/) with what they took part in, edition by edition;
the series' list of speakers; links to them from the programmes and search; the sitemap;
the page cache."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest

from colloque.models import Speaker
from factories.colloque import EditionPageFactory, ProgrammeItemFactory, SpeakerFactory
from tests.pages import QUERY_BUDGET, cached_get, count_queries

pytestmark = pytest.mark.django_db

SPEAKER_URL = "/colloque/intervenants/julie-ayroles/"


@pytest.fixture
def earlier(series, programme):
    """The 2023 edition, where Julie Ayroles gave a workshop and closed the second day."""
    edition = EditionPageFactory(parent=series, year=2023)
    workshop = ProgrammeItemFactory(
        edition=edition,
        kind="workshop",
        title="Atelier d'écriture",
        room="Salle 4",
        start_time=datetime.time(14),
        end_time=datetime.time(15, 30),
    )
    closing = ProgrammeItemFactory(
        edition=edition,
        kind="plenary",
        title="Clôture",
        day=edition.end_date,
        start_time=datetime.time(16),
        end_time=datetime.time(17),
    )
    for item in (workshop, closing):
        item.speakers.add(programme["speaker"])
        item.save()
    edition.save_revision().publish()
    return edition


@pytest.fixture
def english_series(english_home, series, edition, programme):
    """The series and its 2024 edition in English, the talk given by the English speaker."""
    english_series = series.copy_for_translation(english_home.locale)
    english_series.save_revision().publish()
    speaker = programme["speaker"].copy_for_translation(english_home.locale)
    speaker.role = "Researcher"
    speaker.save()
    english = edition.copy_for_translation(english_home.locale)
    english.title = "Colloque 2024 (EN)"
    english.save_revision().publish()
    talk = english.programme_items.get(title="Métacognition")
    talk.title, talk.slug = "Metacognition", ""
    talk.speakers = [speaker]
    talk.save()
    english.save_revision().publish()
    return english_series.specific, speaker


# The speaker's address ----------------------------------------------------------------------


def test_a_speaker_has_a_slug_from_their_name_unique_in_their_language(english):
    first = SpeakerFactory(name="Équipe Canopé")
    second = SpeakerFactory(name="Équipe Canopé")
    chosen = SpeakerFactory(name="Sébastien Goudeau", slug="goudeau")
    assert (first.slug, second.slug, chosen.slug) == ("equipe-canope", "equipe-canope-2", "goudeau")
    second.save()  # saving again keeps the address
    assert second.slug == "equipe-canope-2"
    translated = first.copy_for_translation(english)
    translated.name = "Canopé team"
    translated.save()
    assert translated.slug == "equipe-canope"  # a translation may share the slug


def test_editors_set_or_leave_the_slug_in_the_speaker_form(admin_client):
    from django.urls import reverse

    add = reverse("wagtailsnippets_colloque_speaker:add")
    assert 'name="slug"' in admin_client.get(add).content.decode()
    for slug in ("", "goudeau"):
        admin_client.post(add, {"name": "Sébastien Goudeau", "slug": slug, "role": "Chercheur"})
    assert sorted(Speaker.objects.values_list("slug", flat=True)) == [
        "goudeau",
        "sebastien-goudeau",
    ]
    # A slug already taken in the language is numbered rather than refused.
    admin_client.post(add, {"name": "Homonyme", "slug": "goudeau"})
    assert Speaker.objects.get(name="Homonyme").slug == "goudeau-2"


# The speaker's page --------------------------------------------------------------------------


def test_the_speaker_page_lists_their_items_by_edition_newest_first(client, programme, earlier):
    speaker = programme["speaker"]
    speaker.bio = "Chercheuse en psychologie sociale, elle étudie les inégalités scolaires."
    speaker.save()
    html = client.get(SPEAKER_URL).content.decode()
    assert "<h1>Julie Ayroles</h1>" in html
    assert "Chercheuse, Université" in html
    assert "<p>Chercheuse en psychologie sociale, elle étudie les inégalités scolaires.</p>" in html
    assert html.index('id="edition-2024"') < html.index('id="edition-2023"')
    newest, oldest = html.split('id="edition-2023"')
    assert 'href="/colloque/2024/programme/metacognition/">Métacognition</a>' in newest
    assert "Vendredi 22 novembre 2024" in newest and "Conférence" in newest
    assert 'href="/colloque/2023/programme/atelier-decriture/">Atelier d' in oldest
    assert oldest.index("Atelier d") < oldest.index("Clôture")  # programme order
    assert "Salle 4" in oldest and 'href="/colloque/2023/"' in oldest
    # Not what others took part in.
    assert "Atelier théâtre" not in html and "Ouverture" not in html


def test_the_speaker_page_has_its_own_address_breadcrumbs_and_person(client, programme):
    html = client.get(SPEAKER_URL).content.decode()
    canonical = f"http://testserver{SPEAKER_URL}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:title" content="Julie Ayroles">' in html
    crumbs = html.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert re.findall(r"<li>(.*?)</li>", crumbs) == [
        '<a href="/">Accueil</a>',
        '<a href="/colloque/">Colloque</a>',
        '<a href="/colloque/intervenants/">Intervenants</a>',
        '<span aria-current="page">Julie Ayroles</span>',
    ]
    [data] = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
        if '"Person"' in block
    ]
    assert data["name"] == "Julie Ayroles" and data["url"] == canonical
    assert data["affiliation"]["name"] == "Université" and data["jobTitle"] == "Chercheuse"


def test_unknown_speakers_and_speakers_of_a_draft_edition_only_have_no_page(
    client, series, programme
):
    assert client.get("/colloque/intervenants/personne/").status_code == 404
    draft = EditionPageFactory(parent=series, year=2025, live=False)
    hidden = SpeakerFactory(name="Invitée Secrète")
    item = ProgrammeItemFactory(edition=draft, title="Surprise")
    item.speakers.add(hidden)
    item.save()
    assert hidden.slug == "invitee-secrete"
    assert client.get("/colloque/intervenants/invitee-secrete/").status_code == 404
    assert "Invitée Secrète" not in client.get("/colloque/intervenants/").content.decode()
    # Nor the draft edition's items on a speaker page of a live one.
    item.speakers.add(programme["speaker"])
    item.save()
    assert "Surprise" not in client.get(SPEAKER_URL).content.decode()
    # A speaker of no programme at all.
    SpeakerFactory(name="Sans Programme")
    assert client.get("/colloque/intervenants/sans-programme/").status_code == 404


def test_a_private_editions_items_stay_off_the_speaker_pages(client, programme, earlier):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=earlier, restriction_type="login")
    html = client.get(SPEAKER_URL).content.decode()
    assert "Métacognition" in html and "Atelier d" not in html and "Clôture" not in html
    assert 'href="/colloque/2023/"' not in client.get("/colloque/intervenants/").content.decode()


def test_the_speaker_page_in_english_with_its_french_alternate(client, programme, english_series):
    english_series, speaker = english_series
    english_url = f"/en/colloque/speakers/{speaker.slug}/"
    assert speaker.slug == "julie-ayroles"
    html = client.get(english_url).content.decode()
    assert '<html lang="en">' in html and "<h1>Julie Ayroles</h1>" in html
    assert "Researcher, Université" in html
    assert 'href="/en/colloque/2024/programme/metacognition/">Metacognition</a>' in html
    assert '<a href="/en/colloque/speakers/">Speakers</a>' in html
    assert f'hreflang="fr-ca" href="http://testserver{SPEAKER_URL}"' in html
    french = client.get(SPEAKER_URL).content.decode()
    assert f'hreflang="en" href="http://testserver{english_url}"' in french
    # A French address under /en/ leads to the English one.
    moved = client.get("/en/colloque/intervenants/julie-ayroles/")
    assert (moved.status_code, moved["Location"]) == (301, english_url)


def test_no_alternate_when_the_translation_has_no_page(client, programme, english_series):
    english_series, speaker = english_series
    # The English programme names someone else: the English page is gone, and so is the link.
    talk = speaker.programme_items.get()
    talk.speakers = [SpeakerFactory(name="Someone Else", locale=speaker.locale)]
    talk.save()
    assert client.get(f"/en/colloque/speakers/{speaker.slug}/").status_code == 404
    french = client.get(SPEAKER_URL).content.decode()
    assert 'rel="alternate" hreflang="en"' not in french


# The series' speakers --------------------------------------------------------------------------


def test_the_series_lists_every_speaker_alphabetically_with_their_editions(
    client, programme, earlier
):
    other = SpeakerFactory(name="Édouard Brisson", organisation="Cégep de Jonquière")
    opening = programme["opening"]
    opening.speakers.add(other)
    opening.save()
    html = client.get("/colloque/intervenants/").content.decode()
    assert "<h1>Intervenants — Colloque</h1>" in html
    # "Édouard" before "Julie": accents do not sort after Z.
    assert html.index("Édouard Brisson") < html.index("Julie Ayroles")
    assert 'href="/colloque/intervenants/julie-ayroles/">Julie Ayroles</a>' in html
    assert 'href="/colloque/intervenants/edouard-brisson/">Édouard Brisson</a>' in html
    julie = html.split("Julie Ayroles</a>")[1]
    assert julie.index('href="/colloque/2024/">2024</a>') < julie.index(
        'href="/colloque/2023/">2023</a>'
    )
    assert "Cégep de Jonquière" in html
    canonical = "http://testserver/colloque/intervenants/"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert '<span aria-current="page">' in html and '<a href="/colloque/">Colloque</a>' in html
    # The series page itself is still the series page.
    assert "Colloque 2024" in client.get("/colloque/").content.decode()


def test_the_series_routes_leave_its_editions_alone(client, programme):
    """The series' routes answer before its children (Wagtail's RoutablePageMixin): an
    edition's slug is its year, which they never match."""
    series = client.get("/colloque/").content.decode()
    assert 'href="/colloque/intervenants/">Tous les intervenants des éditions</a>' in series
    assert "<h1>Colloque 2024</h1>" in client.get("/colloque/2024/").content.decode()
    edition = client.get("/colloque/2024/intervenants/").content.decode()
    assert "<h1>Intervenants — Colloque 2024</h1>" in edition


def test_the_series_speakers_in_english(client, programme, english_series):
    html = client.get("/en/colloque/speakers/").content.decode()
    assert 'href="/en/colloque/speakers/julie-ayroles/">Julie Ayroles</a>' in html
    assert 'hreflang="fr-ca" href="http://testserver/colloque/intervenants/"' in html


# Links to the speaker's page --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/colloque/2024/programme/",
        "/colloque/2024/programme/metacognition/",
        "/colloque/2024/intervenants/",
        "/recherche/?q=ayroles",
    ],
)
def test_names_link_to_the_speaker_page(client, programme, url):
    html = client.get(url).content.decode()
    assert f'<a href="{SPEAKER_URL}">Julie Ayroles</a>' in html


def test_english_names_link_to_the_english_page(client, programme, english_series):
    html = client.get("/en/colloque/2024/programme/").content.decode()
    assert '<a href="/en/colloque/speakers/julie-ayroles/">Julie Ayroles</a>' in html


# The sitemap --------------------------------------------------------------------------------


NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client):
    tree = ET.fromstring(client.get("/sitemap.xml").content)
    return {
        url.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in tree.findall("s:url", NS)
    }


def test_the_sitemap_lists_the_speakers_and_their_pages_with_alternates(
    client, series, programme, english_series
):
    draft = EditionPageFactory(parent=series, year=2025, live=False)
    item = ProgrammeItemFactory(edition=draft)
    item.speakers.add(SpeakerFactory(name="Invitée Secrète"))
    item.save()
    urls = sitemap(client)
    base = "http://testserver"
    assert urls[f"{base}/colloque/intervenants/"] == {
        "fr-ca": f"{base}/colloque/intervenants/",
        "en": f"{base}/en/colloque/speakers/",
    }
    assert urls[f"{base}{SPEAKER_URL}"] == {
        "fr-ca": f"{base}{SPEAKER_URL}",
        "en": f"{base}/en/colloque/speakers/julie-ayroles/",
    }
    assert f"{base}/en/colloque/speakers/julie-ayroles/" in urls
    assert not [url for url in urls if "invitee-secrete" in url]


def test_the_sitemap_reads_the_same_queries_whatever_the_speakers(client, series, programme):
    before = count_queries(client, "/sitemap.xml")
    for year in (2021, 2022):
        edition = EditionPageFactory(parent=series, year=year)
        for n in range(3):
            item = ProgrammeItemFactory(edition=edition, title=f"Conférence {year} {n}")
            item.speakers.add(SpeakerFactory(name=f"Invitée {year} {n}"))
            item.save()
        edition.save_revision().publish()
    assert count_queries(client, "/sitemap.xml") == before
    assert "/colloque/intervenants/invitee-2022-2/" in client.get("/sitemap.xml").content.decode()


# Queries --------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [SPEAKER_URL, "/colloque/intervenants/"])
def test_query_count_does_not_grow_with_items_and_editions(client, series, programme, url):
    one = count_queries(client, url)
    speaker = programme["speaker"]
    for year in (2020, 2021, 2022, 2023):
        edition = EditionPageFactory(parent=series, year=year)
        for n in range(5):
            item = ProgrammeItemFactory(
                edition=edition, title=f"Séance {year} {n}", start_time=datetime.time(8 + n)
            )
            item.speakers.add(speaker, SpeakerFactory(name=f"Invitée {year} {n}"))
            item.save()
        edition.save_revision().publish()
    assert count_queries(client, url) == one <= QUERY_BUDGET
    assert "Séance 2020 4" in client.get(SPEAKER_URL).content.decode()
    assert "Invitée 2022 3" in client.get("/colloque/intervenants/").content.decode()


def test_a_speakers_photo_costs_no_query_per_item(client, series, programme):
    from factories.home import ImageFactory

    speaker = programme["speaker"]
    speaker.photo = ImageFactory(title="Portrait")
    speaker.save()
    html = client.get(SPEAKER_URL).content.decode()
    assert "<picture>" in html and 'alt=""' in html.split("<picture>")[1]
    one = count_queries(client, SPEAKER_URL)
    for year in (2021, 2022):
        edition = EditionPageFactory(parent=series, year=year)
        item = ProgrammeItemFactory(edition=edition)
        item.speakers.add(speaker)
        item.save()
        edition.save_revision().publish()
    assert count_queries(client, SPEAKER_URL) == one <= QUERY_BUDGET


def test_the_english_speaker_page_stays_within_budget(client, programme, english_series):
    _series, speaker = english_series
    assert count_queries(client, f"/en/colloque/speakers/{speaker.slug}/") <= QUERY_BUDGET


# The page cache --------------------------------------------------------------------------------


def test_speaker_pages_follow_their_programme_and_editions(
    client, page_cache, series, edition, programme, earlier
):
    pages = (SPEAKER_URL, "/colloque/intervenants/")
    for url in pages:
        html, state = cached_get(client, url)
        assert state == "hit" and 'href="/colloque/2023/' in html
    # Added to an item of an edition the page did not show yet.
    later = EditionPageFactory(parent=series, year=2022)
    later.save_revision().publish()
    for url in pages:
        cached_get(client, url)
    item = ProgrammeItemFactory(edition=later, title="Conférence inaugurale")
    item.speakers.add(programme["speaker"])
    item.save()
    assert "Conférence inaugurale" in client.get(SPEAKER_URL).content.decode()
    assert 'href="/colloque/2022/">2022</a>' in client.get(pages[1]).content.decode()
    # Taken off an item.
    talk = edition.programme_items.get(pk=programme["talk"].pk)
    talk.speakers.remove(programme["speaker"])
    talk.save()
    assert "Métacognition" not in client.get(SPEAKER_URL).content.decode()
    # An edition unpublished, then published again.
    earlier.unpublish()
    html = client.get(SPEAKER_URL).content.decode()
    assert "Atelier d" not in html and "Conférence inaugurale" in html
    cached_get(client, SPEAKER_URL)
    earlier.save_revision().publish()
    assert "Atelier d" in client.get(SPEAKER_URL).content.decode()
    # Renamed.
    speaker = Speaker.objects.get(pk=programme["speaker"].pk)
    speaker.name = "Julie Ayroles-Tremblay"
    speaker.save()
    for url in pages:
        assert "Julie Ayroles-Tremblay" in client.get(url).content.decode()


# Several series: one page per speaker ---------------------------------------------------------


@pytest.fixture
def week(home_page, programme):
    """Another series (the ECLORE week, not in the menu) where Julie Ayroles spoke in 2019."""
    from factories.colloque import ColloqueIndexPageFactory

    week = ColloqueIndexPageFactory(parent=home_page, title="Semaine ECLORE", slug="semaine")
    edition = EditionPageFactory(parent=week, year=2019, title="Semaine ECLORE 2019")
    talk = ProgrammeItemFactory(edition=edition, title="Territoires apprenants")
    talk.speakers.add(programme["speaker"])
    talk.save()
    edition.save_revision().publish()
    return week


def test_one_page_per_speaker_whatever_the_series(client, series, week):
    """The series in the menu carries every speaker's page, with what they did in every
    series; the other series sends its visitors there, once and for all."""
    series.show_in_menus = True
    series.save_revision().publish()
    html = client.get(SPEAKER_URL).content.decode()
    assert "Territoires apprenants" in html and "Métacognition" in html
    assert "Semaine ECLORE 2019" in html
    for path in ("/semaine/intervenants/julie-ayroles/", "/semaine/intervenants/"):
        response = client.get(path)
        assert response.status_code == 301
        assert response["Location"] == path.replace("/semaine/", "/colloque/")
    listing = client.get("/colloque/intervenants/").content.decode()
    assert "2019" in listing and "2024" in listing
    week_page = client.get("/semaine/").content.decode()
    assert 'href="/colloque/intervenants/"' in week_page
    week_programme = client.get("/semaine/2019/programme/").content.decode()
    assert f'href="{SPEAKER_URL}"' in week_programme
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/colloque/intervenants/julie-ayroles/" in sitemap
    assert "/semaine/intervenants/" not in sitemap
