"""The communities index, a community page and its public calendar."""

import datetime
import re

import pytest
from django.utils import timezone
from icalendar import Calendar

from factories.communities import session

from .conftest import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def communities(make_community):
    now = timezone.now()
    day = datetime.timedelta(days=1)
    made = {
        "primary": make_community(
            slug="lecture-primaire",
            title="Lire au primaire",
            kind="practice",
            school_levels=["preschool-primary"],
        ),
        "draw": make_community(
            slug="codev-secondaire",
            title="Codéveloppement au secondaire",
            kind="codevelopment",
            selection_method="draw",
            school_levels=["secondary"],
        ),
        "waitlist": make_community(
            slug="virtuelle-complete",
            title="Bibliothèques virtuelles",
            kind="virtual",
            capacity_max=1,
            school_levels=["secondary", "english"],
        ),
        "upcoming": make_community(
            slug="adultes",
            title="Formation des adultes",
            school_levels=["adult"],
            opens=now + 3 * day,
            closes=now + 30 * day,
        ),
        "closed": make_community(
            slug="pro",
            title="Formation professionnelle",
            school_levels=["vocational"],
            opens=now - 30 * day,
            closes=now - 3 * day,
        ),
    }
    register(made["waitlist"], 1)
    return made


TITLES = {
    "primary": "Lire au primaire",
    "draw": "Codéveloppement au secondaire",
    "waitlist": "Bibliothèques virtuelles",
    "upcoming": "Formation des adultes",
    "closed": "Formation professionnelle",
}


