"""The candidature editor's action menu: Wagtail's publishing and one-click workflow actions
hidden, ours (which ask first, decisions.py) added where they apply."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.snippets.action_menu import ActionMenuItem

from .. import services
from ..models import HostApplication
from .url_names import END_MODERATION_URL_NAME, SELECTION_URL_NAME


class LinkMenuItem(ActionMenuItem):
    """An action that opens its own confirmation page rather than posting the editor's form."""

    def __init__(self, name, label, url, icon_name, order):
        super().__init__(order=order)
        self.name, self.label, self.url, self.icon_name = name, label, url, icon_name

    def get_url(self, parent_context):
        return self.url


def construct_action_menu(menu_items, request, context):
    if context.get("model") is not HostApplication:
        return
    application = context.get("instance")
    hidden = {"action-publish", "action-unpublish", "action-cancel-workflow"}
    hidden.add("action-restart-workflow")
    if application is not None and not services.can_resubmit(application=application):
        hidden.add("action-submit")
    menu_items[:] = [item for item in menu_items if item.name not in hidden]
    if application is None or context.get("view") != "edit":
        return
    if services.can_end_moderation(application=application, user=request.user):
        menu_items.append(
            LinkMenuItem(
                "end-moderation",
                _("Cancel workflow…"),
                reverse(END_MODERATION_URL_NAME, args=[application.pk]),
                "error",
                order=900,
            )
        )
    if application.is_selected and services.can_change_selection(user=request.user):
        menu_items.append(
            LinkMenuItem(
                "change-selection",
                _("Undo or replace the selection…"),
                reverse(SELECTION_URL_NAME, args=[application.pk]),
                "rotate",
                order=910,
            )
        )
