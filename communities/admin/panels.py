"""The communities' panel on the admin's dashboard: each community's seats, waitlist, next
session, last attendance and draw to run."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from .. import services
from .attendance import ATTENDANCE_URL_NAME, ROLL_URL_NAME
from .draw import DRAW_URL_NAME
from .viewsets import registration_viewset


class CommunitiesPanel(Component):
    name = "communities"
    order = 95
    template_name = "communities/admin/dashboard_panel.html"

    def get_context_data(self, parent_context):
        return {
            "rows": services.dashboard_rows(),
            "list_url": reverse(registration_viewset.get_url_name("index")),
            "draw_url_name": DRAW_URL_NAME,
            "roll_url_name": ROLL_URL_NAME,
            "attendance_url_name": ATTENDANCE_URL_NAME,
        }
