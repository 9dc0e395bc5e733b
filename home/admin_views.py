"""Admin pages of the base that gather what every app registers: the calendar."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import admin_calendar

CALENDAR_URL_NAME = "admin_calendar"


def calendar_view(request):
    """Every programme item and session by month or week, with conflicts; plain links and
    a table, so it works without JavaScript."""
    if not admin_calendar.can_see(user=request.user):
        raise PermissionDenied
    shown = admin_calendar.period(params=request.GET, user=request.user, today=timezone.localdate())
    title = _("Calendar")
    return TemplateResponse(
        request,
        "home/admin/calendar.html",
        {
            "period": shown,
            "sources": admin_calendar.sources(user=request.user),
            "week_query": admin_calendar.week_query(shown.start),
            "month_query": f"mois={shown.start:%Y-%m}",
            "header_title": title,
            "page_title": title,
            "page_subtitle": shown.label,
        },
    )
