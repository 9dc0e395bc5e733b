"""Partners in the admin: filtered by kind, state and edition, exported, and inspected with
what staff need to know."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.models import Locale
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet

from home.exports import ReadableExportMixin, ReadableInspectMixin

from .. import services
from ..models import EditionPage, Partner, PartnerKind


def _editions(request):
    return EditionPage.objects.filter(locale=Locale.get_default()).order_by("-year", "title")


class PartnerFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PartnerKind.choices)
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=services.PartnerState.choices, method="filter_state"
    )
    edition = django_filters.ModelChoiceFilter(
        label=_("Edition"), queryset=_editions, method="filter_edition"
    )

    class Meta:
        model = Partner
        fields = ["kind"]

    def filter_state(self, queryset, name, value):
        return services.filter_by_partner_state(queryset, value) if value else queryset

    def filter_edition(self, queryset, name, value):
        if not value:
            return queryset
        # Listings may point at any translation of a partner (and of the edition page).
        keys = Partner.objects.filter(
            edition_listings__edition__translation_key=value.translation_key
        ).values("translation_key")
        return queryset.filter(translation_key__in=keys)


class PartnerIndexView(ReadableExportMixin, IndexView):
    pass


class PartnerInspectView(ReadableInspectMixin, InspectView):
    # What staff need to know, not the moderation bookkeeping (revisions, locks, keys).
    extra_labels = {"state": _("State"), "editions": _("Editions")}

    def get_field_label(self, field_name, field):
        if field_name in self.extra_labels:
            return str(self.extra_labels[field_name])
        return super().get_field_label(field_name, field)

    def get_state_display_value(self):
        return self.object.state_label

    def get_editions_display_value(self):
        return self.object.edition_years


class PartnerViewSet(SnippetViewSet):
    model = Partner
    index_view_class = PartnerIndexView
    inspect_view_class = PartnerInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "name",
        "kind",
        "state",
        "editions",
        "website",
        "description",
        "logo",
        "logo_alt",
        "locale",
        "last_published_at",
    ]
    icon = "group"
    menu_label = _("Partners")
    filterset_class = PartnerFilterSet
    search_fields = ["name", "description", "website"]
    search_backend_name = None  # the admin finds drafts too; the public index is for visitors
    list_display = [
        "name",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("state", label=_("State"), accessor="state_label"),
        Column("editions", label=_("Editions"), accessor="edition_years"),
        # Each translation is approved on its own: tell the rows apart.
        Column("locale", label=_("Language"), accessor="locale"),
    ]
    list_export = [
        "name",
        "get_kind_display",
        "state_label",
        "edition_years",
        "website",
        "description",
        "logo_alt",
        "locale",
    ]
    export_headings = {
        "name": _("Name"),
        "get_kind_display": _("Kind"),
        "state_label": _("State"),
        "edition_years": _("Editions"),
        "website": _("Website"),
        "description": _("Short description"),
        "logo_alt": _("Logo text alternative"),
        "locale": _("Language"),
    }
    export_filename = "partenaires"

    def get_queryset(self, request):
        return services.partners_for_admin()
