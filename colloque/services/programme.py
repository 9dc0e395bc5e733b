"""The programme of an edition: what the admin refuses (items outside the edition, overlaps
in a room or for a speaker), and its items (slugs, translations, a day's order, speakers)."""

import datetime
import itertools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Prefetch
from django.utils.text import slugify
from django.utils.translation import gettext as _

from home.formatting import format_date, format_time, format_time_range

# The colloque's zone (settings.TIME_ZONE): a venue's by default, and an item's without one.
PROGRAMME_TIME_ZONE = ZoneInfo("America/Toronto")


def item_time_zone(*, item):
    """The zone an item's times are written in: its venue's (ECLORE 2019 was in France),
    else the colloque's. Anything with a ``venue`` (a saved item, a slot from the admin's
    form; a slot that names its venue by id alone counts as the colloque's): the one place
    that says what a venue-less time means."""
    return getattr(item.venue, "zone", None) or PROGRAMME_TIME_ZONE


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

    def instants(self):
        """(start, end) as moments: two items in two zones overlap by the clock of neither."""
        zone = item_time_zone(item=self)
        return (
            datetime.datetime.combine(self.day, self.start, zone),
            datetime.datetime.combine(self.day, self.end, zone),
        )

    def overlaps(self, other):
        if not (self.is_timed and other.is_timed):
            return False
        (start, end), (other_start, other_end) = self.instants(), other.instants()
        return start < other_end and other_start < end


def _when(slot):
    day = format_date(slot.day, year=False)
    return f"{day}, {format_time_range(slot.start, slot.end)}"


