"""Attendance in the admin: a community's sessions, and the roll of each one (made for a
phone in the room: one person a line, three large choices, one button)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Locale

from home.formatting import format_date

from .. import attendance, attestations
from ..models import AttendanceStatus, CommunityPage, CommunitySession, RegistrationState
from .access import can_manage

ATTENDANCE_URL_NAME = "communities_attendance"
ROLL_URL_NAME = "communities_session_roll"
ATTESTATIONS_URL_NAME = "communities_attestations"


def _community(pk):
    return get_object_or_404(CommunityPage, pk=pk, locale=Locale.get_default())


def registrations_url(community):
    return reverse("registrations:index") + f"?community={community.pk}"


def attendance_view(request, pk):
    """Every session of a community, with what was marked at each."""
    if not can_manage(request.user):
        raise PermissionDenied
    community = _community(pk)
    confirmed = community.registrations.filter(state=RegistrationState.CONFIRMED).count()
    sessions = attendance.sessions_attendance(
        sessions=community.get_sessions(), confirmed=confirmed
    )
    title = _("Attendance: %(community)s") % {"community": community.title}
    return TemplateResponse(
        request,
        "communities/admin/attendance.html",
        {
            "community": community,
            "sessions": sessions,
            "confirmed": confirmed,
            "now": timezone.now(),
            "roll_url_name": ROLL_URL_NAME,
            "attestations_url": reverse(ATTESTATIONS_URL_NAME, args=[community.pk]),
            "list_url": registrations_url(community),
            "header_title": title,
            "page_title": title,
        },
    )


def session_roll_view(request, pk):
    """Mark each confirmed participant present, absent or excused at one session."""
    if not can_manage(request.user):
        raise PermissionDenied
    session = get_object_or_404(
        CommunitySession.objects.select_related("community"),
        pk=pk,
        community__locale=Locale.get_default(),
    )
    community = session.community
    errors = {}
    if request.method == "POST":
        lines = attendance.session_roll(session=session)
        marks = {
            line.registration.pk: request.POST.get(f"mark_{line.registration.pk}", "")
            for line in lines
        }
        # Each mark is checked alone first, so a refusal names the person it concerns and
        # keeps every choice made; then all are recorded at once.
        for line in lines:
            status = marks[line.registration.pk]
            if status and status != line.status:
                problem = attendance.attendance_problem(
                    session=session, registration=line.registration, status=status
                )
                if problem:
                    errors[line.registration.pk] = problem
        if not errors:
            try:
                changed = attendance.record_roll(session=session, marks=marks, by=request.user)
            except attendance.AttendanceRefused as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(
                    request,
                    ngettext(
                        "Attendance saved: %(count)d mark changed.",
                        "Attendance saved: %(count)d marks changed.",
                        changed,
                    )
                    % {"count": changed},
                )
                return redirect(ROLL_URL_NAME, session.pk)
        messages.error(request, _("Nothing was saved: see the messages below."))
    lines = attendance.session_roll(session=session)
    if request.method == "POST":
        for line in lines:  # what was chosen stays chosen
            line.status = request.POST.get(f"mark_{line.registration.pk}", line.status)
    for line in lines:
        line.error = errors.get(line.registration.pk, "")
    started = session.starts_at <= timezone.now()
    when = format_date(session.date, weekday=True)
    title = _("Attendance on %(date)s") % {"date": when}
    return TemplateResponse(
        request,
        "communities/admin/session_roll.html",
        {
            "community": community,
            "session": session,
            "lines": lines,
            "statuses": AttendanceStatus.choices,
            "started": started,
            "sessions_url": reverse(ATTENDANCE_URL_NAME, args=[community.pk]),
            "header_title": title,
            "page_title": title,
            "page_subtitle": community.title,
        },
    )


def attestations_view(request, pk):
    """Every attestation of a community in one zip: one PDF per person who attended."""
    if not can_manage(request.user):
        raise PermissionDenied
    community = _community(pk)
    content, count = attestations.attestations_zip(community=community)
    if not count:
        messages.warning(
            request,
            _("Nobody has attended a session of this community yet: there is no attestation."),
        )
        return redirect(ATTENDANCE_URL_NAME, community.pk)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="attestations-{community.slug}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response
