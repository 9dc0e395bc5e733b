"""What the base plugs into Wagtail's admin: a person's data on request (Law 25), the
calendar and the people view; the admin code is in home.admin."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks

from .admin import personal_data
from .admin.calendar import CALENDAR_URL_NAME, CalendarMenuItem, calendar_view
from .admin.people import PEOPLE_URL_NAME, PeopleMenuItem, people_view


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "donnees-personnelles/",
            personal_data.personal_data_view,
            name=personal_data.URL_NAME,
        )
    ]


@hooks.register("register_settings_menu_item")
def register_personal_data_menu_item():
    return personal_data.PersonalDataMenuItem(
        gettext_lazy("Personal data"),
        reverse(personal_data.URL_NAME),
        icon_name="user",
        order=900,
    )


@hooks.register("register_permissions")
def register_personal_data_permission():
    return personal_data.permissions()


@hooks.register("register_admin_urls")
def register_calendar_url():
    return [path("calendrier/", calendar_view, name=CALENDAR_URL_NAME)]


@hooks.register("register_admin_menu_item")
def register_calendar_menu_item():
    return CalendarMenuItem(
        gettext_lazy("Calendar"),
        reverse(CALENDAR_URL_NAME),
        icon_name="date",
        order=240,
    )


@hooks.register("register_admin_urls")
def register_people_url():
    return [path("personnes/", people_view, name=PEOPLE_URL_NAME)]


@hooks.register("register_admin_menu_item")
def register_people_menu_item():
    return PeopleMenuItem(
        gettext_lazy("People"),
        reverse(PEOPLE_URL_NAME),
        icon_name="user",
        order=270,
    )
