"""The programme in the API: /api/v2/programme-items/ and /api/v2/speakers/ (colloque.api)."""

import datetime

import pytest
from wagtail.models import PageViewRestriction

from colloque.api import PHOTO_SPEC
from factories import DocumentFactory, ImageFactory
from factories.colloque import (
    EditionPageFactory,
    ProgrammeItemFactory,
    SpeakerFactory,
    ThemeFactory,
    VenueFactory,
)
from home.renditions import site_filter_specs
from tests.pages import QUERY_BUDGET, count_queries

pytestmark = pytest.mark.django_db

ITEMS, SPEAKERS = "/api/v2/programme-items/", "/api/v2/speakers/"
SITE = "http://testserver"


def items(client, **params):
    response = client.get(ITEMS, params)
    assert response.status_code == 200, response.content
    return response.json()


def titles(data):
    return [item["title"] for item in data["items"]]


@pytest.fixture
def draft_edition(series):
    """An edition never published: its programme is no one's business yet."""
    edition = EditionPageFactory(parent=series, year=2025, live=False)
    ProgrammeItemFactory(edition=edition, title="Secret de 2025")
    return edition


@pytest.fixture
def private_edition(series):
    edition = EditionPageFactory(parent=series, year=2023)
    item = ProgrammeItemFactory(edition=edition, title="Réservé aux membres")
    item.speakers.add(SpeakerFactory(name="Personne Cachée"))
    item.save()
    PageViewRestriction.objects.create(page=edition, restriction_type=PageViewRestriction.LOGIN)
    return edition


def test_the_listing_gives_each_public_item_in_programme_order(client, edition, programme):
    data = items(client)
    assert data["meta"]["total_count"] == 3
    assert titles(data) == ["Ouverture", "Atelier théâtre", "Métacognition"]
    opening = data["items"][0]
    assert opening["id"] == programme["opening"].pk
    assert opening["meta"] == {
        "type": "colloque.ProgrammeItem",
        "detail_url": f"{SITE}/api/v2/programme-items/{programme['opening'].pk}/",
        "html_url": f"{SITE}/colloque/2024/programme/ouverture/",
        "locale": "fr-ca",
    }
    assert opening["kind"] == {"value": "pecha-kucha", "label": "Pecha Kucha"}
    assert opening["edition"] == {
        "id": edition.pk,
        "title": "Colloque 2024",
        "year": 2024,
        "html_url": f"{SITE}/colloque/2024/",
    }
    assert opening["day"] == "2024-11-21"
    assert opening["starts_at"] == "2024-11-21T09:00:00-05:00"
    assert opening["ends_at"] == "2024-11-21T09:30:00-05:00"
    assert opening["venue"] == {
        "name": "École Alpha",
        "address": "1 rue Principale",
        "town": "Montréal",
        "map_url": None,
    }
    assert opening["room"] == "Auditorium"
    assert data["items"][1]["themes"] == ["Arts"]
    talk = data["items"][2]
    assert talk["speakers"] == [
        {"id": programme["speaker"].pk, "name": "Julie Ayroles", "organisation": "Université"}
    ]
    assert "description" not in opening  # the detail's


def test_the_detail_gives_every_field(client, edition, programme):
    talk = programme["talk"]
    talk.description = "Apprendre à apprendre."
    talk.recording_url = "https://video.example.org/metacognition"
    talk.slides = DocumentFactory(title="Diapositives")
    talk.save()
    data = client.get(f"{ITEMS}{talk.pk}/").json()
    assert data["title"] == "Métacognition"
    assert data["slug"] == "metacognition"
    assert data["kind"] == {"value": "talk", "label": "Conférence"}
    assert data["starts_at"] == "2024-11-22T13:00:00-05:00"
    assert data["venue"]["name"] == "Bibliothèque Beta"
    assert data["description"] == "Apprendre à apprendre."
    assert data["recording_url"] == "https://video.example.org/metacognition"
    assert data["slides"] == f"{SITE}{talk.slides.url}"
    assert data["meta"]["html_url"] == f"{SITE}/colloque/2024/programme/metacognition/"
    assert data["meta"]["ics_url"] == f"{SITE}/colloque/2024/programme/{talk.pk}.ics"
    assert client.get(data["meta"]["ics_url"].removeprefix(SITE)).status_code == 200


