"""Sessions moved or relinked after publication: participants are told, with their calendar."""

import datetime
from dataclasses import dataclass

from django.utils import timezone, translation
from wagtail.models import Locale, PageLogEntry

from home import ics

from ..models import CommunitySession, Registration, RegistrationState
from .base import localized_community
from .calendars import build_calendar, participant_sessions
from .notifications import _email

PUBLISH_ACTIONS = ("wagtail.publish", "wagtail.publish.scheduled")


@dataclass
class SessionChange:
    """A session whose time or meeting link differs from the previously published version."""

    session: CommunitySession  # as published now
    number: int
    was_date: datetime.date
    was_start_time: datetime.time
    was_end_time: datetime.time
    moved: bool
    relinked: bool


def previously_published_revision(*, community):
    """The revision that was live before the one being published, or None (first publish).

    Called from page_published: Wagtail writes the new publication's log entry after the
    signal, so the latest publication logged is the previous one.
    """
    entry = (
        PageLogEntry.objects.filter(
            page_id=community.pk, action__in=PUBLISH_ACTIONS, revision__isnull=False
        )
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry.revision if entry else None


def session_changes(*, before, after, now=None):
    """Upcoming sessions of `after` whose times or meeting link differ from `before`.

    before, after: sessions (rows or a revision's copies), matched by id; sessions added or
    removed are not changes of a session the participants already hold.
    """
    now = now or timezone.now()
    previous = {session.pk: session for session in before if session.pk}
    ordered = sorted(after, key=lambda s: (s.date, s.start_time, s.sort_order))
    changes = []
    for number, session in enumerate(ordered, start=1):
        old = previous.get(session.pk)
        if old is None or session.ends_at <= now:
            continue
        moved = (old.date, old.start_time, old.end_time) != (
            session.date,
            session.start_time,
            session.end_time,
        )
        relinked = old.meeting_url != session.meeting_url
        if moved or relinked:
            changes.append(
                SessionChange(
                    session=session,
                    number=number,
                    was_date=old.date,
                    was_start_time=old.start_time,
                    was_end_time=old.end_time,
                    moved=moved,
                    relinked=relinked,
                )
            )
    return changes


def notify_session_changes(*, community, previous_revision, now=None):
    """Tell each confirmed participant, in one email, of sessions moved or relinked.

    Compares the sessions now published with those of the previously published revision:
    publishing again without a change finds nothing, several changes make one email.
    Translations are skipped: participants' sessions are those of the default-language page.
    Returns the registrations emailed.
    """
    if previous_revision is None or community.locale_id != Locale.get_default().pk:
        return []
    now = now or timezone.now()
    before = list(previous_revision.as_object().sessions.all())
    changes = session_changes(before=before, after=list(community.sessions.all()), now=now)
    if not changes:
        return []
    sequence = ics.sequence_of(now)
    participants = list(
        Registration.objects.filter(
            community=community, state=RegistrationState.CONFIRMED
        ).order_by("pk")
    )
    for registration in participants:
        _email_session_changes(registration, changes, sequence=sequence)
    return participants


def _email_session_changes(registration, changes, *, sequence):
    page = localized_community(community=registration.community, language=registration.language)
    # The participant's whole calendar, as their private feed serves it: the events keep
    # their UIDs, and the higher SEQUENCE makes calendars replace the old times and links.
    with translation.override(registration.language):
        calendar = build_calendar(
            community=page,
            sessions=participant_sessions(registration=registration),
            meeting_links=True,
            sequence=sequence,
        )
    _email(
        registration,
        "sessions_changed",
        extra={"changes": changes},
        attachments=[("seances.ics", calendar.to_ical().decode(), "text/calendar")],
    )
