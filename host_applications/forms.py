"""The public candidature form (a plain Django form: the form builder cannot moderate)."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from home.forms import PublicFormMixin

from .models import HostApplication
from .services import APPLICANT_FIELDS

PDF_MAGIC = b"%PDF-"


def is_pdf(upload):
    """A PDF by its content: the header near the start and the end-of-file marker near the end."""
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(max(upload.size - 2048, 0))
    tail = upload.read()
    upload.seek(0)
    return PDF_MAGIC in head and b"%%EOF" in tail


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePdfField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "application/pdf,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _attachments_help():
    return _(
        "Up to %(count)d PDF files of %(size)s each: floor plans, photos of the rooms, "
        "letters of support."
    ) % {
        "count": settings.HOST_APPLICATION_MAX_FILES,
        "size": filesizeformat(settings.HOST_APPLICATION_MAX_FILE_SIZE),
    }


class HostApplicationForm(PublicFormMixin, forms.ModelForm):
    attachments = MultiplePdfField(
        label=_("Attached files (PDF)"),
        required=False,
        # Lazy: worked out in the visitor's language when the form shows, not at import.
        help_text=lazy(_attachments_help, str)(),
    )
    consent = forms.BooleanField(
        label=_(
            "I consent to the collection and use of this information to assess our candidature, "
            "as described in the privacy notice."
        ),
        error_messages={"required": _("Your consent is needed to assess the candidature.")},
    )
    # Honeypot: hidden from people by CSS, filled in by bots that fill in everything.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = HostApplication
        fields = APPLICANT_FIELDS
        widgets = {
            "proposed_start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "proposed_end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "accessibility": forms.RadioSelect,
            # street-address is for a textarea only (HTML): the first line on a single input.
            "address": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "postal_code": forms.TextInput(attrs={"autocomplete": "postal-code", "size": 8}),
            "town": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "institution_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "plenary_capacity": forms.NumberInput(attrs={"min": 1}),
            "workshop_rooms": forms.NumberInput(attrs={"min": 0}),
            "catering": forms.Textarea(attrs={"rows": 3}),
            "technical_equipment": forms.Textarea(attrs={"rows": 3}),
            "accommodation_transport": forms.Textarea(attrs={"rows": 3}),
            "local_partners": forms.Textarea(attrs={"rows": 3}),
            "accessibility_details": forms.Textarea(attrs={"rows": 3}),
            "motivation": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "institution_name": _("As it should appear on the site if you are selected."),
            "postal_code": _("For example: G1R 2B5."),
            "contact_email": _("Your receipt, your private link and our decision are sent here."),
            "proposed_start_date": _("The colloque lasts one or two days."),
            "plenary_capacity": _("How many people the largest room seats."),
            "workshop_rooms": _("Rooms for 20 to 40 people, available at the same time."),
            "catering": _(
                "Meals and breaks: on site, a caterer you work with, nearby restaurants."
            ),
            "technical_equipment": _("Projectors, sound system, microphones, Wi-Fi, a technician."),
            "accommodation_transport": _(
                "Hotels, public transport, parking, distance from a highway."
            ),
            "local_partners": _("Organisations or artists who could take part."),
            "motivation": _(
                "Why your community wants to host the colloque, and what it would bring."
            ),
        }

    def __init__(self, *args, existing_files=0, require_consent=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_files = existing_files
        if not require_consent:
            del self.fields["consent"]
        for name, empty_label in (
            ("region", _("Choose a region")),
            ("institution_type", _("Choose a type")),
        ):
            self.fields[name].choices = [("", empty_label), *list(self.fields[name].choices)[1:]]
        self.fields["accessibility"].choices = [
            choice for choice in self.fields["accessibility"].choices if choice[0]
        ]
        for name, form_field in self.fields.items():
            if form_field.required and name != "consent":
                form_field.error_messages["required"] = _("This answer is required.")
            if not form_field.required and name != "website":
                form_field.label = format_lazy("{} ({})", form_field.label, _("optional"))

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""

    def clean_postal_code(self):
        value = "".join(self.cleaned_data["postal_code"].split()).upper()
        if len(value) != 6 or not (value[0::2].isalpha() and value[1::2].isdigit()):
            raise forms.ValidationError(_("Enter a Canadian postal code, for example G1R 2B5."))
        return f"{value[:3]} {value[3:]}"

    def clean_institution_name(self):
        return " ".join(self.cleaned_data["institution_name"].split())

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        limit = settings.HOST_APPLICATION_MAX_FILES
        if len(files) + self.existing_files > limit:
            raise forms.ValidationError(
                _("You can attach at most %(count)d files.") % {"count": limit}
            )
        errors = []
        for upload in files:
            if upload.size > settings.HOST_APPLICATION_MAX_FILE_SIZE:
                errors.append(
                    _("“%(name)s” is larger than %(size)s.")
                    % {
                        "name": upload.name,
                        "size": filesizeformat(settings.HOST_APPLICATION_MAX_FILE_SIZE),
                    }
                )
            elif not is_pdf(upload):
                errors.append(_("“%(name)s” is not a PDF file.") % {"name": upload.name})
        if errors:
            raise forms.ValidationError(errors)
        return files

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("proposed_start_date"), cleaned.get("proposed_end_date")
        if start and end and end < start:
            self.add_error("proposed_end_date", _("The last day cannot be before the first day."))
        if start and start < timezone.localdate():
            self.add_error("proposed_start_date", _("Propose dates in the future."))
        return cleaned


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, withdraw our candidature. This cannot be undone."),
        error_messages={"required": _("Tick the box to confirm.")},
    )