def test_fields_are_chosen_as_in_wagtails_endpoints(client, edition, programme):
    data = items(client, fields="_,title,starts_at")
    assert data["items"][0] == {
        "title": "Ouverture",
        "starts_at": "2024-11-21T09:00:00-05:00",
    }
    data = items(client, fields="description,-speakers,-themes")
    assert "description" in data["items"][0] and "speakers" not in data["items"][0]
    assert set(items(client, fields="*")["items"][0]) >= {"slides", "recording_url", "meta"}
    response = client.get(ITEMS, {"fields": "meeting_url"})
    assert response.status_code == 400
    assert "unknown fields" in response.json()["message"]


def test_drafts_and_restricted_editions_stay_out(
    client, edition, programme, draft_edition, private_edition
):
    assert titles(items(client)) == ["Ouverture", "Atelier théâtre", "Métacognition"]
    hidden = [*draft_edition.programme_items.all(), *private_edition.programme_items.all()]
    for item in hidden:
        assert client.get(f"{ITEMS}{item.pk}/").status_code == 404
    names = [speaker["name"] for speaker in client.get(SPEAKERS).json()["items"]]
    assert names == ["Julie Ayroles"]
    assert client.get(ITEMS, {"year": 2023}).json()["items"] == []


def test_an_unpublished_edition_leaves_the_api(client, edition, programme):
    edition.unpublish()
    assert items(client)["items"] == []
    assert client.get(f"{ITEMS}{programme['talk'].pk}/").status_code == 404


def test_items_filter_by_edition_year_kind_day_and_search(client, series, edition, programme):
    other = EditionPageFactory(parent=series, year=2022)
    ProgrammeItemFactory(edition=other, title="Ancien atelier", kind="workshop")
    assert items(client)["meta"]["total_count"] == 4
    assert titles(items(client, edition=other.pk)) == ["Ancien atelier"]
    assert titles(items(client, year=2024)) == ["Ouverture", "Atelier théâtre", "Métacognition"]
    assert titles(items(client, kind="workshop", year=2024)) == ["Atelier théâtre"]
    assert titles(items(client, day="2024-11-22")) == ["Métacognition"]
    assert titles(items(client, order="-title", year=2024))[0] == "Ouverture"
    assert titles(items(client, search="theatre")) == ["Atelier théâtre"]
    assert titles(items(client, search="Ayroles")) == ["Métacognition"]


def test_items_and_speakers_filter_by_locale(client, english_home, english, series, edition):
    speaker = SpeakerFactory(name="Julie Ayroles")
    item = ProgrammeItemFactory(edition=edition, kind="workshop", title="Atelier théâtre")
    item.speakers.add(speaker)
    item.save()
    series.copy_for_translation(english).save_revision().publish()
    english_edition = edition.copy_for_translation(english)
    english_edition.title = "Colloque 2024 (EN)"
    english_edition.save_revision().publish()
    english_item = english_edition.programme_items.get()
    english_item.title = "Theatre workshop"
    english_item.save()
    english_speaker = speaker.copy_for_translation(english)
    english_speaker.role = "Researcher"
    english_speaker.save()
    english_item.speakers.set([english_speaker])
    english_item.save()  # a parental many-to-many is written on saving

    for code in ("fr", "fr-ca"):
        assert titles(items(client, locale=code)) == ["Atelier théâtre"]
    data = items(client, locale="en")
    assert titles(data) == ["Theatre workshop"]
    assert data["items"][0]["kind"] == {"value": "workshop", "label": "Workshop"}
    assert data["items"][0]["meta"]["locale"] == "en"
    assert data["items"][0]["meta"]["html_url"].startswith(f"{SITE}/en/colloque/2024/")
    assert items(client, locale="fr")["items"][0]["kind"]["label"] == "Atelier"
    speakers = client.get(SPEAKERS, {"locale": "en"}).json()["items"]
    assert [(s["name"], s["role"], s["meta"]["locale"]) for s in speakers] == [
        ("Julie Ayroles", "Researcher", "en")
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"title": "a\x00b"},
        {"offset": "9" * 30},
        {"offset": "9" * 5000},
        {"limit": "51"},
        {"limit": "-1"},
        {"locale": "xx"},
        {"edition": "deux"},
        {"edition": "9" * 30},
        {"year": "²"},
        {"day": "demain"},
        {"venue": "salle"},
        {"order": "meeting_url"},
        {"order": "speakers"},
        {"fields": "title("},
        {"search": "théâtre", "search_operator": "xor"},
        {"unknown": "1"},
    ],
)
def test_bad_parameters_are_bad_requests(client, edition, programme, params):
    for url in (ITEMS, SPEAKERS):
        response = client.get(url, params)
        assert response.status_code == 400, (url, params)
        assert response.json()["message"]