def cards(html):
    """{community title: the card's HTML}."""
    found = {}
    for chunk in html.split('<article class="card community-card">')[1:]:
        title = re.search(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', chunk)
        found[title.group(1)] = chunk
    return found


def listed(client, query=""):
    response = client.get("/communautes/" + query)
    assert response.status_code == 200
    return cards(response.content.decode())


def test_index_lists_communities_with_their_status(client, communities):
    found = listed(client)
    assert set(found) == set(TITLES.values())
    assert "Inscriptions ouvertes jusqu’au" in found[TITLES["primary"]]
    assert "Inscriptions ouvertes — tirage le" in found[TITLES["draw"]]
    assert "Complet\u00a0: liste d’attente ouverte" in found[TITLES["waitlist"]]
    assert "Ouverture des inscriptions le" in found[TITLES["upcoming"]]
    assert "Inscriptions fermées" in found[TITLES["closed"]]
    assert "3 participants" in found[TITLES["primary"]]


def test_statuses_move_on_when_registration_opens(client, communities, monkeypatch):
    """A status changes by itself at its moment: nothing is saved, yet the card opens on
    time."""
    from django.utils import timezone

    assert "Ouverture des inscriptions le" in listed(client)[TITLES["upcoming"]]
    assert "Ouverture des inscriptions le" in listed(client)[TITLES["upcoming"]]  # kept
    later = timezone.now() + datetime.timedelta(days=3, hours=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Inscriptions ouvertes jusqu’au" in listed(client)[TITLES["upcoming"]]
    assert set(listed(client, "?statut=upcoming")) == set()


def test_a_kept_community_page_opens_on_time(client, communities, monkeypatch):
    from django.utils import timezone

    url = communities["upcoming"].url
    client.get(url)
    assert "Ouverture des inscriptions le" in client.get(url).content.decode()  # kept
    later = timezone.now() + datetime.timedelta(days=3, hours=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    html = client.get(url).content.decode()
    assert "Inscriptions ouvertes jusqu’au" in html and "Ouverture des inscriptions le" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?niveau=secondary", {"draw", "waitlist"}),
        ("?niveau=english", {"waitlist"}),
        ("?type=codevelopment", {"draw"}),
        ("?type=practice", {"primary", "upcoming", "closed"}),
        ("?statut=waitlist", {"waitlist"}),
        ("?statut=upcoming", {"upcoming"}),
        ("?statut=closed", {"closed"}),
        ("?niveau=secondary&type=virtual", {"waitlist"}),
        ("?niveau=maternelle&type=atelier&statut=peut-etre", set(TITLES)),
    ],
)
def test_index_filters(client, communities, query, expected):
    assert set(listed(client, query)) == {TITLES[key] for key in expected}


def test_index_filter_links_and_empty_result(client, communities):
    html = client.get("/communautes/?niveau=secondary").content.decode()
    # Choosing the selected level again removes it; other filters keep it.
    assert '<a href="?" aria-current="true">Secondaire</a>' in html
    assert '<a href="?niveau=secondary&amp;type=virtual">' in html
    assert '<a href="/communautes/">Afficher toutes les communautés</a>' in html
    # No community is both for adults and a draw.
    html = client.get("/communautes/?niveau=adult&statut=draw").content.decode()
    assert "Aucune communauté ne correspond à ces filtres." in html
    assert cards(html) == {}
    # Unknown values are ignored: no "no match" message.
    html = client.get("/communautes/?niveau=inconnu").content.decode()
    assert "Aucune communauté ne correspond" not in html


def test_community_page_shows_sessions_but_never_the_meeting_link(client, make_community):
    community = make_community(
        sessions=[
            session(20, topic="Lancement", meeting_url="https://visio.example.org/secret-1"),
            session(
                27,
                (9, 0),
                (12, 0),
                topic="Visite",
                location="Bibliothèque Gabrielle-Roy",
                meeting_url="https://visio.example.org/secret-2",
            ),
        ]
    )
    response = client.get(f"/communautes/{community.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert community.title in html
    assert "Lancement" in html and "Visite" in html
    assert "Bibliothèque Gabrielle-Roy" in html
    assert "09:00" in html and "16:00" in html
    assert "visio.example.org" not in html
    assert f'href="/communautes/{community.slug}/seances.ics"' in html
    assert f'href="/communautes/{community.slug}/inscription/"' in html


def test_public_calendar_has_the_sessions_in_quebec_time_without_links(client, community):
    response = client.get(f"/communautes/{community.slug}/seances.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"visio.example.org" not in response.content
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    sessions = list(community.get_sessions())
    assert len(events) == len(sessions) == 3
    for event, row in zip(events, sessions, strict=True):
        start = event.decoded("dtstart")
        assert str(start.tzinfo) == "America/Toronto"
        assert start == row.starts_at
        assert community.title in str(event["summary"])
        assert str(event["location"]) == "Visioconférence"
        assert row.topic in str(event["description"])
    assert len({str(event["uid"]) for event in events}) == 3


def test_calendar_of_an_unknown_page_is_404(client, community):
    assert client.get("/communautes/inconnue/seances.ics").status_code == 404
    assert client.get("/communautes/seances.ics").status_code == 404


def test_the_index_is_paginated_and_pages_keep_the_filters(client, make_community):
    from communities.services import COMMUNITIES_PER_PAGE

    for n in range(COMMUNITIES_PER_PAGE + 2):
        make_community(slug=f"communaute-{n}", kind="codevelopment" if n % 2 else "practice")
    first = client.get("/communautes/").content.decode()
    assert first.count('class="card community-card"') == COMMUNITIES_PER_PAGE
    assert 'href="?page=2"' in first
    second = client.get("/communautes/?page=2").content.decode()
    assert second.count('class="card community-card"') == 2
    assert 'aria-current="page">Page 2<' in second
    # A bad page number gives the first page rather than an error.
    assert (
        client.get("/communautes/?page=abc").content.decode().count('class="card community-card"')
        == COMMUNITIES_PER_PAGE
    )
    # With a filter, the pagination links keep it.
    many = [
        make_community(slug=f"pratique-{n}", kind="practice") for n in range(COMMUNITIES_PER_PAGE)
    ]
    assert many
    filtered = client.get("/communautes/?type=practice").content.decode()
    assert 'href="?type=practice&amp;page=2"' in filtered
