"""Every calendar the site serves reads the same in icalendar, vobject and ics: the same
instants, a conventional VTIMEZONE, UIDs shared by the French and English copies."""

import datetime
from zoneinfo import ZoneInfo

import ics as ics_library
import pytest
import vobject
from icalendar import Calendar, Event

from colloque.models import EditionPage
from communities import services as community_services
from communities.models import CommunityPage, Registration, RegistrationState
from home import ics

TORONTO = ZoneInfo("America/Toronto")


def _instants(text):
    """{UID: (start, end)} in UTC, as each of the three libraries reads ``text``."""
    text = text.decode() if isinstance(text, bytes) else text
    by_icalendar = {
        str(event["UID"]): (
            event.decoded("DTSTART").astimezone(datetime.UTC),
            event.decoded("DTEND").astimezone(datetime.UTC),
        )
        for event in Calendar.from_ical(text).walk("VEVENT")
    }
    by_vobject = {
        event.uid.value: (
            event.dtstart.value.astimezone(datetime.UTC),
            event.dtend.value.astimezone(datetime.UTC),
        )
        for event in vobject.readOne(text).vevent_list
    }
    by_ics = {
        event.uid: (
            event.begin.datetime.astimezone(datetime.UTC),
            event.end.datetime.astimezone(datetime.UTC),
        )
        for event in ics_library.Calendar(text).events
    }
    return by_icalendar, by_vobject, by_ics


def _read_alike(text, expected):
    """The three libraries agree with each other and with the database's local times."""
    by_icalendar, by_vobject, by_ics = _instants(text)
    assert by_icalendar == expected
    assert by_vobject == expected
    assert by_ics == expected


# The yearly rules of each zone the demo's calendars use (ECLORE 2019 was in France).
RULES = {
    "America/Toronto": {
        "DAYLIGHT": "FREQ=YEARLY;BYDAY=2SU;BYMONTH=3",
        "STANDARD": "FREQ=YEARLY;BYDAY=1SU;BYMONTH=11",
    },
    "Europe/Paris": {
        "DAYLIGHT": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
        "STANDARD": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    },
}


def _conventional(text, zones=("America/Toronto",)):
    """One VTIMEZONE per zone of ``zones``, each with its yearly rules (no RDATE list)."""
    calendar = Calendar.from_ical(text)
    found = {str(zone["TZID"]): zone for zone in calendar.walk("VTIMEZONE")}
    assert sorted(found) == sorted(zones)
    assert b"RDATE" not in text
    for key, zone in found.items():
        rules = {part.name: part["RRULE"].to_ical().decode() for part in zone.subcomponents}
        assert rules == RULES[key]
    return calendar


def _utc(day, time, zone=TORONTO):
    return datetime.datetime.combine(day, time, zone).astimezone(datetime.UTC)


@pytest.mark.django_db
def test_community_calendars_read_alike_in_three_libraries(client, demo):
    communities = list(CommunityPage.objects.live().select_related("locale"))
    checked = 0
    for community in communities:
        sessions = community_services.public_sessions(community=community)
        if not sessions:
            continue
        text = client.get(community.get_calendar_url()).content
        _conventional(text)
        domain = text.decode().split("@", 1)[1].split("\r\n", 1)[0]
        expected = {
            f"community-session-{session.source_pk}@{domain}": (
                _utc(session.date, session.start_time),
                _utc(session.date, session.end_time),
            )
            for session in sessions
        }
        _read_alike(text, expected)
        checked += len(sessions)
    # Winter and summer sessions both: the daylight rules are what is being checked.
    assert checked >= 6


@pytest.mark.django_db
def test_programme_calendars_read_alike_and_share_uids_across_languages(client, demo):
    uids, zones_used = {}, set()
    for edition in EditionPage.objects.live().select_related("locale"):
        items = list(edition.get_programme())
        if not items:
            continue
        # Each item at its venue's local time (the colloque's without a venue).
        zones = [
            ZoneInfo(item.venue.time_zone if item.venue else "America/Toronto") for item in items
        ]
        zones_used.update(zone.key for zone in zones)
        text = client.get(edition.url + "programme.ics").content
        _conventional(text, zones={zone.key for zone in zones})
        calendar = Calendar.from_ical(text)
        events = calendar.walk("VEVENT")
        assert len(events) == len(items)
        expected = {
            str(event["UID"]): (
                _utc(item.day, item.start_time, zone),
                _utc(item.day, item.end_time, zone),
            )
            for event, item, zone in zip(events, items, zones, strict=True)
        }
        _read_alike(text, expected)
        for event in events:
            assert int(event["SEQUENCE"]) > 0
            assert event.decoded("LAST-MODIFIED") == edition.last_published_at.replace(
                microsecond=0
            )
        uids.setdefault(edition.translation_key, []).append(
            sorted(str(event["UID"]) for event in events)
        )
    assert zones_used == {"America/Toronto", "Europe/Paris"}  # the ECLORE week was in France
    translated = [copies for copies in uids.values() if len(copies) == 2]
    assert translated, "the demo has an edition in French and English"
    for french, english in translated:
        assert french == english


