import django_filters
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.models import Locale
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    IndexView,
    InspectView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from home.exports import ReadableExportMixin, ReadableInspectMixin

from . import admin_views, calendar_source, next_edition, services
from .forms import EditionCopyForm
from .models import EditionPage, Partner, PartnerKind, PartnerTier, Speaker, Theme, Venue


class SpeakerViewSet(SnippetViewSet):
    model = Speaker
    icon = "user"
    list_display = ["name", "role", "organisation"]
    list_filter = ["locale"]
    search_fields = ["name", "organisation"]


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    list_display = ["name", "town", "address"]
    list_filter = ["locale", "town"]
    search_fields = ["name", "town"]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "slug"]
    list_filter = ["locale"]


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


class PartnerTierViewSet(SnippetViewSet):
    model = PartnerTier
    icon = "list-ol"
    list_display = ["name", "sort_order"]
    list_filter = ["locale"]


class ColloqueViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Colloque")
    menu_icon = "calendar"
    items = (SpeakerViewSet, VenueViewSet, ThemeViewSet, PartnerViewSet, PartnerTierViewSet)


register_snippet(ColloqueViewSetGroup)


@hooks.register("after_copy_page")
def start_the_copied_edition(request, page, new_page):
    """A copied edition is the next one (EditionCopyForm asked its year; the copy view has
    validated the whole form): clear what belonged to the copied edition."""
    if (
        not isinstance(new_page.specific, EditionPage)
        or new_page.alias_of_id
        or "new_year" not in request.POST
    ):
        return None
    form = EditionCopyForm(page=page, user=request.user)
    year = form.fields["new_year"].clean(request.POST.get("new_year"))
    next_edition.prepare_next_edition(
        source=page.specific, edition=new_page.specific, year=year, user=request.user
    )
    return None


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "colloque/editions/<int:pk>/suivante/",
            admin_views.next_edition_view,
            name=admin_views.NEXT_EDITION_URL_NAME,
        )
    ]


def _next_edition_button(page, user):
    specific = page.specific_deferred
    if isinstance(specific, EditionPage) and admin_views.can_prepare_next(
        edition=specific, user=user
    ):
        return Button(
            _("Prepare the next edition"),
            reverse(admin_views.NEXT_EDITION_URL_NAME, args=[page.pk]),
            icon_name="copy",
            priority=35,
        )
    return None


@hooks.register("register_page_listing_more_buttons")
def next_edition_listing_button(page, user, next_url=None):
    if button := _next_edition_button(page, user):
        yield button


@hooks.register("register_page_header_buttons")
def next_edition_header_button(page, user, view_name, next_url=None):
    if button := _next_edition_button(page, user):
        yield button


@hooks.register("register_admin_calendar_source")
def programme_in_the_admin_calendar():
    return calendar_source.source()
