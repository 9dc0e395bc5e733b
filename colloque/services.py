"""Rules of the programme: what the admin refuses, how visitors filter it, calendar export."""

import datetime
import itertools
from dataclasses import dataclass, field
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event

from home.services import calendar_domain

PROGRAMME_TIME_ZONE = ZoneInfo("America/Toronto")


@dataclass(frozen=True)
class ProgrammeSlot:
    """The part of a programme item the rules look at, from a saved item or a form."""

    title: str
    day: datetime.date | None
    start: datetime.time | None
    end: datetime.time | None
    venue: object = None
    room: str = ""
    speakers: tuple = ()

    @classmethod
    def from_data(cls, data):
        return cls(
            title=data.get("title") or "?",
            day=data.get("day"),
            start=data.get("start_time"),
            end=data.get("end_time"),
            venue=data.get("venue"),
            room=(data.get("room") or "").strip(),
            speakers=tuple(data.get("speakers") or ()),
        )

    @property
    def is_timed(self):
        return bool(self.day and self.start and self.end and self.end > self.start)

    def overlaps(self, other):
        return (
            self.is_timed
            and other.is_timed
            and self.day == other.day
            and self.start < other.end
            and other.start < self.end
        )


def _when(slot):
    return f"{formats.date_format(slot.day, 'j F')} {slot.start:%H:%M}–{slot.end:%H:%M}"


def programme_problems(*, start_date, end_date, items):
    """Every reason the programme cannot happen, each naming the items involved."""
    problems = []
    for item in items:
        if item.start and item.end and item.end <= item.start:
            problems.append(
                _("“%(title)s” ends before it starts (%(start)s–%(end)s).")
                % {"title": item.title, "start": f"{item.start:%H:%M}", "end": f"{item.end:%H:%M}"}
            )
        if item.day and start_date and end_date and not start_date <= item.day <= end_date:
            problems.append(
                _("“%(title)s” is on %(day)s, outside the edition (%(start)s to %(end)s).")
                % {
                    "title": item.title,
                    "day": formats.date_format(item.day, "j F Y"),
                    "start": formats.date_format(start_date, "j F Y"),
                    "end": formats.date_format(end_date, "j F Y"),
                }
            )
    for first, second in itertools.combinations(items, 2):
        if not first.overlaps(second):
            continue
        same_room = (
            first.venue is not None
            and first.venue == second.venue
            and first.room
            and first.room.casefold() == second.room.casefold()
        )
        if same_room:
            problems.append(
                _("“%(first)s” and “%(second)s” overlap in the same room (%(room)s, %(when)s).")
                % {
                    "first": first.title,
                    "second": second.title,
                    "room": first.room,
                    "when": _when(first),
                }
            )
        for speaker in set(first.speakers) & set(second.speakers):
            problems.append(
                _(
                    "%(speaker)s cannot be at “%(first)s” and “%(second)s” "
                    "at the same time (%(when)s)."
                )
                % {
                    "speaker": speaker,
                    "first": first.title,
                    "second": second.title,
                    "when": _when(first),
                }
            )
    return problems


def split_editions(*, editions):
    """Editions still to come (soonest first), then those that are over (newest first)."""
    from .models import EditionStatus

    editions = list(editions)
    upcoming = sorted((e for e in editions if e.status != EditionStatus.OVER), key=lambda e: e.year)
    past = [e for e in editions if e.status == EditionStatus.OVER]
    return upcoming, past


@dataclass
class FilterOption:
    value: str
    label: str
    query: str
    selected: bool


# Each filter: its GET parameter, heading, and how many options make it worth showing
# (a single venue is no choice at all).
FILTER_GROUPS = (
    ("kind", gettext_lazy("Kind"), 1),
    ("theme", gettext_lazy("Theme"), 1),
    ("venue", gettext_lazy("Venue"), 2),
)


