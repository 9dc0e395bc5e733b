"""Venues in their own time zone: a programme item's times are its venue's local times
(ECLORE 2019 was in France), and every page, calendar file, calendar link and JSON-LD block
puts them at the right moment."""

import datetime
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from colloque.calendar_source import events
from colloque.models import EditionVenue
from colloque.services import (
    PROGRAMME_TIME_ZONE,
    ProgrammeSlot,
    build_calendar,
    item_time_zone,
    programme_problems,
)
from factories.colloque import (
    EditionPageFactory,
    ProgrammeItemFactory,
    SpeakerFactory,
    VenueFactory,
)
from home.formatting import format_time_zone, time_zone_note
from tests.home.test_calendar_links import links_of, query
from tests.home.test_ics import _read_alike
from tests.pages import QUERY_BUDGET, count_queries

pytestmark = pytest.mark.django_db

PARIS, TORONTO = ZoneInfo("Europe/Paris"), ZoneInfo("America/Toronto")
UTC = datetime.UTC
DAY = datetime.date(2019, 5, 6)  # May: Paris at +02:00, Toronto at -04:00
T = datetime.time


@pytest.fixture
def spring(series):
    """A May edition in two countries: a talk in Paris at 9 h, a workshop in Montréal at
    9 h 30, and a break with no venue (the colloque's zone) at 10 h."""
    edition = EditionPageFactory(
        parent=series, year=2019, start_date=DAY, end_date=DAY + datetime.timedelta(days=1)
    )
    paris = VenueFactory(name="Lycée de Paris", town="Paris", time_zone="Europe/Paris")
    montreal = VenueFactory(name="École de Montréal", town="Montréal")
    talk = ProgrammeItemFactory(
        edition=edition, title="Conférence", venue=paris, start_time=T(9), end_time=T(10)
    )
    workshop = ProgrammeItemFactory(
        edition=edition,
        kind="workshop",
        title="Atelier",
        venue=montreal,
        start_time=T(9, 30),
        end_time=T(10, 30),
    )
    pause = ProgrammeItemFactory(
        edition=edition, kind="break", title="Pause", start_time=T(10), end_time=T(10, 15)
    )
    edition.venues = [EditionVenue(venue=paris), EditionVenue(venue=montreal)]
    edition.save_revision().publish()
    return {
        "edition": edition,
        "paris": paris,
        "montreal": montreal,
        "talk": talk,
        "workshop": workshop,
        "pause": pause,
    }


# The venue's zone ------------------------------------------------------------------------


def test_a_venue_is_in_the_colloques_zone_unless_told():
    venue = VenueFactory()
    assert venue.time_zone == "America/Toronto" == PROGRAMME_TIME_ZONE.key
    assert venue.zone == TORONTO
    venue.time_zone = "Europe/Paris"
    venue.full_clean()
    assert venue.zone == PARIS


@pytest.mark.parametrize("name", ["Europe/Atlantis", "Paris", "Etc/GMT+5", "EST", "UTC", ""])
def test_a_venue_refuses_a_zone_that_is_not_a_place(name):
    venue = VenueFactory.build(time_zone=name)
    with pytest.raises(ValidationError) as refused:
        venue.full_clean()
    assert "time_zone" in refused.value.message_dict


def test_the_admin_form_offers_the_zones_by_region(admin_client):
    html = admin_client.get(reverse("wagtailsnippets_colloque_venue:add")).content.decode()
    select = html.split('name="time_zone"')[1].split("</select>")[0]
    assert '<optgroup label="Europe">' in select
    assert re.search(r'<option value="Europe/Paris"\s*>Paris</option>', select)
    assert re.search(r'<option value="America/Toronto"\s*selected>Toronto</option>', select)
    assert "Etc/GMT" not in select


# Instants ----------------------------------------------------------------------------------


def test_an_items_times_are_its_venues_local_times(spring):
    talk, workshop, pause = spring["talk"], spring["workshop"], spring["pause"]
    assert item_time_zone(item=talk) == PARIS
    assert talk.starts_at.astimezone(UTC) == datetime.datetime(2019, 5, 6, 7, tzinfo=UTC)
    assert talk.ends_at.astimezone(UTC) == datetime.datetime(2019, 5, 6, 8, tzinfo=UTC)
    assert item_time_zone(item=workshop) == TORONTO
    assert workshop.starts_at.astimezone(UTC) == datetime.datetime(2019, 5, 6, 13, 30, tzinfo=UTC)
    # Without a venue, the colloque's zone.
    assert item_time_zone(item=pause) == PROGRAMME_TIME_ZONE
    assert pause.starts_at.astimezone(UTC) == datetime.datetime(2019, 5, 6, 14, tzinfo=UTC)


