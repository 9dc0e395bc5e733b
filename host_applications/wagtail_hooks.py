"""What candidatures plug into Wagtail's admin; the admin code is in host_applications.admin."""

from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import people
from .admin import action_menu, log_actions
from .admin.decisions import end_moderation_view, selection_view
from .admin.files import file_view
from .admin.mailings import MESSAGE_URL_NAME, message_view
from .admin.panels import CandidaturesPanel, is_shown_to
from .admin.scoring import score_view
from .admin.url_names import (
    END_MODERATION_URL_NAME,
    FILE_URL_NAME,
    SCORE_URL_NAME,
    SELECTION_URL_NAME,
)
from .admin.viewsets import HostApplicationViewSet

register_snippet(HostApplicationViewSet)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("candidatures/<int:pk>/scores/", score_view, name=SCORE_URL_NAME),
        path("candidatures/files/<int:pk>/", file_view, name=FILE_URL_NAME),
        path("candidatures/edition/<int:pk>/message/", message_view, name=MESSAGE_URL_NAME),
        path("candidatures/<int:pk>/selection/", selection_view, name=SELECTION_URL_NAME),
        path(
            "candidatures/<int:pk>/fin-moderation/",
            end_moderation_view,
            name=END_MODERATION_URL_NAME,
        ),
    ]


@hooks.register("construct_snippet_action_menu")
def candidature_actions(menu_items, request, context):
    action_menu.construct_action_menu(menu_items, request, context)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    log_actions.register_log_actions(actions)


@hooks.register("register_log_actions", order=100)
def name_requested_changes(actions):
    # After Wagtail's own registration, which it replaces.
    log_actions.name_requested_changes(actions)


@hooks.register("construct_homepage_panels")
def add_candidatures_panel(request, panels):
    if is_shown_to(request.user):
        panels.append(CandidaturesPanel(request.user))


@hooks.register("register_people_source")
def candidatures_of_a_person():
    return people.source()
