"""Marking many registrations eligible or not at once, from the registrations' listing."""

from django import forms
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.views.bulk_action import BulkAction

from .. import services
from ..models import Registration
from .access import can_manage


class EligibilityForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=gettext_lazy("Relevance for the community"),
        choices=[("yes", gettext_lazy("Eligible")), ("no", gettext_lazy("Not eligible"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class EligibilityBulkAction(BulkAction):
    display_name = gettext_lazy("Eligibility")
    action_type = "eligibility"
    aria_label = gettext_lazy("Mark the selected registrations eligible or not eligible")
    template_name = "communities/admin/confirm_bulk_eligibility.html"
    action_priority = 10
    form_class = EligibilityForm
    models = [Registration]

    def check_perm(self, obj):
        return can_manage(self.request.user)

    def get_execution_context(self):
        return {"eligible": self.cleaned_form.cleaned_data["eligible"]}

    @classmethod
    def execute_action(cls, objects, eligible=None, **kwargs):
        return services.set_eligibility(registrations=objects, eligible=eligible), 0

    def object_context(self, obj):
        return {"item": obj}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d registration waiting for the draw was assessed.",
            "%(count)d registrations waiting for the draw were assessed.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