@dataclass
class ProgrammeFilters:
    kind: str = ""
    theme: str = ""
    venue: str = ""
    options: dict = field(default_factory=dict)

    @property
    def groups(self):
        """(name, heading, options) for each filter worth showing, in display order."""
        return [
            (name, heading, self.options[name])
            for name, heading, minimum in FILTER_GROUPS
            if len(self.options.get(name, ())) >= minimum
        ]

    @property
    def active(self):
        return any((self.kind, self.theme, self.venue))

    def matches(self, item):
        return (
            (not self.kind or item.kind == self.kind)
            and (not self.theme or any(t.slug == self.theme for t in item.themes.all()))
            and (not self.venue or str(item.venue_id) == self.venue)
        )


def programme_filters(*, items, params):
    """Filters offered as plain links: only values present in the programme, each link keeping
    the other filters and toggling its own."""
    from .models import ProgrammeItemKind

    chosen = {name: (params.get(name) or "").strip() for name in ("kind", "theme", "venue")}
    kinds, themes, venues = {}, {}, {}
    for item in items:
        kinds[item.kind] = ProgrammeItemKind(item.kind).label
        for theme in item.themes.all():
            themes[theme.slug] = theme.name
        if item.venue_id:
            venues[str(item.venue_id)] = item.venue.name
    filters = ProgrammeFilters(**chosen)
    for name, values in (("kind", kinds), ("theme", themes), ("venue", venues)):
        if chosen[name] not in values:
            setattr(filters, name, "")  # unknown values are ignored rather than emptying the page
        options = []
        for value, label in sorted(values.items(), key=lambda pair: str(pair[1])):
            selected = getattr(filters, name) == value
            query = {
                k: getattr(filters, k) for k in ("kind", "theme", "venue") if getattr(filters, k)
            }
            if selected:
                query.pop(name)
            else:
                query[name] = value
            options.append(FilterOption(value, str(label), urlencode(query), selected))
        filters.options[name] = options
    return filters


def filter_programme(*, items, filters):
    """The items that match, grouped by day then ordered by time: [(day, [items])]."""
    matching = [item for item in items if filters.matches(item)]
    return [(day, list(group)) for day, group in itertools.groupby(matching, key=lambda i: i.day)]


def edition_speakers(*, edition):
    from .models import ProgrammeItem, Speaker

    return (
        Speaker.objects.filter(programme_items__edition=edition)
        .distinct()
        .select_related("photo")
        .prefetch_related(
            "photo__renditions",
            Prefetch(
                "programme_items",
                queryset=ProgrammeItem.objects.filter(edition=edition).order_by(
                    "day", "start_time"
                ),
                to_attr="edition_items",
            ),
        )
        .order_by("name")
    )


def build_calendar(*, edition, items, request=None):
    """An RFC 5545 calendar of programme items, in America/Toronto time with its VTIMEZONE."""
    calendar = Calendar()
    calendar.add("prodid", "-//Expressives//Colloque//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", edition.title)
    calendar.add("x-wr-timezone", str(PROGRAMME_TIME_ZONE))
    stamp = edition.last_published_at or timezone.now()
    programme_url = edition.get_full_url(request) + edition.reverse_subpage("programme")
    domain = calendar_domain()
    for item in items:
        event = Event()
        # Stable across exports and edits: the item's identity, not its content.
        event.add("uid", f"programme-item-{item.pk}@{domain}")
        event.add("dtstamp", stamp)
        event.add(
            "dtstart", datetime.datetime.combine(item.day, item.start_time, PROGRAMME_TIME_ZONE)
        )
        event.add("dtend", datetime.datetime.combine(item.day, item.end_time, PROGRAMME_TIME_ZONE))
        event.add("summary", item.title)
        speakers = ", ".join(speaker.name for speaker in item.speakers.all())
        description = "\n\n".join(part for part in (item.description, speakers) if part)
        if description:
            event.add("description", description)
        location = ", ".join(
            part for part in (item.room, item.venue.location if item.venue else "") if part
        )
        if location:
            event.add("location", location)
        event.add("url", f"{programme_url}#{item.anchor}")
        event.add("categories", [str(item.get_kind_display())])
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar


def calendar_response(*, edition, items, request):
    items = list(items)
    calendar = build_calendar(edition=edition, items=items, request=request)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    name = (
        f"programme-{edition.year}"
        if len(items) != 1
        else f"programme-{edition.year}-{items[0].pk}"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    return response
