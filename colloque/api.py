"""The programme in the read-only API: ``/api/v2/programme-items/`` and ``/api/v2/speakers/``
(registered with the base by ``colloque.apps``). Public editions only: live, under no view
restriction (``colloque.services``)."""

from django.utils import translation
from wagtail.api import APIField
from wagtail.api.v2.filters import OrderingFilter, SearchFilter
from wagtail.images.api.fields import ImageRenditionField

from home.api import (
    ComputedField,
    ISODateTimeField,
    PublicModelAPIViewSet,
    SafeFieldsFilter,
    positive_integer,
    requested_locale,
)
from home.services import site_url

from .models import ColloqueIndexPage, ProgrammeItem, Speaker
from .services import public_programme_items, public_speakers, speakers_series

# One of the speakers page's renditions (home.renditions.PORTRAIT), so made ahead.
PHOTO_SPEC = "format-jpeg|fill-320x320"


# Absolute addresses from SITE_URL, as Wagtail's ``html_url`` (the site has one address).
def _item_url(item, context):
    return site_url(item.get_url(context["request"]))


def _item_calendar_url(item, context):
    return site_url(item.get_calendar_url(context["request"]))


def _kind(item, context):
    # The label in the item's own language, whatever the reader's browser says.
    with translation.override(item.edition.locale.language_code):
        return {"value": item.kind, "label": str(item.get_kind_display())}


def _edition(item, context):
    edition = item.edition
    return {
        "id": edition.pk,
        "title": edition.title,
        "year": edition.year,
        "html_url": site_url(edition.get_url(context["request"])),
    }


def _venue(item, context):
    venue = item.venue
    if venue is None:
        return None
    return {
        "name": venue.name,
        "address": venue.address,
        "town": venue.town,
        "map_url": venue.map_url or None,
    }


def _speakers(item, context):
    return [
        {"id": speaker.pk, "name": speaker.name, "organisation": speaker.organisation}
        for speaker in item.speakers.all()
    ]


def _themes(item, context):
    return [theme.name for theme in item.themes.all()]


def _slides(item, context):
    return site_url(item.slides.url) if item.slides else None


def _locale(obj, context):
    return obj.locale.language_code


def _item_locale(item, context):
    return item.edition.locale.language_code


def _speaker_url(speaker, context):
    """The speaker's page, under the speakers' series of their language (read once for the
    request: the listing's count stays flat)."""
    series = speakers_series(locale_id=speaker.locale_id)
    if series is None:
        return None
    path = ColloqueIndexPage.speaker_path(speaker.slug, language=speaker.locale.language_code)
    return site_url(series.get_url(context["request"]) + path)


def _speaker_items(speaker, context):
    return [
        {"id": item.pk, "title": item.title, "html_url": _item_url(item, context)}
        for item in speaker.public_items
    ]


class EditionFilteredMixin:
    """``locale`` (the edition's, or the speaker's own), ``edition`` (its page id) and
    ``year``, read before the rows are asked for."""

    def edition_choices(self):
        request = self.request
        return {
            "locale": requested_locale(request),
            "edition_id": positive_integer(request, "edition"),
            "year": positive_integer(request, "year"),
        }


class ProgrammeItemsAPIViewSet(EditionFilteredMixin, PublicModelAPIViewSet):
    """Programme items of public editions, in programme order."""

    name = "programme-items"
    model = ProgrammeItem
    filter_backends = [SafeFieldsFilter, OrderingFilter, SearchFilter]
    known_query_parameters = PublicModelAPIViewSet.known_query_parameters | {
        "locale",
        "edition",
        "year",
    }
    filter_fields = ("id", "title", "slug", "kind", "day", "venue", "room")
    body_fields = [
        "id",
        "title",
        "slug",
        APIField("kind", serializer=ComputedField(_kind)),
        APIField("edition", serializer=ComputedField(_edition)),
        "day",
        APIField("starts_at", serializer=ISODateTimeField()),
        APIField("ends_at", serializer=ISODateTimeField()),
        APIField("venue", serializer=ComputedField(_venue)),
        "room",
        APIField("speakers", serializer=ComputedField(_speakers)),
        APIField("themes", serializer=ComputedField(_themes)),
        "description",
        "recording_url",
        APIField("slides", serializer=ComputedField(_slides)),
    ]
    meta_fields = [
        "type",
        "detail_url",
        APIField("html_url", serializer=ComputedField(_item_url)),
        APIField("ics_url", serializer=ComputedField(_item_calendar_url)),
        APIField("locale", serializer=ComputedField(_item_locale)),
    ]
    listing_default_fields = [
        *PublicModelAPIViewSet.listing_default_fields,
        "html_url",
        "locale",
        "title",
        "slug",
        "kind",
        "edition",
        "day",
        "starts_at",
        "ends_at",
        "venue",
        "room",
        "speakers",
        "themes",
    ]
    nested_default_fields = [*PublicModelAPIViewSet.nested_default_fields, "title"]

    def get_queryset(self):
        return public_programme_items(**self.edition_choices())


class SpeakersAPIViewSet(EditionFilteredMixin, PublicModelAPIViewSet):
    """Speakers of public editions' programmes, by name (``edition`` and ``year``: those of
    that edition), each with every public item that names them. ``search`` keeps the order
    by name."""

    name = "speakers"
    model = Speaker
    filter_backends = [SafeFieldsFilter, OrderingFilter]
    known_query_parameters = PublicModelAPIViewSet.known_query_parameters | {
        "locale",
        "edition",
        "year",
    }
    filter_fields = ("id", "name", "organisation")
    body_fields = [
        "id",
        "name",
        "role",
        "organisation",
        "bio",
        APIField("photo", serializer=ImageRenditionField(PHOTO_SPEC)),
        APIField("items", serializer=ComputedField(_speaker_items)),
    ]
    meta_fields = [
        "type",
        "detail_url",
        APIField("html_url", serializer=ComputedField(_speaker_url)),
        "slug",
        APIField("locale", serializer=ComputedField(_locale)),
    ]
    listing_default_fields = [
        *PublicModelAPIViewSet.listing_default_fields,
        "html_url",
        "locale",
        "name",
        "role",
        "organisation",
        "photo",
    ]
    nested_default_fields = [*PublicModelAPIViewSet.nested_default_fields, "name"]

    def get_queryset(self):
        return public_speakers(
            **self.edition_choices(), search=self.request.GET.get("search"), photo_spec=PHOTO_SPEC
        )
