"""The admin calendar: every programme item and community session by month or by week,
with the same room or the same person booked twice at the same time; plain HTML."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from communities.models import CommunityFacilitator, CommunitySession
from factories.colloque import (
    ColloqueIndexPageFactory,
    EditionPageFactory,
    ProgrammeItemFactory,
    SpeakerFactory,
    VenueFactory,
)
from factories.communities import CommunityIndexPageFactory, create_community
from factories.home import UserFactory
from home.admin.calendar import CalendarEvent, find_conflicts
from tests.pages import count_queries

pytestmark = pytest.mark.django_db

T = datetime.time
THURSDAY = datetime.date(2026, 11, 19)
WEEK = datetime.timedelta(weeks=1)
URL = reverse("admin_calendar")


@pytest.fixture
def planned(home_page):
    """The 2026 colloque on 19–20 November, and a community meeting on the 19th."""
    series = ColloqueIndexPageFactory(parent=home_page)
    edition = EditionPageFactory(
        parent=series, year=2026, start_date=THURSDAY, end_date=THURSDAY + datetime.timedelta(1)
    )
    gym = VenueFactory(name="Polyvalente Alpha")
    julie = SpeakerFactory(name="Julie Ayroles")
    first = ProgrammeItemFactory(
        edition=edition, title="Atelier théâtre", venue=gym, room="Gymnase",
        start_time=T(10), end_time=T(11, 30),
    )  # fmt: skip
    ProgrammeItemFactory(
        edition=edition, title="Atelier danse", venue=gym, room="gymnase ",
        start_time=T(11), end_time=T(12),
    )  # fmt: skip
    third = ProgrammeItemFactory(
        edition=edition, title="Table ronde", day=THURSDAY + datetime.timedelta(1),
        start_time=T(9), end_time=T(10),
    )  # fmt: skip
    for item in (first, third):
        item.speakers.add(julie)
        item.save()  # a cluster's many-to-many is saved with the item
    index = CommunityIndexPageFactory(parent=home_page)
    community = create_community(
        index,
        slug="lecture",
        title="Lire ensemble",
        sessions=[
            CommunitySession(
                date=THURSDAY + datetime.timedelta(1), start_time=T(9, 30), end_time=T(11),
                topic="Rencontre de novembre", location="Bibliothèque centrale",
            )
        ],
    )  # fmt: skip
    CommunityFacilitator.objects.create(community=community, name="julie  AYROLES")
    return edition, community


def test_the_month_shows_items_sessions_and_conflicts(client, planned):
    edition, community = planned
    client.force_login(UserFactory(group="Communications"))
    html = client.get(URL, {"mois": "2026-11"}).content.decode().replace("\xa0", " ")
    assert "Novembre 2026" in html
    for title in ("Atelier théâtre", "Atelier danse", "Table ronde", "Rencontre de novembre"):
        assert title in html
    assert "(Lire ensemble · Bibliothèque centrale)" in html
    assert "« Atelier théâtre » et « Atelier danse » sont dans la même salle (Gymnase" in html
    assert (
        "Julie Ayroles doit être à « Table ronde » et à « Rencontre de novembre » en même" in html
    )
    # Each of the four is in one conflict; none in two.
    assert html.count("2 conflits") == 0 and html.count("1 conflit<") == 4
    assert reverse("wagtailadmin_pages:edit", args=[edition.pk]) in html
    assert reverse("wagtailadmin_pages:edit", args=[community.pk]) in html
    assert 'href="?mois=2026-10"' in html and 'href="?mois=2026-12"' in html
    main = html.split("<main", 1)[1]
    assert "<script" not in main.split('<div class="nice-padding">', 1)[1].split("</main>")[0]


def test_the_week_lists_each_day(client, planned):
    client.force_login(UserFactory(group="Communications"))
    html = client.get(URL, {"vue": "semaine", "semaine": "2026-W47"}).content.decode()
    assert "Jeudi 19 novembre 2026" in html and "Dimanche 22 novembre 2026" in html
    assert html.count("Rien de prévu.") == 5
    assert "vue=semaine&amp;semaine=2026-W48" in html and "mois=2026-11" in html
    html = client.get(URL, {"vue": "semaine", "semaine": "2026-W49"}).content.decode()
    assert "Atelier" not in html
    assert "Aucune salle ni personne n’est réservée deux fois" in html


def test_animation_sees_sessions_and_their_roll(client, planned):
    _edition, community = planned
    client.force_login(UserFactory(group="Animation"))
    html = client.get(URL, {"mois": "2026-11"}).content.decode()
    assert "Rencontre de novembre" in html and "Atelier théâtre" not in html
    session = community.sessions.get()
    assert reverse("communities_session_roll", args=[session.pk]) in html


def test_a_bad_period_falls_back_to_the_current_month(client, planned):
    client.force_login(UserFactory(group="Communications"))
    for params in ({"mois": "2026-13"}, {"vue": "semaine", "semaine": "n'importe"}):
        assert client.get(URL, params).status_code == 200


def test_conflicts_need_the_same_time():
    def event(title, start, end, room=None, people=()):
        return CalendarEvent("x", title, "", THURSDAY, T(*start), T(*end), "", room, people)

    back_to_back = [event("A", (9,), (10,), room="r"), event("B", (10,), (11,), room="r")]
    assert find_conflicts(back_to_back) == []
    apart = [event("A", (9,), (10,), people=("Léa",)), event("B", (9,), (10,), people=("Zoé",))]
    assert find_conflicts(apart) == []
    # An unknown room (a videoconference, a room not given) is never "the same room".
    assert find_conflicts([event("A", (9,), (10,)), event("B", (9, 30), (11,))]) == []
    (conflict,) = find_conflicts(
        [
            event("A", (9,), (10,), people=("Léa Roy",)),
            event("B", (9, 30), (11,), people=("léa roy",)),
        ]
    )
    assert (conflict.kind, conflict.detail) == ("person", "Léa Roy")


def test_conflicts_compare_moments_across_time_zones():
    """A speaker at 9 h in Paris and at 9 h in Montréal is no conflict; 15 h in Paris is
    9 h in Montréal."""
    paris, montreal = ZoneInfo("Europe/Paris"), ZoneInfo("America/Toronto")

    def event(title, start, zone):
        return CalendarEvent(
            "x", title, "", THURSDAY, T(start), T(start + 1), "", None, ("Léa Roy",), zone=zone
        )

    assert find_conflicts([event("A", 9, paris), event("B", 9, montreal)]) == []
    (conflict,) = find_conflicts([event("A", 15, paris), event("B", 9, montreal)])
    assert conflict.kind == "person"


def test_the_calendar_costs_the_same_for_one_item_or_many(client, home_page):
    series = ColloqueIndexPageFactory(parent=home_page)
    edition = EditionPageFactory(parent=series, year=2026, start_date=THURSDAY)
    ProgrammeItemFactory(edition=edition, venue=VenueFactory())
    index = CommunityIndexPageFactory(parent=home_page)
    create_community(
        index,
        slug="une",
        sessions=[CommunitySession(date=THURSDAY, start_time=T(16), end_time=T(17))],
    )
    client.force_login(UserFactory(group="Communications"))
    one = count_queries(client, f"{URL}?mois=2026-11")
    for n in range(20):
        item = ProgrammeItemFactory(edition=edition, venue=VenueFactory(), room=f"Salle {n}")
        item.speakers.add(SpeakerFactory())
        item.save()
        create_community(
            index,
            slug=f"autre-{n}",
            sessions=[
                CommunitySession(date=THURSDAY, start_time=T(16), end_time=T(17)),
                CommunitySession(date=THURSDAY + WEEK, start_time=T(9), end_time=T(10)),
            ],
        )
    assert count_queries(client, f"{URL}?mois=2026-11") == one
