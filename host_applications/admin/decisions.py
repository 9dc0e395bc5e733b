"""Admin pages that take a decision back: each asks first, then goes through the services."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.forms import STAFF_COMMENT_MAX_LENGTH, StatedLimitsMixin

from .. import services
from ..models import HostApplication
from .url_names import INSPECT_URL_NAME

COMMENT_MAX_LENGTH = STAFF_COMMENT_MAX_LENGTH
SENT_VERBATIM = gettext_lazy(
    "This comment is sent word for word to the institution, in the email that tells it."
)


class SelectionForm(StatedLimitsMixin, forms.Form):
    UNDO = "undo"
    REPLACE = "replace"

    choice = forms.ChoiceField(
        label=gettext_lazy("What do you decide?"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose to undo or to replace the selection.")},
    )
    replacement = forms.ModelChoiceField(
        label=gettext_lazy("Candidature that hosts instead"),
        queryset=HostApplication.objects.none(),
        required=False,
        help_text=gettext_lazy("Only when you replace the selection."),
        empty_label="—",
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        help_text=SENT_VERBATIM,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": gettext_lazy("Say why: the institutions concerned will read it.")
        },
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        replacements = services.replacements_for(application=application)
        self.fields["replacement"].queryset = replacements
        self.fields["replacement"].label_from_instance = lambda candidature: (
            f"{candidature.reference} · {candidature.institution_name} "
            f"({candidature.get_status_display()})"
        )
        self.fields["choice"].choices = [
            (
                self.UNDO,
                _(
                    "Undo the selection: the edition has no host again, and this candidature "
                    "goes back to the committee's decision."
                ),
            ),
            (
                self.REPLACE,
                _("Replace it: another candidature hosts the edition, this one is not selected."),
            ),
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("choice") == self.REPLACE and not cleaned.get("replacement"):
            self.add_error("replacement", _("Choose the candidature that hosts instead."))
        return cleaned


def selection_view(request, pk):
    if not services.can_change_selection(user=request.user):
        raise PermissionDenied
    application = get_object_or_404(HostApplication.objects.select_related("edition"), pk=pk)
    form = None
    if application.is_selected:
        form = SelectionForm(request.POST or None, application=application)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            if form.cleaned_data["choice"] == SelectionForm.UNDO:
                services.undo_selection(
                    application=application,
                    user=request.user,
                    comment=form.cleaned_data["comment"],
                )
                messages.success(
                    request,
                    _(
                        "The selection of %(reference)s is undone: the edition has no host, "
                        "the candidature awaits the committee's decision and the institution "
                        "has been told."
                    )
                    % {"reference": application.reference},
                )
                return redirect(INSPECT_URL_NAME, application.pk)
            replacement = services.replace_selection(
                application=application,
                replacement=form.cleaned_data["replacement"],
                user=request.user,
                comment=form.cleaned_data["comment"],
            )
        except services.DecisionRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(INSPECT_URL_NAME, application.pk)
        messages.success(
            request,
            _("%(new)s now hosts the edition instead of %(old)s; both institutions have been told.")
            % {"new": replacement.reference, "old": application.reference},
        )
        return redirect(INSPECT_URL_NAME, replacement.pk)
    title = _("Undo or replace the selection of %(reference)s") % {
        "reference": application.reference
    }
    return TemplateResponse(
        request,
        "host_applications/admin/selection.html",
        {"application": application, "form": form, "header_title": title, "page_title": title},
    )


class EndModerationForm(StatedLimitsMixin, forms.Form):
    choice = forms.ChoiceField(
        label=gettext_lazy("Where does the candidature go?"),
        widget=forms.RadioSelect,
        choices=[
            (
                services.EndChoice.WITHDRAW,
                gettext_lazy(
                    "Withdraw it on the institution's behalf: it is no longer considered, "
                    "and the institution is told by email."
                ),
            ),
            (
                services.EndChoice.RESCREEN,
                gettext_lazy(
                    "Send it back to screening: moderation starts again at the first step; "
                    "the institution is not told."
                ),
            ),
        ],
        error_messages={"required": gettext_lazy("Choose what happens to the candidature.")},
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        help_text=gettext_lazy(
            "Kept in the history. When the candidature is withdrawn, it is sent word for "
            "word to the institution."
        ),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("choice") == services.EndChoice.WITHDRAW and not cleaned.get("comment"):
            self.add_error("comment", _("Say why it is withdrawn: the institution will read it."))
        return cleaned


def end_moderation_view(request, pk):
    application = get_object_or_404(HostApplication.objects.select_related("edition"), pk=pk)
    if not services.can_end_moderation(application=application, user=request.user):
        if request.user.is_active and request.user.has_perm(
            "host_applications.change_hostapplication"
        ):
            messages.error(
                request, _("This candidature is not being moderated: nothing was changed.")
            )
            return redirect(INSPECT_URL_NAME, application.pk)
        raise PermissionDenied
    form = EndModerationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        application = services.end_moderation(
            application=application,
            user=request.user,
            choice=form.cleaned_data["choice"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(
            request,
            _("%(reference)s: %(state)s.")
            % {"reference": application.reference, "state": application.get_status_display()},
        )
        return redirect(INSPECT_URL_NAME, application.pk)
    title = _("Cancel the workflow of %(reference)s") % {"reference": application.reference}
    return TemplateResponse(
        request,
        "host_applications/admin/end_moderation.html",
        {
            "application": application,
            "form": form,
            "task": application.current_workflow_task,
            "header_title": title,
            "page_title": title,
        },
    )
