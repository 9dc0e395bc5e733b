"""What the colloque plugs into Wagtail's admin; the admin code is in colloque.admin."""

from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import calendar_source
from .admin import next_edition
from .admin.viewsets import ColloqueViewSetGroup

register_snippet(ColloqueViewSetGroup)


@hooks.register("after_copy_page")
def start_the_copied_edition(request, page, new_page):
    next_edition.start_the_copied_edition(request, page, new_page)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "colloque/editions/<int:pk>/suivante/",
            next_edition.next_edition_view,
            name=next_edition.NEXT_EDITION_URL_NAME,
        )
    ]


@hooks.register("register_page_listing_more_buttons")
def next_edition_listing_button(page, user, next_url=None):
    if button := next_edition.next_edition_button(page, user):
        yield button


@hooks.register("register_page_header_buttons")
def next_edition_header_button(page, user, view_name, next_url=None):
    if button := next_edition.next_edition_button(page, user):
        yield button


@hooks.register("register_admin_calendar_source")
def programme_in_the_admin_calendar():
    return calendar_source.source()
