"""Admin: a person's data on request (Law 25), for superusers and groups given the
``home.manage_personal_data`` permission."""

from django import forms
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_calendar, admin_views, people, personal_data

URL_NAME = "personal_data"
PERMISSION = "home.manage_personal_data"


def can_manage(user):
    return user.is_superuser or user.has_perm(PERMISSION)


class EmailForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address"))


@never_cache
def personal_data_view(request):
    """Look up an address, then export or erase what is held about it (POST only: the
    address never goes into a URL, where logs would keep it)."""
    if not can_manage(request.user):
        raise PermissionDenied
    form = EmailForm(request.POST or None)
    action = request.POST.get("action", "lookup")
    context = {"form": form, "header_title": _("Personal data"), "page_title": _("Personal data")}
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if action == "export":
            content = personal_data.export_bytes(email=email)
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            digest = personal_data.email_digest(email)[:12]
            response = HttpResponse(content, content_type="application/zip")
            response["Content-Disposition"] = f'attachment; filename="donnees-{digest}-{stamp}.zip"'
            return response
        if action == "erase" and request.POST.get("confirm") == "yes":
            try:
                erasure = personal_data.erase_personal_data(email=email, by=request.user)
            except personal_data.ErasureRefused as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(
                    request,
                    _("Everything held about this address was erased (record %(digest)s).")
                    % {"digest": erasure.email_digest[:12]},
                )
                return redirect(URL_NAME)
        holdings = personal_data.find_personal_data(email=email)
        labels = personal_data.kind_labels()
        context.update(
            email=email,
            confirming=action in ("confirm", "erase"),
            counts=[(labels[kind], count) for kind, count in holdings.counts().items()],
            empty=holdings.empty,
        )
    return TemplateResponse(request, "home/admin/personal_data.html", context)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("donnees-personnelles/", personal_data_view, name=URL_NAME)]


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage(request.user)


@hooks.register("register_settings_menu_item")
def register_personal_data_menu_item():
    return PersonalDataMenuItem(
        gettext_lazy("Personal data"),
        reverse(URL_NAME),
        icon_name="user",
        order=900,
    )


@hooks.register("register_permissions")
def register_personal_data_permission():
    # Shown on the group form, so an administrator can give it to a group.
    return Permission.objects.filter(
        content_type__app_label="home", codename="manage_personal_data"
    )


@hooks.register("register_admin_urls")
def register_calendar_url():
    return [path("calendrier/", admin_views.calendar_view, name=admin_views.CALENDAR_URL_NAME)]


class CalendarMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_calendar.can_see(user=request.user)


@hooks.register("register_admin_menu_item")
def register_calendar_menu_item():
    return CalendarMenuItem(
        gettext_lazy("Calendar"),
        reverse(admin_views.CALENDAR_URL_NAME),
        icon_name="date",
        order=240,
    )


@hooks.register("register_admin_urls")
def register_people_url():
    return [path("personnes/", admin_views.people_view, name=admin_views.PEOPLE_URL_NAME)]


class PeopleMenuItem(MenuItem):
    def is_shown(self, request):
        return people.can_see(user=request.user)


@hooks.register("register_admin_menu_item")
def register_people_menu_item():
    return PeopleMenuItem(
        gettext_lazy("People"),
        reverse(admin_views.PEOPLE_URL_NAME),
        icon_name="user",
        order=270,
    )