def test_find_with_a_word_is_a_bad_request(client, edition, programme):
    assert client.get(f"{ITEMS}find/", {"id": "x"}).status_code == 400
    response = client.get(f"{ITEMS}find/", {"id": programme["talk"].pk})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/programme-items/{programme['talk'].pk}/?")


def test_speakers_give_their_public_items_and_photo(client, series, edition, programme):
    speaker = programme["speaker"]
    speaker.photo = ImageFactory(title="Portrait")
    speaker.bio = "Chercheuse en éducation."
    speaker.save()
    ProgrammeItemFactory(edition=EditionPageFactory(parent=series, year=2025, live=False))
    SpeakerFactory(name="Sans activité")  # named by no item: not a speaker of the API
    data = client.get(SPEAKERS).json()
    assert data["meta"]["total_count"] == 1
    listed = data["items"][0]
    assert listed["name"] == "Julie Ayroles"
    assert listed["meta"]["html_url"] == f"{SITE}/colloque/intervenants/julie-ayroles/"
    assert listed["photo"]["url"].startswith("/media/images/")
    assert "fill-320x320" in listed["photo"]["url"]
    assert listed["photo"]["full_url"].startswith("http")
    detail = client.get(f"{SPEAKERS}{speaker.pk}/").json()
    assert detail["bio"] == "Chercheuse en éducation."
    assert detail["role"] == "Chercheuse"
    assert detail["items"] == [
        {
            "id": programme["talk"].pk,
            "title": "Métacognition",
            "html_url": f"{SITE}/colloque/2024/programme/metacognition/",
        }
    ]
    assert client.get(SPEAKERS, {"year": 2025}).json()["items"] == []
    assert client.get(SPEAKERS, {"edition": edition.pk}).json()["meta"]["total_count"] == 1
    assert client.get(SPEAKERS, {"search": "ayroles"}).json()["meta"]["total_count"] == 1


def test_the_speakers_photo_is_a_rendition_made_ahead():
    assert PHOTO_SPEC in site_filter_specs()


def add_items(edition, count):
    venue = VenueFactory()
    for _ in range(count):
        item = ProgrammeItemFactory(
            edition=edition, venue=venue, slides=DocumentFactory(), start_time=datetime.time(8)
        )
        item.speakers.add(SpeakerFactory(photo=ImageFactory()), SpeakerFactory())
        item.themes.add(*ThemeFactory.create_batch(2))
        item.save()  # a parental many-to-many is written on saving


def test_listings_make_as_many_queries_for_one_row_as_for_many(client, edition):
    add_items(edition, 1)
    one = (count_queries(client, ITEMS), count_queries(client, SPEAKERS))
    assert max(one) <= QUERY_BUDGET, one
    add_items(edition, 9)
    assert count_queries(client, ITEMS) == one[0]
    assert count_queries(client, SPEAKERS) == one[1]
    assert client.get(SPEAKERS).json()["meta"]["total_count"] == 20


def test_a_change_is_in_the_api_at_once(client, page_cache, edition, programme):
    """The API is outside the page cache: nothing to tag, nothing stale."""
    client.get(ITEMS)
    response = client.get(ITEMS)
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    item = programme["workshop"]
    item.title = "Atelier de théâtre forum"
    item.save()
    assert "Atelier de théâtre forum" in titles(client.get(ITEMS).json())


def test_links_start_with_the_public_address(client, public_address, edition, programme):
    item = items(client)["items"][0]
    links = [item["meta"]["detail_url"], item["meta"]["html_url"], item["edition"]["html_url"]]
    links.append(client.get(item["meta"]["detail_url"]).json()["meta"]["ics_url"])
    assert all(link.startswith(f"{public_address}/") for link in links), links
