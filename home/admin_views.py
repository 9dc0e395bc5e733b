"""Admin pages of the base that gather what every app registers: the calendar, and one
person's records across years."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache

from . import admin_calendar, people

CALENDAR_URL_NAME = "admin_calendar"
PEOPLE_URL_NAME = "admin_people"
PERSONAL_DATA_PERMISSION = "home.manage_personal_data"


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


class PersonForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        error_messages={"required": gettext_lazy("Enter the person's email address.")},
    )


@never_cache
def people_view(request):
    """Find a person's records by address (POST only: an address never goes into a URL,
    where logs would keep it), merge those of the same person, then export or erase."""
    if not people.can_see(user=request.user):
        raise PermissionDenied
    form = PersonForm(request.POST or None)
    context = {
        "form": form,
        "header_title": _("People"),
        "page_title": _("People"),
        "personal_data_url": "",
    }
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if request.POST.get("action") == "merge":
            target = request.POST.get("merge_email", "")
            try:
                changed = people.merge(
                    email=target,
                    name=request.POST.get("merge_name", ""),
                    keys=request.POST.getlist("record"),
                    user=request.user,
                )
            except people.MergeRefused as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d record now carries this address and name.",
                        "%(count)d records now carry this address and name.",
                        changed,
                    )
                    % {"count": changed},
                )
                email = target
        person = people.find_person(email=email, user=request.user)
        context.update(
            person=person,
            form=PersonForm(initial={"email": person.email}),
            can_manage_personal_data=request.user.is_superuser
            or request.user.has_perm(PERSONAL_DATA_PERMISSION),
            personal_data_url=reverse("personal_data"),
        )
    return TemplateResponse(request, "home/admin/people.html", context)
