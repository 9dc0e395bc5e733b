"""Calendar files every client reads the same way.

icalendar's ``add_missing_timezones()`` writes a VTIMEZONE as one RDATE per transition
(1970–2038, 2.6 KB for America/Toronto): vobject and some desktop clients then place
summer events an hour late. This module writes the conventional form instead, one
STANDARD and one DAYLIGHT rule with an RRULE (``BYMONTH``/``BYDAY``), as Outlook, Google
and Apple write them, checked against the zone's real transitions.
"""

import datetime
import functools
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Timezone, TimezoneDaylight, TimezoneStandard

# SEQUENCE must grow from one version of an event to the next; seconds since a fixed date
# do, and fit the 32-bit integers calendar programs expect for decades.
_SEQUENCE_EPOCH = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def new_calendar(*, name, product, time_zone):
    calendar = Calendar()
    calendar.add("prodid", f"-//Expressives//{product}//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(time_zone))
    return calendar


def sequence_of(changed_at):
    """The SEQUENCE of an event last changed at ``changed_at``: later changes, higher."""
    return max(0, int((changed_at - _SEQUENCE_EPOCH).total_seconds()))


def versioned(event, *, changed_at):
    """SEQUENCE and LAST-MODIFIED, so that re-importing a moved event replaces it."""
    event.add("sequence", sequence_of(changed_at))
    event.add("last-modified", changed_at.astimezone(datetime.UTC))


def add_alarm(event, *, before, description):
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", description)
    alarm.add("trigger", -before)
    event.add_component(alarm)


@functools.cache  # pure arithmetic on the zone's rules: the same answer every time
def _transitions(key, year):
    """The changes of UTC offset of zone ``key`` during ``year``, as (local wall time just
    before the change, offset before, offset after, whether the new offset is daylight)."""
    zone = ZoneInfo(key)
    found = []
    day, minute = datetime.timedelta(days=1), datetime.timedelta(minutes=1)
    instant = datetime.datetime(year, 1, 1, tzinfo=datetime.UTC)
    previous = instant.astimezone(zone).utcoffset()
    while instant.year == year:
        if (instant + day).astimezone(zone).utcoffset() != previous:
            while instant.astimezone(zone).utcoffset() == previous:  # to the minute
                instant += minute
            after = instant.astimezone(zone)
            wall = (instant.astimezone(datetime.timezone(previous))).replace(tzinfo=None)
            found.append((wall, previous, after.utcoffset(), bool(after.dst())))
            previous = after.utcoffset()
        instant += day
    return tuple(found)


def _rules(key, first, last):
    """The yearly rules of zone ``key`` if every year from ``first`` to ``last`` follows
    them (same months, weekdays and hours), else None."""
    rules = None
    for year in range(first, last + 1):
        shape = [
            (wall.month, _byday(wall), wall.time(), before, after, dst)
            for wall, before, after, dst in _transitions(key, year)
        ]
        if rules is None:
            rules = shape
        elif shape != rules:
            return None
    return rules


def _byday(day):
    """The RRULE BYDAY of ``day`` in its month: 2SU (second Sunday), -1SU (last Sunday)…"""
    weekday = _WEEKDAYS[day.weekday()]
    if (day + datetime.timedelta(days=7)).month != day.month:
        return f"-1{weekday}"  # "last": stays right in months of four and five weeks
    return f"{(day.day - 1) // 7 + 1}{weekday}"


def _nth_weekday(year, month, byday):
    """The day of ``month`` that an RRULE BYDAY such as 2SU or -1SU names in ``year``."""
    weekday, nth = _WEEKDAYS.index(byday[-2:]), int(byday[:-2])
    if nth > 0:
        first = datetime.date(year, month, 1)
        return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    last = following - datetime.timedelta(days=1)
    return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)


def _observance(wall, before, after, is_dst, zone):
    part = TimezoneDaylight() if is_dst else TimezoneStandard()
    part.add("dtstart", wall)
    part.add("tzoffsetfrom", before)
    part.add("tzoffsetto", after)
    part.add("tzname", (wall + datetime.timedelta(days=1)).replace(tzinfo=zone).tzname())
    return part


def vtimezone(zone, *, first, last):
    """A VTIMEZONE for ``zone`` covering the years ``first`` to ``last``: yearly rules when
    the zone kept the same ones all along (the usual case), else each change listed."""
    component = Timezone()
    component.add("tzid", zone.key)
    # Rules start the year before the first event: an event in January needs the
    # observance that began the previous autumn.
    start = first - 1
    changes = [c for year in range(start, last + 1) for c in _transitions(zone.key, year)]
    if not changes:
        moment = datetime.datetime(first, 1, 1, tzinfo=zone)
        part = TimezoneStandard()
        part.add("dtstart", datetime.datetime(1970, 1, 1))
        part.add("tzoffsetfrom", moment.utcoffset())
        part.add("tzoffsetto", moment.utcoffset())
        part.add("tzname", moment.tzname())
        component.add_component(part)
    elif _rules(zone.key, start, last) is not None:
        for wall, before, after, is_dst in _transitions(zone.key, start):
            byday = _byday(wall)
            # From 1970, as Google and Outlook write them: every calendar then carries the
            # same text for a zone, and clients that keep one definition per TZID (vobject
            # does) never apply rules that start after an event of another calendar.
            first_wall = datetime.datetime.combine(
                _nth_weekday(1970, wall.month, byday), wall.time()
            )
            part = _observance(first_wall, before, after, is_dst, zone)
            part.add("rrule", {"freq": "yearly", "bymonth": wall.month, "byday": byday})
            component.add_component(part)
    else:
        for change in changes:
            component.add_component(_observance(*change, zone))
    return component


def add_timezones(calendar):
    """A conventional VTIMEZONE for every zone the calendar's events use."""
    years = {}
    for event in calendar.walk("VEVENT"):
        for name in ("dtstart", "dtend"):
            value = event.decoded(name, None)
            if isinstance(value, datetime.datetime) and isinstance(value.tzinfo, ZoneInfo):
                years.setdefault(value.tzinfo.key, set()).add(value.year)
    components = [
        vtimezone(ZoneInfo(key), first=min(found), last=max(found))
        for key, found in sorted(years.items())
    ]
    # VTIMEZONEs come before the events that name them, as RFC 5545's examples show.
    calendar.subcomponents[:0] = components
    return calendar
