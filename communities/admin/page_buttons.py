"""What the admin's page listing offers on a community: its registrations, draw,
attendance and message to participants."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.widgets.button import Button
from wagtail.models import Locale

from ..models import CommunityPage, SelectionMethod
from .access import can_manage
from .attendance import ATTENDANCE_URL_NAME
from .draw import DRAW_URL_NAME
from .mailings import MESSAGE_URL_NAME
from .viewsets import registration_viewset


def community_buttons(page, user):
    if not isinstance(page.specific_deferred, CommunityPage) or not can_manage(user):
        return
    if page.locale_id != Locale.get_default().pk:
        return
    yield Button(
        _("Registrations"),
        reverse(registration_viewset.get_url_name("index")) + f"?community={page.pk}",
        icon_name="group",
        priority=60,
    )
    if page.specific_deferred.selection_method == SelectionMethod.DRAW:
        yield Button(_("Draw"), reverse(DRAW_URL_NAME, args=[page.pk]), priority=61)
    yield Button(_("Attendance"), reverse(ATTENDANCE_URL_NAME, args=[page.pk]), priority=62)
    yield Button(_("Write to participants"), reverse(MESSAGE_URL_NAME, args=[page.pk]), priority=63)
