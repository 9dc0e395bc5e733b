"""Attendance: who came to each session, as a facilitator marks it, and what follows from it
(the roll of a session, the dashboard, the registrations export, attestations).

`record_attendance` is re-exported by `communities.services`, where callers look for it.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    Attendance,
    AttendanceStatus,
    CommunitySession,
    Registration,
    RegistrationState,
)


class AttendanceRefused(Exception):
    """An attendance that cannot be recorded (wrong community, not a participant, too early)."""


def attendance_problem(*, session, registration, status, now=None):
    """Why this attendance cannot be recorded, or None."""
    now = now or timezone.now()
    if status not in AttendanceStatus.values:
        return _("Choose present, absent or excused.")
    if session.community_id != registration.community_id:
        return _("%(name)s is not registered in this session's community.") % {
            "name": registration.name
        }
    already = Attendance.objects.filter(session=session, registration=registration).exists()
    # Where the registration stands now, not when the caller loaded it.
    state = Registration.objects.filter(pk=registration.pk).values_list("state", flat=True).first()
    # Someone who withdrew keeps the sessions they attended: their mark may still be corrected.
    if state != RegistrationState.CONFIRMED and not already:
        return _("%(name)s is not a confirmed participant.") % {"name": registration.name}
    if status != AttendanceStatus.EXCUSED and now < session.starts_at:
        return _(
            "This session has not started yet: only an excused absence can be marked in advance."
        )
    return None


def record_attendance(*, session, registration, status, by, now=None):
    """Mark one participant present, absent or excused at one session; marking again
    corrects the mark. Returns the Attendance; raises AttendanceRefused."""
    now = now or timezone.now()
    problem = attendance_problem(session=session, registration=registration, status=status, now=now)
    if problem:
        raise AttendanceRefused(problem)
    attendance, _created = Attendance.objects.update_or_create(
        session=session,
        registration=registration,
        defaults={"status": status, "recorded_at": now, "recorded_by": by},
    )
    return attendance


@dataclass
class RollLine:
    registration: Registration
    status: str = ""  # "" when not marked yet

    @property
    def is_participant(self):
        return self.registration.state == RegistrationState.CONFIRMED


def session_roll(*, session):
    """The people to mark for a session, by name: its community's confirmed participants,
    and anyone already marked (who may have withdrawn since). Two queries."""
    marks = dict(
        Attendance.objects.filter(session=session).values_list("registration_id", "status")
    )
    people = Registration.objects.filter(community_id=session.community_id).filter(
        Q(state=RegistrationState.CONFIRMED) | Q(pk__in=list(marks))
    )
    return [
        RollLine(registration=registration, status=marks.get(registration.pk, ""))
        for registration in people.order_by("name", "pk")
    ]


def record_roll(*, session, marks, by, now=None):
    """Record a session's roll at once: marks is {registration id: status} ("" leaves a
    person unmarked). Returns the number of marks that changed; raises AttendanceRefused
    (and records nothing) if any of them is refused."""
    now = now or timezone.now()
    roll = {line.registration.pk: line for line in session_roll(session=session)}
    changed = 0
    with transaction.atomic():
        for registration_id, status in marks.items():
            line = roll.get(registration_id)
            if line is None or not status or status == line.status:
                continue
            record_attendance(
                session=session, registration=line.registration, status=status, by=by, now=now
            )
            changed += 1
    return changed


# Summaries ----------------------------------------------------------------------------------


@dataclass
class SessionAttendance:
    """How many were marked present, absent and excused at a session."""

    session: CommunitySession
    present: int = 0
    absent: int = 0
    excused: int = 0
    expected: int = 0  # confirmed participants now

    @property
    def marked(self):
        return self.present + self.absent + self.excused

    @property
    def unmarked(self):
        return max(self.expected - self.marked, 0)


def _counts_by_session(session_ids):
    counts = {}
    rows = (
        Attendance.objects.filter(session_id__in=list(session_ids))
        .values("session_id", "status")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts.setdefault(row["session_id"], {})[row["status"]] = row["n"]
    return counts


def sessions_attendance(*, sessions, confirmed):
    """[SessionAttendance] for sessions of one community, in one query.

    confirmed: how many confirmed participants the community has now."""
    sessions = list(sessions)
    counts = _counts_by_session(session.pk for session in sessions)
    return [
        SessionAttendance(
            session=session,
            expected=confirmed,
            **{status: counts.get(session.pk, {}).get(status, 0) for status in AttendanceStatus},
        )
        for session in sessions
    ]


def last_sessions_attendance(*, communities, confirmed, now=None):
    """{community id: SessionAttendance of its latest session already started}, in one query.

    communities: with their sessions loaded (prefetch_related("sessions")); confirmed:
    {community id: confirmed participants}."""
    now = now or timezone.now()
    latest = {}
    for community in communities:
        started = [s for s in community.sessions.all() if s.starts_at <= now]
        if started:
            latest[community.pk] = max(started, key=lambda s: (s.date, s.start_time))
    counts = _counts_by_session(session.pk for session in latest.values())
    return {
        community_id: SessionAttendance(
            session=session,
            expected=confirmed.get(community_id, 0),
            **{status: counts.get(session.pk, {}).get(status, 0) for status in AttendanceStatus},
        )
        for community_id, session in latest.items()
    }


def with_attendance_counts(queryset):
    """Registrations annotated with sessions_present, sessions_absent, sessions_excused."""
    return queryset.annotate(
        sessions_present=Count("attendances", filter=Q(attendances__status="present")),
        sessions_absent=Count("attendances", filter=Q(attendances__status="absent")),
        sessions_excused=Count("attendances", filter=Q(attendances__status="excused")),
    )


# What a person attended -----------------------------------------------------------------------


def session_hours(session):
    start = datetime.datetime.combine(session.date, session.start_time)
    end = datetime.datetime.combine(session.date, session.end_time)
    return (end - start).total_seconds() / 3600


@dataclass
class AttendedSessions:
    sessions: list = field(default_factory=list)

    @property
    def hours(self):
        return sum(session_hours(session) for session in self.sessions)

    def __bool__(self):
        return bool(self.sessions)


def attended_sessions(*, registration):
    """The sessions the person was marked present at, in date order."""
    return AttendedSessions(
        list(
            CommunitySession.objects.filter(
                attendances__registration=registration,
                attendances__status=AttendanceStatus.PRESENT,
            ).order_by("date", "start_time", "sort_order")
        )
    )
