"""The colloque's programme in the admin calendar (home.admin.calendar): every item of every
edition, with its room and speakers, for those who edit pages."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from wagtail.models import Locale
from wagtail.permission_policies.pages import PagePermissionPolicy

from home.admin.calendar import CalendarEvent, CalendarSource
from home.formatting import time_zone_note

from .models import ProgrammeItem


def is_shown(user):
    return user.is_active and PagePermissionPolicy().user_has_any_permission(
        user, ["add", "change", "publish"]
    )


def events(*, start, end, user):
    """Programme items of the editions in the default language (the others are their
    translations: the same items), in three queries whatever their number."""
    items = (
        ProgrammeItem.objects.filter(day__range=(start, end), edition__locale=Locale.get_default())
        .select_related("edition", "venue")
        .prefetch_related("speakers")
        .order_by("day", "start_time", "sort_order")
    )
    found = []
    for item in items:
        room = item.room.strip()
        where = ", ".join(part for part in (room, item.venue.name if item.venue else "") if part)
        # Times stay as staff typed them, in the venue's zone: say which when not Québec's.
        where = " ".join(part for part in (where, time_zone_note(item.zone)) if part)
        found.append(
            CalendarEvent(
                source="programme",
                title=item.title,
                context=item.edition.title,
                day=item.day,
                start=item.start_time,
                end=item.end_time,
                where=where,
                # The same room is the same room name at the same venue (as the editor checks).
                room=("programme", item.venue_id, room.casefold())
                if item.venue_id and room
                else None,
                people=tuple(speaker.name for speaker in item.speakers.all()),
                zone=item.zone,
                url=reverse("wagtailadmin_pages:edit", args=[item.edition_id]),
            )
        )
    return found


def source():
    return CalendarSource(
        name="programme", label=gettext_lazy("Colloque programme"), events=events, is_shown=is_shown
    )
