"""Registrations made, changed or moved by a facilitator on someone's behalf.

Each page asks, then goes through `communities.staff`; the person is told by email and the
registration's history names the facilitator.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views import generic
from wagtail.models import Locale

from home.forms import STAFF_COMMENT_MAX_LENGTH, StatedLimitsMixin

from .. import staff
from ..forms import RegistrationForm
from ..models import CommunityPage, Registration, RegistrationState
from ..services import RegistrationRefused, TransitionRefused
from .access import can_add, can_manage

INSPECT_URL_NAME = "registrations:inspect"


def default_communities():
    return CommunityPage.objects.filter(locale=Locale.get_default()).order_by("title")


class PhoneRegistrationForm(RegistrationForm):
    """The public form's questions, for a facilitator typing what someone said on the phone."""

    community = forms.ModelChoiceField(
        label=gettext_lazy("Community"), queryset=CommunityPage.objects.none()
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the emails"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "The person gave their consent on the phone, after hearing the privacy notice "
            "(why we collect this information, who sees it, how long we keep it)."
        ),
        help_text=gettext_lazy("Your name is recorded with their consent."),
        error_messages={
            "required": gettext_lazy(
                "Without the person's consent, nothing can be recorded: read them the "
                "privacy notice and ask."
            )
        },
    )

    STAFF_HELP = {
        "email": gettext_lazy(
            "Their confirmation, their private link and the meeting links are sent here."
        ),
        "project": gettext_lazy("What they would like to work on with the group, in their words."),
        "colleagues": gettext_lazy("Colleagues from their school team who register too."),
    }

    def __init__(self, *args, for_user=None, **kwargs):
        kwargs.pop("instance", None)  # a new registration is made by the service, not here
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = default_communities()
        del self.fields["website"]  # the honeypot is for bots, not facilitators
        # The public form speaks to the person; this one to the facilitator taking the call.
        for name, text in self.STAFF_HELP.items():
            self.fields[name].help_text = text
        # Every level: the person may not have chosen one this community lists yet.
        self.order_fields(["community", "language"])


class RegistrationCreateView(generic.CreateView):
    """/admin/inscriptions/new/: someone who phoned, registered by the same rules."""

    page_title = gettext_lazy("Register someone who phoned")
    page_subtitle = page_title
    submit_button_label = gettext_lazy("Register")

    def get_form_class(self):
        return PhoneRegistrationForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        community = self.request.GET.get("community", "")
        if community.isdigit() and "initial" in kwargs:
            kwargs["initial"] = {**kwargs["initial"], "community": int(community)}
        return kwargs

    def form_valid(self, form):
        self.form = form
        data = form.cleaned_data
        try:
            result = staff.register_by_phone(
                community=data["community"],
                data=data,
                language=data["language"],
                by=self.request.user,
            )
        except RegistrationRefused as refusal:
            form.add_error(None, str(refusal))
            self.produced_error_message = _("The registration was not made.")
            return self.form_invalid(form)
        self.object = result.registration
        messages.success(
            self.request,
            _(
                "%(name)s is registered in “%(community)s”: %(state)s. An email with their "
                "private link is on its way."
            )
            % {
                "name": self.object.name,
                "community": self.object.community.title,
                "state": self.object.get_state_display(),
            },
        )
        return redirect(INSPECT_URL_NAME, self.object.pk)


# Changing the state -------------------------------------------------------------------------


class StateForm(StatedLimitsMixin, forms.Form):
    state = forms.ChoiceField(
        label=gettext_lazy("New state"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the new state.")},
    )
    comment = forms.CharField(
        label=gettext_lazy("Note to the person (optional)"),
        required=False,
        max_length=STAFF_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Sent word for word in the email that tells them, and kept in the history."
        ),
    )

    LABELS = {
        RegistrationState.CONFIRMED: gettext_lazy(
            "Confirmed: they take the seat offered (they are told by email)"
        ),
        RegistrationState.DECLINED: gettext_lazy(
            "Seat declined: the seat goes to the next person on the waitlist"
        ),
        RegistrationState.WITHDRAWN: gettext_lazy(
            "Withdrawn: their seat or waitlist place goes to the next person"
        ),
    }

    def __init__(self, *args, transitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [(state, self.LABELS[state]) for state in transitions]


def _registration(pk):
    return get_object_or_404(Registration.objects.select_related("community"), pk=pk)


def state_view(request, pk):
    """Only the transitions the registration allows, each explained, then the service."""
    if not can_manage(request.user):
        raise PermissionDenied
    registration = _registration(pk)
    transitions = staff.allowed_transitions(registration=registration)
    form = StateForm(request.POST or None, transitions=transitions) if transitions else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            registration = staff.change_state(
                registration=registration,
                state=form.cleaned_data["state"],
                by=request.user,
                comment=form.cleaned_data["comment"],
            )
        except TransitionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("%(name)s: %(state)s. They have been told by email.")
                % {"name": registration.name, "state": registration.get_state_display()},
            )
        return redirect(INSPECT_URL_NAME, registration.pk)
    title = _("Change the state of %(name)s's registration") % {"name": registration.name}
    return TemplateResponse(
        request,
        "communities/admin/registration_state.html",
        {
            "registration": registration,
            "form": form,
            "back_url": reverse(INSPECT_URL_NAME, args=[registration.pk]),
            "header_title": title,
            "page_title": title,
        },
    )


# Moving -------------------------------------------------------------------------------------


class MoveForm(forms.Form):
    community = forms.ModelChoiceField(
        label=gettext_lazy("Move to"),
        queryset=CommunityPage.objects.none(),
        error_messages={"required": gettext_lazy("Choose the community to move them to.")},
    )

    def __init__(self, *args, registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = staff.move_targets(registration=registration)


def move_view(request, pk):
    if not can_manage(request.user) or not can_add(request.user):
        raise PermissionDenied
    registration = _registration(pk)
    form = None
    if staff.can_move(registration=registration):
        form = MoveForm(request.POST or None, registration=registration)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            result = staff.move_registration(
                registration=registration,
                community=form.cleaned_data["community"],
                by=request.user,
            )
        except (RegistrationRefused, TransitionRefused) as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                _(
                    "%(name)s moved to “%(community)s”: %(state)s. They have been told by "
                    "email, with their new private link."
                )
                % {
                    "name": result.new.name,
                    "community": result.new.community.title,
                    "state": result.new.get_state_display(),
                },
            )
            return redirect(INSPECT_URL_NAME, result.new.pk)
    title = _("Move %(name)s to another community") % {"name": registration.name}
    return TemplateResponse(
        request,
        "communities/admin/registration_move.html",
        {
            "registration": registration,
            "form": form,
            "back_url": reverse(INSPECT_URL_NAME, args=[registration.pk]),
            "header_title": title,
            "page_title": title,
        },
    )
