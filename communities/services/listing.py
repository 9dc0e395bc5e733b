"""The communities index (statuses, filters, a page of cards) and what a community page shows."""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from caching import changes_at, tag
from home.services import paginate

from ..models import CommunityKind, CommunityPage, CommunitySession, Lottery, SchoolLevel
from .base import source_community
from .status import (
    STATUS_LABELS,
    STATUS_ORDER,
    CommunityStatus,
    SeatCounts,
    community_status,
    seat_counts,
)


@dataclass
class FilterOption:
    label: str
    query: str
    selected: bool


@dataclass
class ListingFilters:
    level: str = ""
    kind: str = ""
    status: str = ""
    groups: list = field(default_factory=list)

    @property
    def active(self):
        return bool(self.level or self.kind or self.status)

    def query(self, **changes):
        """The query string for these filters with some changed (a value of "" removes it)."""
        values = {"niveau": self.level, "type": self.kind, "statut": self.status}
        values.update(changes)
        return urlencode({key: value for key, value in values.items() if value})

    @property
    def page_prefix(self):
        """What goes before ``page=`` in a pagination link, so pages keep the filters."""
        query = self.query()
        return f"{query}&" if query else ""

    def add_group(self, *, key, current, heading, choices):
        """A filter as GET links; choosing the selected option again removes it.

        Labels are translated now, as plain text: the listing is kept per language, and a
        lazy translation costs a class creation each time it is unpickled."""
        options = [
            FilterOption(
                str(label), self.query(**{key: "" if code == current else code}), code == current
            )
            for code, label in choices
        ]
        if options:
            self.groups.append((key, str(heading), options))


@dataclass
class ListedCommunity:
    status: CommunityStatus
    counts: SeatCounts
    sessions: list
    first_session: "SessionTimes | None"
    last_session: "SessionTimes | None"
    pk: int = 0
    kind: str = ""
    school_levels: list = field(default_factory=list)
    page: CommunityPage | None = None  # loaded only for the communities shown


class SessionTimes(NamedTuple):
    """When a session takes place: all a listing needs, without loading the session row."""

    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time

    starts_at = CommunitySession.starts_at
    ends_at = CommunitySession.ends_at


# A page of cards: the listing stays light however many communities the network runs.
COMMUNITIES_PER_PAGE = 24

# What a community's status and the filters read: loaded as plain values for every
# community, while whole pages are loaded only for the cards shown.
LISTING_FIELDS = (
    "pk",
    "locale_id",
    "translation_key",
    "kind",
    "school_levels",
    "registration_opens_at",
    "registration_closes_at",
    "capacity_max",
    "selection_method",
    "waitlist_enabled",
)


def _session_times(*, community_ids):
    tag(CommunitySession)
    by_community = {pk: [] for pk in community_ids}
    rows = CommunitySession.objects.filter(community_id__in=community_ids).values_list(
        "community_id", "date", "start_time", "end_time"
    )
    for community_id, *times in rows:
        by_community[community_id].append(SessionTimes(*times))
    for sessions in by_community.values():
        sessions.sort(key=lambda s: (s.date, s.start_time))
    return by_community


def _listing_data(communities):
    """(rows, source ids, seat counts, session times): the data behind the listing."""
    rows = [SimpleNamespace(**row) for row in communities.values(*LISTING_FIELDS)]
    # Registrations are counted on the default-language page, which holds them.
    default = Locale.get_default()
    source_ids = {row.pk: row.pk for row in rows if row.locale_id == default.pk}
    missing = [row for row in rows if row.pk not in source_ids]
    if missing:
        sources = CommunityPage.objects.filter(
            translation_key__in=[row.translation_key for row in missing], locale=default
        ).values_list("translation_key", "pk")
        by_key = dict(sources)
        for row in missing:
            source_ids[row.pk] = by_key.get(row.translation_key, row.pk)
    counts = seat_counts(community_ids=set(source_ids.values()))
    times = _session_times(community_ids=[row.pk for row in rows])
    return rows, source_ids, counts, times