def programme_problems(*, start_date, end_date, items):
    """Every reason the programme cannot happen, each naming the items involved."""
    problems = []
    for item in items:
        if item.start and item.end and item.end <= item.start:
            problems.append(
                _("“%(title)s” ends before it starts (%(start)s–%(end)s).")
                % {
                    "title": item.title,
                    "start": format_time(item.start),
                    "end": format_time(item.end),
                }
            )
        if item.day and start_date and end_date and not start_date <= item.day <= end_date:
            problems.append(
                _("“%(title)s” is on %(day)s, outside the edition (%(start)s to %(end)s).")
                % {
                    "title": item.title,
                    "day": format_date(item.day),
                    "start": format_date(start_date),
                    "end": format_date(end_date),
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


def item_slug(*, item):
    """The item's slug, or one made from its title, made unique within its edition by a
    number (two "Pause" on two days are pause and pause-2)."""
    from ..models import ProgrammeItem  # noqa: PLC0415 (colloque.models imports this module)

    siblings = ProgrammeItem.objects.filter(edition_id=item.edition_id).exclude(pk=item.pk)
    return unique_slug(source=item.slug or item.title, siblings=siblings, fallback="activite")


def unique_slug(*, source, siblings, fallback):
    """``source`` as a slug (70 characters at most, ``fallback`` when nothing is left), made
    unique among the slugs of ``siblings`` by a number: pause, pause-2, pause-3…"""
    base = slugify(source)[:70].strip("-") or fallback
    taken = set(siblings.filter(slug__startswith=base).values_list("slug", flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def item_in_translation(*, item, edition_id):
    """The same programme item in another language's edition, matched by position in the
    programme as calendars match them (``_shared_item_ids``); None if they differ."""
    from ..models import ProgrammeItem  # noqa: PLC0415 (colloque.models imports this module)

    if edition_id == item.edition_id:
        return item
    both = ProgrammeItem.objects.filter(edition_id__in=(item.edition_id, edition_id))
    by_edition = {item.edition_id: [], edition_id: []}
    for row in both.order_by("day", "start_time", "sort_order").only("slug", "edition_id"):
        by_edition[row.edition_id].append(row)
    own, twins = by_edition[item.edition_id], by_edition[edition_id]
    if len(own) != len(twins):
        return None
    return twins[[row.pk for row in own].index(item.pk)]


def programmes_by_edition(*, editions):
    """{edition id: [its programme items, in programme order], "editions": [editions]} in
    one query (two when ``editions`` is a queryset: their locales are read with them)."""
    from ..models import ProgrammeItem  # noqa: PLC0415 (colloque.models imports this module)

    if hasattr(editions, "select_related"):
        editions = list(editions.select_related("locale"))
    programmes = {edition.pk: [] for edition in editions}
    items = ProgrammeItem.objects.filter(edition_id__in=programmes).order_by(
        "day", "start_time", "sort_order"
    )
    for item in items.only("slug", "edition_id"):
        programmes[item.edition_id].append(item)
    return {"editions": list(editions), **programmes}


def day_neighbours(*, item):
    """(previous, next) items of the same day, by time: a visitor reads a day in order."""
    day = list(
        item.edition.programme_items.filter(day=item.day)
        .order_by("start_time", "sort_order", "pk")
        .only("pk", "title", "slug", "start_time", "end_time", "edition_id")
    )
    at = next(index for index, other in enumerate(day) if other.pk == item.pk)
    return (day[at - 1] if at else None, day[at + 1] if at + 1 < len(day) else None)


def edition_speakers(*, edition):
    from ..models import ProgrammeItem, Speaker  # noqa: PLC0415 (colloque.models imports this module)

    return (
        Speaker.objects.filter(programme_items__edition=edition)
        .distinct()
        .select_related("photo")
        .prefetch_related(
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


def public_editions(*, locale=None, edition_id=None, year=None):
    """Editions anyone may read: live and under no view restriction; of one language, one
    edition (its page id) or one year when told."""
    from ..models import EditionPage  # noqa: PLC0415 (colloque.models imports this module)

    editions = EditionPage.objects.live().public()
    if locale is not None:
        editions = editions.filter(locale=locale)
    if edition_id is not None:
        editions = editions.filter(pk=edition_id)
    if year is not None:
        editions = editions.filter(year=year)
    return editions


def public_programme_items(*, locale=None, edition_id=None, year=None):
    """The programme items of public editions (``public_editions`` takes the same choices),
    in programme order, with their edition, venue, slides, speakers and themes."""
    from ..models import ProgrammeItem  # noqa: PLC0415 (colloque.models imports this module)

    editions = public_editions(locale=locale, edition_id=edition_id, year=year)
    return (
        ProgrammeItem.objects.filter(edition__in=editions)
        .select_related("edition__locale", "venue", "slides")
        .prefetch_related("speakers", "themes")
        .order_by("day", "start_time", "sort_order", "pk")
    )


def public_speakers(*, locale=None, edition_id=None, year=None, search=None, photo_spec=None):
    """Speakers named by a programme item of a public edition (of one edition or year when
    told; whose name or organisation matches ``search``), by name, each with those items
    (``public_items``) in programme order; the renditions of their photos in ``photo_spec``
    come with them."""
    from wagtail.images import get_image_model  # noqa: PLC0415 (after the app registry)
    from wagtail.search.backends import get_search_backend  # noqa: PLC0415 (after the app registry)

    from ..models import ProgrammeItem, Speaker  # noqa: PLC0415 (colloque.models imports this module)

    items = ProgrammeItem.objects.filter(edition__in=public_editions())
    named = ProgrammeItem.speakers.through.objects.filter(
        programmeitem__in=ProgrammeItem.objects.filter(
            edition__in=public_editions(edition_id=edition_id, year=year)
        )
    )
    speakers = Speaker.objects.filter(pk__in=named.values("speaker_id"))
    if locale is not None:
        speakers = speakers.filter(locale=locale)
    if search:
        # The index filters on its own fields only: search every speaker, keep the public ones.
        found = get_search_backend().search(search, Speaker.objects.all())
        speakers = speakers.filter(pk__in=[speaker.pk for speaker in found])
    photos = get_image_model().objects.all()
    if photo_spec:
        photos = photos.prefetch_renditions(photo_spec)
    return (
        speakers.select_related("locale")
        .prefetch_related(
            Prefetch("photo", queryset=photos),
            Prefetch(
                "programme_items",
                queryset=items.select_related("edition__locale").order_by(
                    "day", "start_time", "sort_order", "pk"
                ),
                to_attr="public_items",
            ),
        )
        .order_by("name", "pk")
    )