def test_a_speaker_may_be_at_9_in_paris_and_at_9_in_montreal(spring):
    """The programme's rules compare moments: 9 h in Paris is 3 h in Montréal."""
    speaker = SpeakerFactory()

    def slot(title, venue, start, end):
        return ProgrammeSlot(
            title=title, day=DAY, start=start, end=end, venue=venue, speakers=(speaker,)
        )

    paris, montreal = spring["paris"], spring["montreal"]
    problems = programme_problems(
        start_date=DAY,
        end_date=DAY,
        items=[slot("Paris", paris, T(9), T(10)), slot("Montréal", montreal, T(9), T(10))],
    )
    assert problems == []
    # 15 h in Paris is 9 h in Montréal: the same moment.
    problems = programme_problems(
        start_date=DAY,
        end_date=DAY,
        items=[slot("Paris", paris, T(15), T(16)), slot("Montréal", montreal, T(9), T(10))],
    )
    assert len(problems) == 1 and speaker.name in problems[0]


# Calendar files ----------------------------------------------------------------------------


def _zones_of(text):
    calendar = Calendar.from_ical(text)
    return {
        str(zone["TZID"]): {p.name: p["RRULE"].to_ical().decode() for p in zone.subcomponents}
        for zone in calendar.walk("VTIMEZONE")
    }


PARIS_RULES = {
    "DAYLIGHT": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
    "STANDARD": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
}
TORONTO_RULES = {
    "DAYLIGHT": "FREQ=YEARLY;BYDAY=2SU;BYMONTH=3",
    "STANDARD": "FREQ=YEARLY;BYDAY=1SU;BYMONTH=11",
}


def _expected(text, instants):
    """{UID: (start, end)} of the calendar's events, in its order, from (start, end) in UTC."""
    uids = [str(event["UID"]) for event in Calendar.from_ical(text).walk("VEVENT")]
    return dict(zip(uids, instants, strict=True))


def at(hour, minute=0):
    return datetime.datetime(2019, 5, 6, hour, minute, tzinfo=UTC)


def test_the_programme_calendar_carries_each_venues_zone(client, spring):
    text = client.get("/colloque/2019/programme.ics").content
    assert b"DTSTART;TZID=Europe/Paris:20190506T090000" in text
    assert b"DTSTART;TZID=America/Toronto:20190506T093000" in text
    assert b"RDATE" not in text
    # One conventional VTIMEZONE per zone used, before the events.
    assert _zones_of(text) == {"Europe/Paris": PARIS_RULES, "America/Toronto": TORONTO_RULES}
    assert text.index(b"BEGIN:VTIMEZONE") < text.index(b"BEGIN:VEVENT")
    # Two zones: clients show the calendar in the colloque's.
    assert b"X-WR-TIMEZONE:America/Toronto" in text
    # In the programme's order (by wall-clock times): Paris at 9 h, Montréal at 9 h 30, then
    # the break at 10 h in the colloque's zone.
    instants = [(at(7), at(8)), (at(13, 30), at(14, 30)), (at(14), at(14, 15))]
    _read_alike(text, _expected(text, instants))


def test_an_items_calendar_is_in_its_venues_zone(client, spring):
    talk = spring["talk"]
    text = client.get(f"/colloque/2019/programme/{talk.pk}.ics").content
    assert _zones_of(text) == {"Europe/Paris": PARIS_RULES}
    assert b"X-WR-TIMEZONE:Europe/Paris" in text
    _read_alike(text, _expected(text, [(at(7), at(8))]))


def test_a_winter_item_in_paris_reads_at_plus_one(spring):
    """November, as the ECLORE week: Paris at +01:00 (and the rules still say when)."""
    edition, paris = spring["edition"], spring["paris"]
    item = ProgrammeItemFactory(
        edition=edition,
        venue=paris,
        day=datetime.date(2019, 11, 25),
        start_time=T(9),
        end_time=T(12),
    )
    text = build_calendar(edition=edition, items=[item]).to_ical()
    november = datetime.datetime(2019, 11, 25, 8, tzinfo=UTC)
    _read_alike(text, _expected(text, [(november, november + datetime.timedelta(hours=3))]))


# Calendar links and JSON-LD ------------------------------------------------------------------


def test_google_and_outlook_get_the_moment_in_utc(client, spring):
    talk = spring["talk"]
    links = links_of(client.get(talk.get_url()).content.decode())
    google = query(links[f"Google Agenda ({talk.title})"])
    assert google["dates"] == "20190506T070000Z/20190506T080000Z"  # 9 h to 10 h in Paris
    outlook = query(links[f"Outlook ({talk.title})"])
    assert outlook["startdt"] == "2019-05-06T07:00:00+00:00"
    assert outlook["enddt"] == "2019-05-06T08:00:00+00:00"


