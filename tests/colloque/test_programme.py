import datetime

import pytest
from icalendar import Calendar

from colloque.services import ProgrammeSlot, programme_problems
from factories.colloque import ProgrammeItemFactory, SpeakerFactory, VenueFactory
from tests.pages import QUERY_BUDGET, count_queries


@pytest.mark.django_db
def test_programme_grouped_by_day_with_anchors(client, programme):
    html = client.get("/colloque/2024/programme/").content.decode()
    assert html.index("Jeudi 21 novembre 2024") < html.index("Vendredi 22 novembre 2024")
    assert html.index("Ouverture") < html.index("Atelier théâtre") < html.index("Métacognition")
    assert f'id="item-{programme["talk"].pk}"' in html
    assert "Julie Ayroles" in html


@pytest.mark.django_db
def test_programme_filters_are_plain_links(client, programme):
    html = client.get("/colloque/2024/programme/").content.decode()
    assert 'href="?kind=workshop"' in html and 'href="?theme=arts"' in html
    filtered = client.get("/colloque/2024/programme/", {"kind": "workshop"}).content.decode()
    assert "Atelier théâtre" in filtered and "Métacognition" not in filtered
    assert 'href="?" aria-current="true"' in filtered  # the chosen filter links back to all
    by_venue = client.get(
        "/colloque/2024/programme/", {"venue": programme["library"].pk}
    ).content.decode()
    assert "Métacognition" in by_venue and "Atelier théâtre" not in by_venue
    unknown = client.get("/colloque/2024/programme/", {"kind": "nope"}).content.decode()
    assert "Métacognition" in unknown  # an unknown filter is ignored, not an empty page


@pytest.mark.django_db
def test_programme_filters_by_day_and_room_combine_and_count(client, programme):
    """Day and room beside kind, theme and venue: GET links that combine, each saying how
    many items it would show with the other filters kept."""
    url = "/colloque/2024/programme/"
    html = client.get(url).content.decode()
    assert 'href="?day=2024-11-21">jeudi 21 novembre <span class="tag-filter__count">(2)' in html
    assert 'href="?day=2024-11-22">vendredi 22 novembre <span class="tag-filter__count">(1)' in html
    assert 'href="?room=Salle+2">Salle 2 <span class="tag-filter__count">(1)' in html

    first_day = client.get(url, {"day": "2024-11-21"}).content.decode()
    assert "Ouverture" in first_day and "Atelier théâtre" in first_day
    assert "Métacognition" not in first_day
    # The counts now say what each kind would show on that day; the day's link keeps them.
    assert "kind=talk" not in first_day  # no talk that day: no link to an empty programme
    assert (
        'href="?day=2024-11-21&amp;kind=workshop">Atelier <span class="tag-filter__count">(1)'
        in (first_day)
    )

    both = client.get(url, {"day": "2024-11-21", "room": "Salle 2"}).content.decode()
    assert "Atelier théâtre" in both and "Ouverture" not in both
    # Each chosen filter's link removes it and keeps the other.
    assert 'href="?room=Salle+2" aria-current="true">jeudi 21 novembre' in both
    assert 'href="?day=2024-11-21" aria-current="true">Salle 2' in both

    nothing = client.get(url, {"day": "2024-11-22", "room": "Salle 2"}).content.decode()
    assert "Aucune activité ne correspond à ces filtres." in nothing
    assert client.get(url, {"day": "hier"}).content.decode().count("programme-item--") == 3


@pytest.mark.django_db
def test_programme_ics_parses_back(client, programme):
    response = client.get("/colloque/2024/programme.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="programme-2024.ics"' in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Toronto"]
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {"Ouverture", "Atelier théâtre", "Métacognition"}
    talk = events["Métacognition"]
    start = talk.decoded("DTSTART")
    assert start == datetime.datetime(2024, 11, 22, 13, tzinfo=start.tzinfo)
    assert str(start.tzinfo) == "America/Toronto"
    assert talk["DTSTART"].params["TZID"] == "America/Toronto"
    assert "Bibliothèque Beta" in str(talk["LOCATION"])
    assert "Julie Ayroles" in str(talk["DESCRIPTION"])
    assert str(talk["UID"]) == f"programme-item-{programme['talk'].pk}@testserver"
    assert str(talk["URL"]).endswith("/colloque/2024/programme/metacognition/")  # its own page
    # Stable: a second export gives the same identifiers.
    again = Calendar.from_ical(client.get("/colloque/2024/programme.ics").content)
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == {str(e["UID"]) for e in events.values()}


@pytest.mark.django_db
def test_one_item_ics(client, programme):
    item = programme["workshop"]
    response = client.get(f"/colloque/2024/programme/{item.pk}.ics")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Atelier théâtre"]
    assert "Salle 2" in str(events[0]["LOCATION"])
    assert client.get("/colloque/2024/programme/999999.ics").status_code == 404
    assert client.get("/colloque/2099/programme.ics").status_code == 404


