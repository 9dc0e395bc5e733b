"""The programme as a calendar (RFC 5545): one event per item, one UID in both languages."""

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Event
from wagtail.models import Locale

from home import ics
from home.formatting import typography
from home.services import calendar_domain, page_url

from .programme import PROGRAMME_TIME_ZONE


def _shared_item_ids(edition):
    """Each programme item's id in the default-language edition, matched by position, so
    that the French and English copies of one event share their UID."""
    own = list(edition.get_programme().values_list("pk", flat=True))
    source = edition.get_translation_or_none(Locale.get_default())
    if source is None or source.pk == edition.pk:
        return {pk: pk for pk in own}
    twins = list(source.specific.get_programme().values_list("pk", flat=True))
    if len(twins) != len(own):  # the translation has its own programme: its own ids
        return {pk: pk for pk in own}
    return dict(zip(own, twins, strict=True))


def build_calendar(*, edition, items, request=None):
    """An RFC 5545 calendar of programme items, each at its venue's local time (TZID) with
    a VTIMEZONE for every zone used: an edition in France reads 9 h in Paris, 3 a.m. in
    Montréal."""
    items = list(items)
    zones = {item.zone.key: item.zone for item in items}
    # The zone clients show the calendar in: the programme's own when it has one only.
    shown = next(iter(zones.values())) if len(zones) == 1 else PROGRAMME_TIME_ZONE
    calendar = ics.new_calendar(name=edition.title, product="Colloque", time_zone=shown)
    stamp = edition.last_published_at or timezone.now()
    edition_url = page_url(edition)
    domain = calendar_domain()
    shared_ids = _shared_item_ids(edition)
    for item in items:
        event = Event()
        # Stable across exports, edits and languages: the item's identity, not its content.
        event.add("uid", f"programme-item-{shared_ids.get(item.pk, item.pk)}@{domain}")
        event.add("dtstamp", stamp)
        ics.versioned(event, changed_at=stamp)
        event.add("dtstart", item.starts_at)
        event.add("dtend", item.ends_at)
        # Text for people, in the page's (active) language and its typography.
        event.add("summary", typography(item.title))
        speakers = ", ".join(speaker.name for speaker in item.speakers.all())
        description = "\n\n".join(part for part in (item.description, speakers) if part)
        if description:
            event.add("description", typography(description))
        if item.location_text:
            event.add("location", item.location_text)
        event.add("url", edition_url + edition.reverse_subpage("programme_item", args=(item.slug,)))
        event.add("categories", [str(item.get_kind_display())])
        calendar.add_component(event)
    return ics.add_timezones(calendar)


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