@pytest.mark.django_db
def test_community_uids_are_shared_by_the_translations(client, demo):
    by_key = {}
    for community in CommunityPage.objects.live():
        if community.sessions.exists():
            text = client.get(community.get_calendar_url()).content
            uids = sorted(str(e["UID"]) for e in Calendar.from_ical(text).walk("VEVENT"))
            by_key.setdefault(community.translation_key, []).append(uids)
    pairs = [copies for copies in by_key.values() if len(copies) == 2]
    assert pairs
    for french, english in pairs:
        assert french == english


@pytest.mark.django_db
def test_a_participants_feed_reminds_before_each_session(client, demo):
    registration = (
        Registration.objects.filter(state=RegistrationState.CONFIRMED, community__live=True)
        .exclude(community__sessions=None)
        .first()
    )
    token = community_services.token_of(registration)
    url = community_services.personal_calendar_url(registration=registration, token=token)
    text = client.get(url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])).content
    calendar = _conventional(text)
    events = calendar.walk("VEVENT")
    assert events
    for event in events:
        [alarm] = event.walk("VALARM")
        assert alarm.decoded("TRIGGER") == -datetime.timedelta(minutes=30)
        assert str(alarm["ACTION"]) == "DISPLAY"
    # vobject reads the alarm too.
    read = vobject.readOne(text.decode())
    assert read.vevent.valarm.trigger.value == -datetime.timedelta(minutes=30)


def _event(start):
    event = Event()
    event.add("uid", start.isoformat())
    event.add("dtstamp", datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    event.add("dtstart", start)
    event.add("dtend", start + datetime.timedelta(hours=1))
    return event


def test_a_venue_in_europe_gets_the_european_rules():
    calendar = ics.new_calendar(name="ECLORE", product="Colloque", time_zone="Europe/Paris")
    starts = [
        datetime.datetime(2019, 1, 10, 9, tzinfo=ZoneInfo("Europe/Paris")),
        datetime.datetime(2019, 5, 6, 9, tzinfo=ZoneInfo("Europe/Paris")),
        datetime.datetime(2019, 10, 28, 9, tzinfo=ZoneInfo("Europe/Paris")),
    ]
    for start in starts:
        calendar.add_component(_event(start))
    text = ics.add_timezones(calendar).to_ical()
    [zone] = Calendar.from_ical(text).walk("VTIMEZONE")
    rules = {part.name: part["RRULE"].to_ical().decode() for part in zone.subcomponents}
    assert rules == {
        "DAYLIGHT": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
        "STANDARD": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    }
    expected = {
        s.isoformat(): (
            s.astimezone(datetime.UTC),
            (s + datetime.timedelta(hours=1)).astimezone(datetime.UTC),
        )
        for s in starts
    }
    _read_alike(text, expected)


def test_a_zone_without_daylight_time_has_one_observance():
    calendar = ics.new_calendar(name="x", product="Colloque", time_zone="America/Regina")
    start = datetime.datetime(2026, 7, 1, 9, tzinfo=ZoneInfo("America/Regina"))
    calendar.add_component(_event(start))
    text = ics.add_timezones(calendar).to_ical()
    [zone] = Calendar.from_ical(text).walk("VTIMEZONE")
    assert [part.name for part in zone.subcomponents] == ["STANDARD"]
    _read_alike(
        text,
        {
            start.isoformat(): (
                start.astimezone(datetime.UTC),
                (start + datetime.timedelta(hours=1)).astimezone(datetime.UTC),
            )
        },
    )


def test_sequence_grows_with_each_change():
    earlier = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)
    later = earlier + datetime.timedelta(seconds=1)
    assert 0 < ics.sequence_of(earlier) < ics.sequence_of(later) < 2**31
