"""The candidatures' panel on the admin's dashboard: the current call, counts by state, what
awaits the reader, the jurors' progress."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from .. import mailings, services
from .access import can_view
from .mailings import MESSAGE_URL_NAME
from .url_names import INSPECT_URL_NAME, LIST_URL_NAME


class CandidaturesPanel(Component):
    name = "host_candidatures"
    order = 90
    template_name = "host_applications/admin/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        call = services.current_call()
        context = {
            "call": call,
            "counts": services.counts_by_status(call=call) if call else [],
            "awaiting": services.awaiting(user=self.user),
            "list_url": reverse(LIST_URL_NAME),
            "inspect_url_name": INSPECT_URL_NAME,
            "message_url": reverse(MESSAGE_URL_NAME, args=[call.get_parent().pk])
            if call and mailings.can_write(user=self.user)
            else "",
        }
        if call:
            context["window"] = services.call_window(call=call)
            context["jurors"] = services.juror_progress(call=call)
        return context


def is_shown_to(user):
    return can_view(user) or services.awaiting(user=user).exists()
