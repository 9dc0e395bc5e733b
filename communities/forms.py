"""The public registration form and the participant's actions on their private page."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from home.forms import PublicFormMixin

from .models import Registration, SchoolLevel
from .services import REGISTRANT_FIELDS


class RegistrationForm(PublicFormMixin, forms.ModelForm):
    consent = forms.BooleanField(
        label=_(
            "I consent to the collection and use of this information to organise this "
            "community, as described in the privacy notice."
        ),
        error_messages={"required": _("Your consent is needed to register.")},
    )
    # Honeypot: hidden from people by CSS, filled in by bots that fill in everything.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Registration
        fields = REGISTRANT_FIELDS
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "project": forms.Textarea(attrs={"rows": 5}),
            "colleagues": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "email": _("Your confirmation, your private link and the meeting links are sent here."),
            "organisation": _(
                "For example: École Saint-Pierre, Centre de services scolaire de Montréal."
            ),
            "project": _(
                "What you would like to work on with the group: a project under way, a question, "
                "a need in your school."
            ),
            "colleagues": _(
                "Names of colleagues from your school team who are registering too. Each of them "
                "fills in this form."
            ),
        }

    def __init__(self, *args, community=None, **kwargs):
        super().__init__(*args, **kwargs)
        levels = community.school_levels if community is not None else []
        if levels:
            # Only the levels this community is for; the page says which.
            self.fields["school_level"].choices = [
                (code, label) for code, label in SchoolLevel.choices if code in levels
            ]
        for name, empty_label in (
            ("region", _("Choose a region")),
            ("role", _("Choose a role")),
            ("school_level", _("Choose a level")),
        ):
            choices = [choice for choice in self.fields[name].choices if choice[0]]
            self.fields[name].choices = [("", empty_label), *choices]
        for name, form_field in self.fields.items():
            if form_field.required and name != "consent":
                form_field.error_messages["required"] = _("This answer is required.")
            if not form_field.required and name != "website":
                form_field.label = format_lazy("{} ({})", form_field.label, _("optional"))
        self.fields["email"].error_messages["invalid"] = _(
            "Enter an email address such as prenom.nom@exemple.qc.ca."
        )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, withdraw my registration. This cannot be undone."),
        error_messages={"required": _("Tick the box to confirm.")},
    )
