"""The admin calendar: everything that happens, from every app, by month or by week, with
what clashes (the same room, or the same person, at the same time).

The base knows no domain app: apps register a source with the
`register_admin_calendar_source` hook (a CalendarSource), as Wagtail's own hooks work.
All times are Québec's (the programme's and the sessions' own).
"""

import calendar
import datetime
import itertools
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from ..formatting import format_date, format_month

HOOK = "register_admin_calendar_source"
CALENDAR_URL_NAME = "admin_calendar"


@dataclass
class CalendarEvent:
    source: str  # the source's name, e.g. "programme", "sessions"
    title: str
    context: str  # what it belongs to: an edition, a community
    day: datetime.date
    start: datetime.time
    end: datetime.time
    where: str = ""
    room: tuple | None = None  # what "the same room" means; None when it is not known
    people: tuple = ()  # names of who leads it
    url: str = ""
    conflicts: list = field(default_factory=list)
    zone: datetime.tzinfo | None = None  # where the typed times are read; None: the site's

    @property
    def sort_key(self):
        return (self.day, self.start, self.end, self.title)

    def _at(self, moment):
        return datetime.datetime.combine(
            self.day, moment, self.zone or timezone.get_default_timezone()
        )

    def overlaps(self, other):
        """Whether the two take place at the same moment: 9 h in Paris is not 9 h here."""
        return self._at(self.start) < other._at(other.end) and other._at(other.start) < self._at(
            self.end
        )


@dataclass
class CalendarSource:
    """What an app adds to the calendar: `events(start=, end=, user=)` gives the events of
    the days from `start` to `end` included; `is_shown(user)` whether this user sees them."""

    name: str
    label: str
    events: object
    is_shown: object


def sources(*, user):
    found = [hook() for hook in hooks.get_hooks(HOOK)]
    return [source for source in found if source.is_shown(user)]


def can_see(*, user):
    return user.is_active and bool(sources(user=user))


@dataclass
class Conflict:
    kind: str  # "room" or "person"
    first: CalendarEvent
    second: CalendarEvent
    detail: str  # the room or the person

    @property
    def description(self):
        if self.kind == "room":
            return _("“%(first)s” and “%(second)s” are in the same room (%(room)s).") % {
                "first": self.first.title,
                "second": self.second.title,
                "room": self.detail,
            }
        return _("%(person)s is expected at “%(first)s” and at “%(second)s”.") % {
            "person": self.detail,
            "first": self.first.title,
            "second": self.second.title,
        }


def _person_key(name):
    return " ".join(name.split()).casefold()


def find_conflicts(events):
    """Every pair of events at the same time in the same room or led by the same person.

    Each event is told its conflicts (event.conflicts); returns them all, by date."""
    conflicts = []
    by_day = itertools.groupby(sorted(events, key=lambda e: e.sort_key), key=lambda e: e.day)
    for _day, day_events in by_day:
        for first, second in itertools.combinations(list(day_events), 2):
            if not first.overlaps(second):
                continue
            if first.room is not None and first.room == second.room:
                conflicts.append(Conflict("room", first, second, first.where))
            names = {_person_key(name): name for name in first.people}
            for key in sorted(names.keys() & {_person_key(name) for name in second.people}):
                conflicts.append(Conflict("person", first, second, names[key]))
    for conflict in conflicts:
        conflict.first.conflicts.append(conflict)
        conflict.second.conflicts.append(conflict)
    return conflicts


def events_between(*, start, end, user):
    events = []
    for source in sources(user=user):
        events.extend(source.events(start=start, end=end, user=user))
    return sorted(events, key=lambda event: event.sort_key)


@dataclass
class Day:
    date: datetime.date
    in_period: bool
    events: list


@dataclass
class CalendarPeriod:
    view: str  # "month" or "week"
    start: datetime.date
    end: datetime.date
    weeks: list  # [[Day × 7]]
    conflicts: list
    previous: str  # query strings
    following: str
    label: str

    @property
    def days(self):
        return [day for week in self.weeks for day in week if day.in_period]

    @property
    def event_count(self):
        return sum(len(day.events) for day in self.days)


def _parse_month(value, today):
    try:
        year, month = (int(part) for part in value.split("-"))
        return datetime.date(year, month, 1)
    except (ValueError, AttributeError):
        return today.replace(day=1)


def _parse_week(value, today):
    try:
        return datetime.date.fromisoformat(f"{value}-1")  # "2026-W47" → its Monday
    except (ValueError, TypeError):
        return today - datetime.timedelta(days=today.weekday())


def week_query(day):
    year, week, _weekday = day.isocalendar()
    return f"vue=semaine&semaine={year}-W{week:02d}"


def period(*, params, user, today):
    """The month or week asked for in `params` (?vue=semaine&semaine=2026-W47,
    ?mois=2026-11), with its events and conflicts; today's month by default."""
    if params.get("vue") == "semaine":
        monday = _parse_week(params.get("semaine"), today)
        start, end = monday, monday + datetime.timedelta(days=6)
        grid = [[start + datetime.timedelta(days=n) for n in range(7)]]
        previous, following = start - datetime.timedelta(days=7), start + datetime.timedelta(days=7)
        label = _("Week of %(date)s") % {"date": format_date(start)}
        view, previous_query, following_query = (
            "week",
            week_query(previous),
            week_query(following),
        )
    else:
        first = _parse_month(params.get("mois"), today)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        start, end = first, last
        grid = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
        previous = (first - datetime.timedelta(days=1)).replace(day=1)
        following = last + datetime.timedelta(days=1)
        view = "month"
        previous_query = f"mois={previous:%Y-%m}"
        following_query = f"mois={following:%Y-%m}"
        label = format_month(first).capitalize()
    events = events_between(start=grid[0][0], end=grid[-1][-1], user=user)
    by_day = {
        day: list(group) for day, group in itertools.groupby(events, key=lambda event: event.day)
    }
    # Every event shown is marked, the days of the next month's first week included; the
    # list above the calendar names those of the period.
    conflicts = [c for c in find_conflicts(events) if start <= c.first.day <= end]
    weeks = [
        [Day(date=day, in_period=start <= day <= end, events=by_day.get(day, [])) for day in week]
        for week in grid
    ]
    return CalendarPeriod(
        view=view,
        start=start,
        end=end,
        weeks=weeks,
        conflicts=conflicts,
        previous=previous_query,
        following=following_query,
        label=label,
    )


def calendar_view(request):
    """Every programme item and session by month or week, with conflicts; plain links and
    a table, so it works without JavaScript."""
    if not can_see(user=request.user):
        raise PermissionDenied
    shown = period(params=request.GET, user=request.user, today=timezone.localdate())
    title = _("Calendar")
    return TemplateResponse(
        request,
        "home/admin/calendar.html",
        {
            "period": shown,
            "sources": sources(user=request.user),
            "week_query": week_query(shown.start),
            "month_query": f"mois={shown.start:%Y-%m}",
            "header_title": title,
            "page_title": title,
            "page_subtitle": shown.label,
        },
    )


class CalendarMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see(user=request.user)
