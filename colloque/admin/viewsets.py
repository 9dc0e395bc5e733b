"""The colloque's snippets in the admin, gathered under one "Colloque" menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..models import PartnerTier, Speaker, Theme, Venue
from .partners import PartnerViewSet


class SpeakerViewSet(SnippetViewSet):
    model = Speaker
    icon = "user"
    list_display = ["name", "role", "organisation"]
    list_filter = ["locale"]
    search_fields = ["name", "organisation"]


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    list_display = ["name", "town", "address", "time_zone"]
    list_filter = ["locale", "town"]
    search_fields = ["name", "town"]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "slug"]
    list_filter = ["locale"]


class PartnerTierViewSet(SnippetViewSet):
    model = PartnerTier
    icon = "list-ol"
    list_display = ["name", "sort_order"]
    list_filter = ["locale"]


class ColloqueViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Colloque")
    menu_icon = "calendar"
    items = (SpeakerViewSet, VenueViewSet, ThemeViewSet, PartnerViewSet, PartnerTierViewSet)
