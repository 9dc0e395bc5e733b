"""One person's records across years, from every app that registers them (home.people):
found by address, merged when they are the same person, then exported or erased."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from wagtail.admin.menu import MenuItem

from .. import people
from . import personal_data

PEOPLE_URL_NAME = "admin_people"


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
            can_manage_personal_data=personal_data.can_manage(request.user),
            personal_data_url=reverse(personal_data.URL_NAME),
        )
    return TemplateResponse(request, "home/admin/people.html", context)


class PeopleMenuItem(MenuItem):
    def is_shown(self, request):
        return people.can_see(user=request.user)
