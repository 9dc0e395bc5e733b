"""Sessions as calendars (public and personal), and the reminders sent before each session."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Event
from wagtail.models import Locale

from home import ics
from home.formatting import typography
from home.services import calendar_domain, page_url

from ..models import (
    SESSION_TIME_ZONE,
    CommunitySession,
    MeetingMode,
    Registration,
    RegistrationState,
    SessionReminder,
)
from .base import localized_community, source_community
from .notifications import _email

# When a participant's own calendar reminds them of a session.
PERSONAL_ALARM = datetime.timedelta(minutes=30)


def session_location(session, *, community):
    """Where a session takes place, in words: an in-person meeting without a place yet is
    "to be confirmed", any other session without one a videoconference."""
    if session.location:
        return session.location
    if community.mode == MeetingMode.IN_PERSON:
        return _("Location to be confirmed")
    return _("Videoconference")


def build_calendar(
    *, community, sessions, meeting_links=False, stamp=None, first_number=1, sequence=None
):
    """An RFC 5545 calendar of a community's sessions, in America/Toronto time.

    The public calendar never carries the meeting link; a participant's own calendar and
    reminders do, with an alarm before each session. sequence: set on an update, so
    calendars replace the events they hold (otherwise it follows the last publication).
    """
    calendar = ics.new_calendar(
        name=community.title, product="Communautés", time_zone=SESSION_TIME_ZONE
    )
    stamp = stamp or community.last_published_at or timezone.now()
    domain = calendar_domain()
    community_url = page_url(community)
    for number, session in enumerate(sessions, start=first_number):
        event = Event()
        # Stable across exports, edits and languages: the session in the default language.
        event.add("uid", f"community-session-{session.source_pk}@{domain}")
        event.add("dtstamp", stamp)
        if sequence is None:
            ics.versioned(event, changed_at=community.last_published_at or stamp)
        else:
            event.add("sequence", sequence)
            event.add("last-modified", stamp)
        event.add(
            "dtstart",
            datetime.datetime.combine(session.date, session.start_time, SESSION_TIME_ZONE),
        )
        event.add(
            "dtend", datetime.datetime.combine(session.date, session.end_time, SESSION_TIME_ZONE)
        )
        summary = _("%(community)s — session %(number)d") % {
            "community": community.title,
            "number": number,
        }
        # Text for people, in the active language and its typography.
        event.add("summary", typography(summary))
        lines = [session.topic] if session.topic else []
        if meeting_links and session.meeting_url:
            lines.append(_("Meeting link: %(url)s") % {"url": session.meeting_url})
        if lines:
            event.add("description", typography("\n\n".join(lines)))
        if meeting_links and session.meeting_url and not session.location:
            event.add("location", session.meeting_url)
        else:
            event.add("location", str(session_location(session, community=community)))
        if community_url:
            event.add("url", community_url)
        if meeting_links:  # a participant's own calendar reminds them, as the email does
            ics.add_alarm(event, before=PERSONAL_ALARM, description=summary)
        calendar.add_component(event)
    return ics.add_timezones(calendar)


def public_sessions(*, community):
    """The page's sessions, each knowing the id of its default-language twin (for UIDs)."""
    sessions = list(community.get_sessions())
    source = source_community(community=community)
    if source.pk == community.pk:
        for session in sessions:
            session.source_pk = session.pk
        return sessions
    source_sessions = list(source.get_sessions())
    for index, session in enumerate(sessions):
        twin = source_sessions[index] if index < len(source_sessions) else session
        session.source_pk = twin.pk
    return sessions


def participant_sessions(*, registration):
    """Sessions with their meeting links, from the default-language page that holds them."""
    sessions = list(registration.community.get_sessions())
    for session in sessions:
        session.source_pk = session.pk
    return sessions


def reminder_window(*, community, session):
    """(from, until): when the meeting link for this session goes out."""
    return session.starts_at - datetime.timedelta(hours=community.reminder_hours), session.ends_at


def due_sessions(*, now=None):
    """Sessions whose reminders are due now, with their community (default language, live)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    # reminder_hours is at most two weeks (validated): no need to look further ahead.
    sessions = CommunitySession.objects.filter(
        community__locale=Locale.get_default(),
        community__live=True,
        date__gte=today - datetime.timedelta(days=1),
        date__lte=today + datetime.timedelta(days=16),
    ).select_related("community")
    due = []
    for session in sessions:
        start, until = reminder_window(community=session.community, session=session)
        if start <= now < until:
            due.append(session)
    return due


def send_session_reminders(*, now=None):
    """Send each due session's link to every confirmed participant, once. Returns the count.

    Idempotent: a SessionReminder row per person and session is written in the same
    transaction as the email, and a unique constraint refuses a second one, even from a
    concurrent run. Moving a session moves its reminder; it is still sent once.
    """
    now = now or timezone.now()
    sent = 0
    for session in due_sessions(now=now):
        community = session.community
        registrations = (
            Registration.objects.filter(community=community, state=RegistrationState.CONFIRMED)
            .exclude(reminders__session=session)
            .order_by("pk")
        )
        for registration in registrations:
            try:
                with transaction.atomic():
                    SessionReminder.objects.create(
                        registration=registration, session=session, sent_at=now
                    )
                    _email_reminder(registration, session)
            except IntegrityError:  # another run sent it in the meantime
                continue
            sent += 1
    return sent


def _email_reminder(registration, session):
    page = localized_community(community=registration.community, language=registration.language)
    session.source_pk = session.pk
    sessions = list(registration.community.get_sessions())
    number = next((i for i, s in enumerate(sessions, start=1) if s.pk == session.pk), 1)
    calendar = build_calendar(
        community=page, sessions=[session], meeting_links=True, first_number=number
    )
    _email(
        registration,
        "session_reminder",
        extra={"session": session, "session_number": number, "page": page},
        attachments=[("seance.ics", calendar.to_ical().decode(), "text/calendar")],
    )