@pytest.mark.django_db
def test_each_item_has_its_page(client, programme, edition):
    """/colloque/<year>/programme/<slug>/: what, when, where, who, its calendar links and
    the items before and after it that day, under its own canonical address."""
    workshop = programme["workshop"]
    assert workshop.slug == "atelier-theatre"
    programme_html = client.get("/colloque/2024/programme/").content.decode()
    assert 'href="/colloque/2024/programme/atelier-theatre/">Atelier théâtre</a>' in programme_html

    html = client.get("/colloque/2024/programme/atelier-theatre/").content.decode()
    assert "<h1>Atelier théâtre</h1>" in html
    assert "Atelier</p>" in html  # its kind
    assert "Jeudi 21 novembre 2024, de" in html
    # In the venue's zone (Québec's here), with its offset: the same moment for every reader.
    assert '<time datetime="2024-11-21T10:00-05:00">' in html
    assert 'datetime="2024-11-21T11:30-05:00"' in html
    assert "heure de" not in html  # Québec's zone goes without saying
    assert "Salle 2, École Alpha" in html
    assert 'href="/colloque/2024/programme/?theme=arts">Arts</a>' in html
    assert f'href="/colloque/2024/programme/{workshop.pk}.ics"' in html
    assert "calendar.google.com" in html and "outlook.live.com" in html
    assert 'href="/colloque/2024/programme/ouverture/" rel="prev">Avant\u00a0: Ouverture' in html
    assert 'rel="next"' not in html  # the talk is on the next day
    canonical = "http://testserver/colloque/2024/programme/atelier-theatre/"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:title" content="Atelier théâtre">' in html

    talk = client.get("/colloque/2024/programme/metacognition/").content.decode()
    assert "Julie Ayroles" in talk and "Bibliothèque Beta" in talk
    assert client.get("/colloque/2024/programme/inconnue/").status_code == 404
    assert count_queries(client, "/colloque/2024/programme/atelier-theatre/") <= QUERY_BUDGET


@pytest.mark.django_db
def test_item_slugs_are_unique_within_an_edition(edition):
    first = ProgrammeItemFactory(edition=edition, title="Pause")
    second = ProgrammeItemFactory(edition=edition, title="Pause", day=edition.end_date)
    chosen = ProgrammeItemFactory(edition=edition, title="Dîner", slug="repas")
    assert (first.slug, second.slug, chosen.slug) == ("pause", "pause-2", "repas")
    second.save()  # saving again keeps its address
    assert second.slug == "pause-2"


@pytest.mark.django_db
def test_sub_pages_have_their_own_canonical_address(client, programme):
    for path in ("/colloque/2024/programme/", "/colloque/2024/intervenants/"):
        html = client.get(path, {"kind": "workshop"}).content.decode()
        assert f'<link rel="canonical" href="http://testserver{path}">' in html  # no filters
        # The breadcrumbs name the sub-page as the current one, the edition as a link.
        assert '<li><a href="/colloque/2024/">Colloque 2024</a></li>' in html
        assert 'aria-current="page">Colloque 2024<' not in html


@pytest.mark.django_db
def test_speakers_page(client, programme):
    html = client.get("/colloque/2024/intervenants/").content.decode()
    assert '<h2><a href="/colloque/intervenants/julie-ayroles/">Julie Ayroles</a></h2>' in html
    assert 'href="/colloque/2024/programme/metacognition/">Métacognition</a>' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/colloque/2024/", "/colloque/2024/programme/", "/colloque/2024/intervenants/"]
)
def test_query_count_does_not_grow_with_the_programme(client, edition, url):
    venue, speaker = VenueFactory(), SpeakerFactory()
    first = ProgrammeItemFactory(edition=edition, venue=venue)
    first.speakers.add(speaker)
    first.save()
    one = count_queries(client, url)
    for index in range(49):
        item = ProgrammeItemFactory(
            edition=edition,
            venue=venue,
            room=f"Salle {index}",
            start_time=datetime.time(8 + index % 10),
            end_time=datetime.time(9 + index % 10),
        )
        item.speakers.add(SpeakerFactory(name=f"Intervenante {index}"))
        item.save()
    assert edition.programme_items.count() == 50
    assert count_queries(client, url) == one <= QUERY_BUDGET
    if url.endswith(("/programme/", "/intervenants/")):  # the edition page lists no items
        assert "Intervenante 48" in client.get(url).content.decode()


DAY = datetime.date(2024, 11, 21)


def slot(title, start, end, *, day=DAY, venue="A", room="", speakers=()):
    return ProgrammeSlot(
        title=title,
        day=day,
        start=datetime.time(*start),
        end=datetime.time(*end),
        venue=venue,
        room=room,
        speakers=tuple(speakers),
    )


def problems(*items):
    return programme_problems(
        start_date=DAY, end_date=DAY + datetime.timedelta(days=1), items=items
    )


def test_an_item_that_ends_before_it_starts():
    assert problems(slot("Atelier", (11,), (10,))) == [
        "«\u00a0Atelier\u00a0» se termine avant de commencer (11\u00a0h–10\u00a0h)."
    ]


def test_an_item_outside_the_edition():
    [problem] = problems(slot("Atelier", (9,), (10,), day=DAY + datetime.timedelta(days=5)))
    assert "«\u00a0Atelier\u00a0»" in problem and "en dehors de l’édition" in problem


def test_two_items_in_the_same_room_at_overlapping_times():
    [problem] = problems(
        slot("Atelier A", (9,), (10,), room="Salle 2"),
        slot("Atelier B", (9, 30), (11,), room="salle 2"),
    )
    assert "«\u00a0Atelier A\u00a0» et «\u00a0Atelier B\u00a0»" in problem
    assert "même salle" in problem


def test_back_to_back_items_and_other_rooms_are_fine():
    assert not problems(
        slot("Atelier A", (9,), (10,), room="Salle 2"),
        slot("Atelier B", (10,), (11,), room="Salle 2"),
        slot("Atelier C", (9,), (10,), room="Salle 3"),
    )


def test_a_speaker_in_two_places_at_once():
    [problem] = problems(
        slot("Conférence", (9,), (10,), room="Auditorium", speakers=["Julie Ayroles"]),
        slot("Table ronde", (9, 30), (10, 30), room="Salle 1", speakers=["Julie Ayroles"]),
    )
    assert problem.startswith(
        "Julie Ayroles ne peut pas être à «\u00a0Conférence\u00a0» et à «\u00a0Table ronde\u00a0»"
    )
