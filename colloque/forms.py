from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


class EditionPageForm(WagtailAdminPageForm):
    """Refuses a programme that cannot happen, naming the items involved."""

    def clean(self):
        from .models import EditionPage
        from .services import ProgrammeSlot, programme_problems

        cleaned = super().clean()
        year = cleaned.get("year")
        parent = getattr(self, "parent_page", None) or (
            self.instance.get_parent() if self.instance.pk else None
        )
        if year and parent is not None:
            siblings = EditionPage.objects.child_of(parent).filter(year=year)
            if self.instance.pk:
                siblings = siblings.exclude(pk=self.instance.pk)
            if siblings.exists():
                self.add_error(
                    "year", _("This series already has an edition in %(year)s.") % {"year": year}
                )

        self._check_partner_listings()
        formset = self.formsets.get("programme_items")
        if formset is None or not formset.is_valid():
            # Field errors in the items come first; the rules need complete items.
            return cleaned
        slots = [
            ProgrammeSlot.from_data(form.cleaned_data)
            for form in formset.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]
        for problem in programme_problems(
            start_date=cleaned.get("start_date"), end_date=cleaned.get("end_date"), items=slots
        ):
            self.add_error(None, problem)
        return cleaned

    def _check_partner_listings(self):
        formset = self.formsets.get("partner_listings")
        if formset is None or not formset.is_valid():
            return
        seen = set()
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            partner = data.get("partner")
            if partner is None or data.get("DELETE"):
                continue
            if partner.translation_key in seen:
                form.add_error(
                    "partner",
                    _("%(name)s is already listed on this edition: keep a single tier for it.")
                    % {"name": partner.name},
                )
            seen.add(partner.translation_key)
