"""Community sessions in the admin calendar (home.admin.calendar), with their place and
facilitators, for page editors and the Animation group. Never the meeting link."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale
from wagtail.permission_policies.pages import PagePermissionPolicy

from home.admin.calendar import CalendarEvent, CalendarSource

from .admin.access import can_manage
from .models import SESSION_TIME_ZONE, CommunitySession
from .services import session_location


def _edits_pages(user):
    return PagePermissionPolicy().user_has_any_permission(user, ["add", "change", "publish"])


def is_shown(user):
    return user.is_active and (_edits_pages(user) or can_manage(user))


def events(*, start, end, user):
    """Sessions of the communities in the default language (which hold the registrations),
    in three queries whatever their number."""
    sessions = (
        CommunitySession.objects.filter(
            date__range=(start, end), community__locale=Locale.get_default()
        )
        .select_related("community")
        .prefetch_related("community__facilitators")
        .order_by("date", "start_time", "sort_order")
    )
    # Facilitators open the roll of the session; page editors its community.
    roll = can_manage(user)
    found = []
    for session in sessions:
        location = session.location.strip()
        found.append(
            CalendarEvent(
                source="sessions",
                title=session.topic or _("Session"),
                context=session.community.title,
                day=session.date,
                start=session.start_time,
                end=session.end_time,
                where=str(session_location(session, community=session.community)),
                room=("place", location.casefold()) if location else None,
                people=tuple(person.name for person in session.community.facilitators.all()),
                zone=SESSION_TIME_ZONE,
                url=reverse("communities_session_roll", args=[session.pk])
                if roll
                else reverse("wagtailadmin_pages:edit", args=[session.community_id]),
            )
        )
    return found


def source():
    return CalendarSource(
        name="sessions",
        label=gettext_lazy("Community sessions"),
        events=events,
        is_shown=is_shown,
    )
