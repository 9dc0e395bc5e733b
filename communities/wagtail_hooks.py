"""What communities plug into Wagtail's admin; the admin code is in communities.admin."""

from django.urls import path
from wagtail import hooks

from . import calendar_source, people
from .admin import history, page_buttons
from .admin.access import can_manage
from .admin.attendance import (
    ATTENDANCE_URL_NAME,
    ATTESTATIONS_URL_NAME,
    ROLL_URL_NAME,
    attendance_view,
    attestations_view,
    session_roll_view,
)
from .admin.bulk_actions import EligibilityBulkAction
from .admin.draw import DRAW_URL_NAME, draw_view
from .admin.mailings import MESSAGE_URL_NAME, message_view
from .admin.panels import CommunitiesPanel
from .admin.viewsets import registration_viewset

hooks.register("register_bulk_action", EligibilityBulkAction)


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return registration_viewset


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("communautes/<int:pk>/tirage/", draw_view, name=DRAW_URL_NAME),
        path("communautes/<int:pk>/presences/", attendance_view, name=ATTENDANCE_URL_NAME),
        path("communautes/seances/<int:pk>/presences/", session_roll_view, name=ROLL_URL_NAME),
        path(
            "communautes/<int:pk>/attestations.zip",
            attestations_view,
            name=ATTESTATIONS_URL_NAME,
        ),
        path("communautes/<int:pk>/message/", message_view, name=MESSAGE_URL_NAME),
    ]


@hooks.register("register_page_listing_more_buttons")
def community_buttons(page, user, next_url=None):
    yield from page_buttons.community_buttons(page, user)


@hooks.register("construct_homepage_panels")
def add_communities_panel(request, panels):
    if can_manage(request.user):
        panels.append(CommunitiesPanel())


@hooks.register("register_log_actions")
def register_log_actions(actions):
    history.register_log_actions(actions)


@hooks.register("register_admin_calendar_source")
def sessions_in_the_admin_calendar():
    return calendar_source.source()


@hooks.register("register_people_source")
def registrations_of_a_person():
    return people.source()
