from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.pages import CopyForm
from wagtail.models import Locale
from wagtail.snippets.widgets import AdminSnippetChooser

# The choices of the edition's inline forms that exist once per language.
IN_LANGUAGE = {"programme_items": ("venue", "speakers", "themes"), "venues": ("venue",)}


def _chosen(form, name):
    field = form.instance._meta.get_field(name)
    if field.many_to_many:  # a cluster's relation: unsaved choices included
        return [obj.pk for obj in getattr(form.instance, name).all()]
    value = getattr(form.instance, field.attname)
    return [value] if value else []


class InLanguageSnippetChooser(AdminSnippetChooser):
    """A snippet chooser whose listing opens on one language (the editor may still widen it)."""

    def __init__(self, model, *, language_code, **kwargs):
        self.language_code = language_code
        super().__init__(model, **kwargs)

    def get_chooser_modal_url(self):
        return f"{super().get_chooser_modal_url()}?{urlencode({'locale': self.language_code})}"


def in_language(form_class, names, locale_id):
    """``form_class`` whose ``names`` offer the objects of the page's language only."""
    from .services import choices_in_language  # noqa: PLC0415 (colloque.services imports colloque.models, which imports this module)

    language_code = Locale.objects.get(pk=locale_id).language_code

    class InLanguage(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for name in names:
                field = self.fields.get(name)
                if field is not None:
                    field.queryset = choices_in_language(
                        queryset=field.queryset, locale_id=locale_id, chosen=_chosen(self, name)
                    )
                if isinstance(getattr(field, "widget", None), AdminSnippetChooser):
                    field.widget = InLanguageSnippetChooser(
                        field.widget.model, language_code=language_code
                    )

    InLanguage.__name__ = form_class.__name__
    return InLanguage


class EditionPageForm(WagtailAdminPageForm):
    """Refuses a programme that cannot happen, naming the items involved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id or getattr(
            getattr(self, "parent_page", None), "locale_id", None
        )
        for relation, names in IN_LANGUAGE.items():
            formset = self.formsets.get(relation)
            if formset is not None and locale_id:
                # The formset builds its forms lazily from this class, the empty one included.
                formset.form = in_language(formset.form, names, locale_id)

    def clean(self):
        from .services import ProgrammeSlot, edition_year_taken, programme_problems  # noqa: PLC0415 (colloque.services imports colloque.models, which imports this module)

        cleaned = super().clean()
        year = cleaned.get("year")
        parent = getattr(self, "parent_page", None) or (
            self.instance.get_parent() if self.instance.pk else None
        )
        if (
            year
            and parent is not None
            and edition_year_taken(parent=parent, year=year, exclude_pk=self.instance.pk)
        ):
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


class EditionCopyForm(CopyForm):
    """Copying an edition starts the next one: asks its year (the title and slug follow).

    No alias (an alias mirrors its source, year and all) and no publishing: the copy is a
    draft until its host is known. ``colloque.next_edition.prepare_next_edition`` applies the
    same rules as the "Prepare the next edition" action (``after_copy_page``,
    ``colloque.admin.next_edition``).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        source = self.page.specific_deferred
        year = source.year + 1
        self.fields["new_year"] = forms.IntegerField(
            label=gettext_lazy("Year of the new edition"),
            initial=year,
            min_value=1900,
            max_value=2999,
        )
        # The year in the title and the slug (« Colloque 2024 », 2024) moves on with it.
        old, new = str(source.year), str(year)
        self.fields["new_title"].initial = source.title.replace(old, new)
        self.fields["new_slug"].initial = source.slug.replace(old, new)
        for name in ("alias", "publish_copies"):
            self.fields.pop(name, None)
        # The year first, then title, slug, parent, subpages.
        self.order_fields(["new_year", "new_title", "new_slug"])

    def clean(self):
        from .services import edition_year_taken  # noqa: PLC0415 (colloque.services imports colloque.models, which imports this module)

        cleaned = super().clean()
        year, parent = cleaned.get("new_year"), cleaned.get("new_parent_page")
        if year and parent is not None and edition_year_taken(parent=parent, year=year):
            self.add_error(
                "new_year",
                _("This series already has an edition in %(year)s.") % {"year": year},
            )
        return cleaned