def community_listing(*, communities, params, now=None):
    """Communities with their status and seats; filters by level, kind and status (GET).

    The cost stays flat as communities grow: statuses and filters come from plain values
    (three queries whatever the number), and only the page of cards shown loads pages.
    """
    level = params.get("niveau", "")
    kind = params.get("type", "")
    status = params.get("statut", "")
    # Unknown values are ignored rather than answered with an empty list.
    level = level if level in SchoolLevel.values else ""
    kind = kind if kind in CommunityKind.values else ""
    status = status if status in STATUS_LABELS else ""
    found = _matching_communities(
        communities=communities, level=level, kind=kind, status=status, now=now
    )
    shown = paginate(
        found["matching"], page_number=params.get("page"), per_page=COMMUNITIES_PER_PAGE
    )
    pages = CommunityPage.objects.in_bulk([item.pk for item in shown.object_list])
    for item in shown.object_list:
        item.page = pages[item.pk]
    return {
        "communities": shown,
        "filters": found["filters"],
        "community_count": found["community_count"],
    }


def _matching_communities(*, communities, level, kind, status, now):
    rows, source_ids, counts, times = _listing_data(communities)

    listed = []
    for row in rows:
        sessions = times[row.pk]
        state = community_status(
            community=row, counts=counts[source_ids[row.pk]], sessions=sessions, now=now
        )
        listed.append(
            ListedCommunity(
                status=state,
                counts=counts[source_ids[row.pk]],
                sessions=sessions,
                first_session=sessions[0] if sessions else None,
                last_session=sessions[-1] if sessions else None,
                pk=row.pk,
                kind=row.kind,
                school_levels=row.school_levels,
            )
        )
    present_levels = {code for item in listed for code in item.school_levels}
    present_kinds = {item.kind for item in listed}
    present_statuses = {item.status.code for item in listed}
    filters = ListingFilters(level=level, kind=kind, status=status)
    filters.add_group(
        key="niveau",
        current=level,
        heading=gettext_lazy("School level"),
        choices=[(code, label) for code, label in SchoolLevel.choices if code in present_levels],
    )
    filters.add_group(
        key="type",
        current=kind,
        heading=gettext_lazy("Kind"),
        choices=[(code, label) for code, label in CommunityKind.choices if code in present_kinds],
    )
    filters.add_group(
        key="statut",
        current=status,
        heading=gettext_lazy("Registration"),
        choices=[(code, STATUS_LABELS[code]) for code in STATUS_ORDER if code in present_statuses],
    )
    matching = [
        item
        for item in listed
        if (not level or level in item.school_levels)
        and (not kind or item.kind == kind)
        and (not status or item.status.code == status)
    ]
    return {"matching": matching, "filters": filters, "community_count": len(listed)}


def community_summary(*, community, now=None):
    """What the community page shows besides its own fields."""
    source = source_community(community=community)
    sessions = list(community.get_sessions())
    counts = seat_counts(community_ids=[source.pk])[source.pk]
    now = now or timezone.now()
    changes_at(*(session.ends_at for session in sessions))  # the next session moves on
    return {
        "status": community_status(community=community, counts=counts, sessions=sessions, now=now),
        "counts": counts,
        "sessions": sessions,
        "next_session": next((s for s in sessions if s.ends_at > now), None),
        "facilitators": list(community.facilitators.all()),
        "deliverables": list(
            community.deliverables.select_related("document").order_by("target_date", "sort_order")
        ),
        "lottery": _lottery(community_id=source.pk),
        "retention_days": settings.COMMUNITY_RETENTION_DAYS,
    }


def _lottery(*, community_id):
    tag(Lottery, community=community_id)
    return Lottery.objects.filter(community_id=community_id).first()


def public_community_sessions(*, locale=None, community_id=None):
    """The sessions of live communities under no view restriction (of one language or one
    community when told), in date order, with their community. Without their meeting link:
    it is for confirmed participants only, so it is not even read."""
    communities = CommunityPage.objects.live().public()
    if locale is not None:
        communities = communities.filter(locale=locale)
    if community_id is not None:
        communities = communities.filter(pk=community_id)
    return (
        CommunitySession.objects.filter(community__in=communities)
        .defer("meeting_url")
        .select_related("community__locale")
        .order_by("date", "start_time", "sort_order", "pk")
    )