def _event_data(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    [event] = [data for data in map(json.loads, blocks) if data.get("@type") == "Event"]
    return event


def test_structured_data_carries_the_venues_offset(client, spring):
    data = _event_data(client.get(spring["talk"].get_url()).content.decode())
    assert (data["startDate"], data["endDate"]) == (
        "2019-05-06T09:00:00+02:00",
        "2019-05-06T10:00:00+02:00",
    )
    data = _event_data(client.get(spring["workshop"].get_url()).content.decode())
    assert data["startDate"] == "2019-05-06T09:30:00-04:00"


# Pages -----------------------------------------------------------------------------------------


def _time_paragraph(html, marker):
    """The paragraph of times of the item whose page or anchor ``marker`` names."""
    return html.split(marker, 1)[1].split('class="programme-item__time">', 1)[1].split("</p>")[0]


def test_the_programme_says_which_zone_when_not_quebecs(client, spring):
    html = client.get("/colloque/2019/programme/").content.decode()
    paris = _time_paragraph(html, f'id="{spring["talk"].anchor}"')
    assert paris == (
        'De <time datetime="2019-05-06T09:00+02:00">9\u00a0h</time> à '
        '<time datetime="2019-05-06T10:00+02:00">10\u00a0h</time> (heure de Paris)'
    )
    montreal = _time_paragraph(html, f'id="{spring["workshop"].anchor}"')
    assert 'datetime="2019-05-06T09:30-04:00"' in montreal
    assert "heure" not in montreal
    assert html.count("(heure de Paris)") == 1


def test_an_items_page_shows_its_venues_time(client, spring):
    html = client.get(spring["talk"].get_url()).content.decode()
    times = _time_paragraph(html, "<h1>")
    assert times.startswith("Lundi 6 mai 2019, de ")
    assert 'datetime="2019-05-06T09:00+02:00"' in times
    assert times.endswith("(heure de Paris)")
    html = client.get(spring["workshop"].get_url()).content.decode()
    assert "heure de" not in _time_paragraph(html, "<h1>")


def test_the_edition_page_names_the_zone_of_a_venue_abroad(client, spring):
    html = client.get("/colloque/2019/").content.decode()
    practical = html.split('id="practical-title"')[1].split("</dl>")[0]
    assert "Lycée de Paris, 1 rue Principale, Paris (heure de Paris)" in practical
    assert "École de Montréal, 1 rue Principale, Montréal</dd>" in practical


def test_zones_cost_no_query(client, series):
    """The zone comes with the venue the programme already reads: one item or many, in one
    zone or several, the same queries."""
    edition = EditionPageFactory(parent=series, year=2019, start_date=DAY, end_date=DAY)
    paris = VenueFactory(time_zone="Europe/Paris")
    ProgrammeItemFactory(edition=edition, venue=paris)
    edition.venues = [EditionVenue(venue=paris)]
    edition.save_revision().publish()
    urls = ["/colloque/2019/", "/colloque/2019/programme/", "/colloque/2019/programme.ics"]
    one = [count_queries(client, url) for url in urls]
    others = [VenueFactory(time_zone=zone) for zone in ("America/Toronto", "Asia/Tokyo")]
    for n, venue in enumerate([paris, *others] * 2):
        ProgrammeItemFactory(edition=edition, venue=venue, start_time=T(10 + n), end_time=T(11 + n))
    edition.venues = [EditionVenue(venue=venue) for venue in (paris, *others)]
    edition.save_revision().publish()
    assert [count_queries(client, url) for url in urls] == one
    assert max(one) <= QUERY_BUDGET


def test_the_admin_calendar_keeps_typed_times_and_names_the_zone(spring, admin_user):
    """Staff read the times they typed; abroad, the calendar says whose clock it is."""
    found = {event.title: event for event in events(start=DAY, end=DAY, user=admin_user)}
    assert (found["Conférence"].start, found["Conférence"].end) == (T(9), T(10))
    assert found["Conférence"].where == "Lycée de Paris (heure de Paris)"
    assert found["Atelier"].where == "École de Montréal"


# Words -------------------------------------------------------------------------------------------


def test_a_zone_is_named_after_its_place_in_each_language():
    assert format_time_zone(PARIS, language="fr") == "heure de Paris"
    assert format_time_zone(PARIS, language="en") == "Paris time"
    assert format_time_zone(ZoneInfo("Europe/Istanbul"), language="fr") == "heure d’Istanbul"
    assert format_time_zone(ZoneInfo("America/St_Johns"), language="en") == "St Johns time"
    assert time_zone_note(PARIS, language="en") == "(Paris time)"
    assert time_zone_note(TORONTO, language="fr") == ""
    assert time_zone_note(None) == ""


def test_time_range_html_writes_the_offset_of_the_day():
    source = (
        "{% load formatting %}"
        "{% time_range_html day start end zone=zone %}{% time_zone_note zone %}"
    )
    with translation.override("en"):
        html = Template(source).render(
            Context({"day": DAY, "start": T(9), "end": T(10), "zone": PARIS})
        )
    assert html == (
        '<time datetime="2019-05-06T09:00+02:00">9</time> to '
        '<time datetime="2019-05-06T10:00+02:00">10\u00a0a.m.</time> (Paris time)'
    )
