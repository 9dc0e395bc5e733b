"""Community sessions in the read-only API: ``/api/v2/community-sessions/`` (registered with
the base by ``communities.apps``). Sessions of live communities under no view restriction;
never their meeting link, which only confirmed participants receive."""

from django.utils import translation
from wagtail.api import APIField
from wagtail.api.v2.filters import OrderingFilter

from home.api import (
    ComputedField,
    ISODateTimeField,
    PublicModelAPIViewSet,
    SafeFieldsFilter,
    requested_locale,
)
from home.services import site_url

from .models import CommunitySession, MeetingMode
from .services import public_community_sessions, session_location


def _community(session, context):
    community = session.community
    return {
        "id": community.pk,
        "title": community.title,
        "html_url": site_url(community.get_url(context["request"])),
    }


def _mode(session, context):
    community = session.community
    # In the community's own language, whatever the reader's browser says.
    with translation.override(community.locale.language_code):
        return {"value": community.mode, "label": str(community.get_mode_display())}


def _where(session, context):
    community = session.community
    with translation.override(community.locale.language_code):
        return str(session_location(session, community=community))


def _online(session, context):
    return session.community.mode in (MeetingMode.VIDEOCONFERENCE, MeetingMode.HYBRID)


def _location(session, context):
    return session.location or None  # a public place; the meeting link is never read


def _calendar_url(session, context):
    return site_url(session.community.get_calendar_url(context["request"]))


def _locale(session, context):
    return session.community.locale.language_code


class CommunitySessionsAPIViewSet(PublicModelAPIViewSet):
    """Sessions of public communities, in date order; ``community`` (its page id) and
    ``locale`` (the community's language) filter them."""

    name = "community-sessions"
    model = CommunitySession
    filter_backends = [SafeFieldsFilter, OrderingFilter]
    # Sessions are not in the search index: a search would be silently ignored.
    known_query_parameters = (
        PublicModelAPIViewSet.known_query_parameters - {"search", "search_operator"}
    ) | {"locale"}
    filter_fields = ("id", "community", "date")
    body_fields = [
        "id",
        APIField("community", serializer=ComputedField(_community)),
        "date",
        APIField("starts_at", serializer=ISODateTimeField()),
        APIField("ends_at", serializer=ISODateTimeField()),
        "topic",
        APIField("mode", serializer=ComputedField(_mode)),
        APIField("online", serializer=ComputedField(_online)),
        APIField("location", serializer=ComputedField(_location)),
        APIField("where", serializer=ComputedField(_where)),
    ]
    meta_fields = [
        "type",
        "detail_url",
        APIField("ics_url", serializer=ComputedField(_calendar_url)),
        APIField("locale", serializer=ComputedField(_locale)),
    ]
    listing_default_fields = [
        *PublicModelAPIViewSet.listing_default_fields,
        "ics_url",
        "locale",
        "community",
        "date",
        "starts_at",
        "ends_at",
        "topic",
        "mode",
        "online",
        "location",
        "where",
    ]

    def get_queryset(self):
        return public_community_sessions(locale=requested_locale(self.request))
