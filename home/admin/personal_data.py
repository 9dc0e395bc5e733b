"""A person's data on request (Law 25): look up an address, then export or erase what is
held about it; for superusers and groups given the ``home.manage_personal_data`` permission."""

from django import forms
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from wagtail.admin.menu import MenuItem

from .. import personal_data

URL_NAME = "personal_data"
PERMISSION = "home.manage_personal_data"


def can_manage(user):
    return user.is_superuser or user.has_perm(PERMISSION)


def permissions():
    """The permission, for the group form, so an administrator can give it to a group."""
    return Permission.objects.filter(
        content_type__app_label="home", codename="manage_personal_data"
    )


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


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage(request.user)
