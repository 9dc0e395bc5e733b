"""Community sessions in the API: /api/v2/community-sessions/ (communities.api)."""

import datetime

import pytest
from wagtail.models import PageViewRestriction

from communities.models import CommunitySession
from tests.pages import QUERY_BUDGET, count_queries

pytestmark = pytest.mark.django_db

SESSIONS = "/api/v2/community-sessions/"
SITE = "http://testserver"
LINK = "https://visio.example.org/secret"


def at(day, start=(16, 0), end=(17, 30), **fields):
    """An unsaved session on a fixed day (never today's date)."""
    return CommunitySession(
        date=datetime.date(2030, 3, day),
        start_time=datetime.time(*start),
        end_time=datetime.time(*end),
        **fields,
    )


@pytest.fixture
def online(make_community):
    """A videoconference community: its sessions have meeting links, no place."""
    return make_community(
        slug="lecture",
        title="Lecture plaisir",
        sessions=[at(5, topic="Lancement", meeting_url=LINK), at(12, meeting_url=LINK + "-2")],
    )


@pytest.fixture
def in_person(make_community):
    return make_community(
        slug="sciences",
        title="Sciences au primaire",
        mode="in-person",
        sessions=[at(7, location="École Alpha, Rimouski"), at(14)],
    )


def listing(client, **params):
    response = client.get(SESSIONS, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_listing_gives_each_public_session_in_date_order(client, online, in_person):
    response = client.get(SESSIONS)
    assert LINK.encode() not in response.content  # never, in any field
    data = response.json()
    assert data["meta"]["total_count"] == 4
    first = data["items"][0]
    session = online.sessions.get(date=datetime.date(2030, 3, 5))
    assert first == {
        "id": session.pk,
        "meta": {
            "type": "communities.CommunitySession",
            "detail_url": f"{SITE}/api/v2/community-sessions/{session.pk}/",
            "ics_url": f"{SITE}/communautes/lecture/seances.ics",
            "locale": "fr-ca",
        },
        "community": {
            "id": online.pk,
            "title": "Lecture plaisir",
            "html_url": f"{SITE}/communautes/lecture/",
        },
        "date": "2030-03-05",
        "starts_at": "2030-03-05T16:00:00-05:00",
        "ends_at": "2030-03-05T17:30:00-05:00",
        "topic": "Lancement",
        "mode": {"value": "videoconference", "label": "Visioconférence"},
        "online": True,
        "location": None,
        "where": "Visioconférence",
    }
    placed, unplaced = data["items"][1], data["items"][3]
    assert (placed["community"]["title"], placed["online"]) == ("Sciences au primaire", False)
    assert placed["location"] == "École Alpha, Rimouski"
    assert (unplaced["location"], unplaced["where"]) == (None, "Lieu à confirmer")
    assert client.get(first["meta"]["ics_url"].removeprefix(SITE)).status_code == 200


def test_the_meeting_link_is_never_exposed(client, online):
    session = online.sessions.first()
    for params in ({}, {"fields": "*"}):
        response = client.get(f"{SESSIONS}{session.pk}/", params)
        assert response.json()["id"] == session.pk
        assert "visio.example.org" not in response.content.decode()
    for params in ({"fields": "meeting_url"}, {"meeting_url": LINK}, {"order": "meeting_url"}):
        response = client.get(SESSIONS, params)
        assert response.status_code == 400, params
        assert "visio.example.org" not in response.content.decode()


def test_draft_and_restricted_communities_stay_out(client, make_community, online):
    draft = make_community(slug="brouillon", sessions=[at(3)])
    draft.unpublish()
    private = make_community(slug="privee", sessions=[at(4)])
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    data = listing(client)
    assert {item["community"]["id"] for item in data["items"]} == {online.pk}
    for community in (draft, private):
        session = community.sessions.get()
        assert client.get(f"{SESSIONS}{session.pk}/").status_code == 404


def test_sessions_filter_by_community_date_and_locale(client, english, online, in_person):
    data = listing(client, community=in_person.pk)
    assert [item["date"] for item in data["items"]] == ["2030-03-07", "2030-03-14"]
    assert listing(client, date="2030-03-12")["items"][0]["community"]["id"] == online.pk
    assert listing(client, order="-date")["items"][0]["date"] == "2030-03-14"
    english_page = online.copy_for_translation(english, copy_parents=True)
    english_page.title = "Reading for pleasure"
    english_page.save_revision().publish()
    assert listing(client, locale="fr")["meta"]["total_count"] == 4
    data = listing(client, locale="en")
    assert [item["community"]["title"] for item in data["items"]] == ["Reading for pleasure"] * 2
    first = data["items"][0]
    assert first["mode"] == {"value": "videoconference", "label": "Videoconference"}
    assert first["meta"]["locale"] == "en"
    assert first["meta"]["ics_url"].startswith(f"{SITE}/en/")
    assert first["meta"]["ics_url"].endswith("/sessions.ics")


@pytest.mark.parametrize(
    "params",
    [
        {"topic": "a\x00b"},
        {"offset": "9" * 30},
        {"limit": "51"},
        {"locale": "xx"},
        {"community": "lecture"},
        {"community": "9" * 30},  # more than the database holds: it failed as it ran (a 500)
        {"community": "-" + "9" * 20},
        {"id": "9" * 20},
        {"date": "demain"},
        {"search": "lecture"},
        {"fields": "community(title"},
        {"unknown": "1"},
    ],
)
def test_bad_parameters_are_bad_requests(client, online, params):
    response = client.get(SESSIONS, params)
    assert response.status_code == 400, params
    assert response.json()["message"]


def test_the_listing_makes_as_many_queries_for_one_row_as_for_many(client, make_community):
    make_community(slug="une", sessions=[at(1)])
    one = count_queries(client, SESSIONS)
    assert one <= QUERY_BUDGET
    for n in range(4):
        make_community(slug=f"plus-{n}", sessions=[at(day) for day in range(2, 6)])
    assert count_queries(client, SESSIONS) == one
    assert listing(client)["meta"]["total_count"] == 17


def test_a_change_is_in_the_api_at_once(client, page_cache, online):
    """The API is outside the page cache: nothing to tag, nothing stale."""
    client.get(SESSIONS)
    response = client.get(SESSIONS)
    assert "X-Page-Cache" not in response and "private" in response["Cache-Control"]
    session = online.sessions.first()
    session.topic = "Nouveau thème"
    session.save()
    assert listing(client)["items"][0]["topic"] == "Nouveau thème"
