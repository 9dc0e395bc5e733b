"""Where a community stands: seats taken and its status for someone who would like to join."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext

from caching import changes_at, tag

from ..models import CommunityPage, Registration, RegistrationState, SelectionMethod
from .base import source_community


@dataclass
class SeatCounts:
    holding: int = 0  # selected or confirmed
    confirmed: int = 0
    waitlisted: int = 0
    pending: int = 0

    @property
    def registered(self):
        return self.holding + self.waitlisted + self.pending

    @property
    def offered(self):
        """Offered a seat, not confirmed yet: taken, but not filled."""
        return self.holding - self.confirmed


def seat_counts(*, community_ids):
    """{community id: SeatCounts} in one query, for any number of communities."""
    for pk in community_ids:
        tag(Registration, community=pk)
    rows = (
        Registration.objects.filter(community_id__in=list(community_ids))
        .values("community_id")
        .annotate(
            holding=Count("pk", filter=Q(state__in=RegistrationState.holding_seat())),
            confirmed=Count("pk", filter=Q(state=RegistrationState.CONFIRMED)),
            waitlisted=Count("pk", filter=Q(state=RegistrationState.WAITLISTED)),
            pending=Count("pk", filter=Q(state=RegistrationState.PENDING)),
        )
    )
    counts = {pk: SeatCounts() for pk in community_ids}
    for row in rows:
        community_id = row.pop("community_id")
        counts[community_id] = SeatCounts(**row)
    return counts


def seats_taken(*, community):
    """Seats no one else can have: confirmed, or offered and not yet confirmed."""
    source = source_community(community=community)
    return Registration.objects.filter(
        community=source, state__in=RegistrationState.holding_seat()
    ).count()


def capacity_problem(*, community, capacity):
    """Why `capacity` cannot be this community's maximum, or None.

    Lowering it below the seats already taken would leave people holding seats that do
    not exist: they have to withdraw or decline first. A maximum already stored is let be
    (the dashboard flags it), so that the rest of the page can still be edited.
    """
    if capacity is None or community.pk is None:
        return None
    stored = (
        CommunityPage.objects.filter(pk=community.pk).values_list("capacity_max", flat=True).first()
    )
    if capacity == stored:
        return None
    taken = seats_taken(community=community)
    if capacity >= taken:
        return None
    return ngettext(
        "%(taken)d seat is already taken (confirmed, or offered and awaiting confirmation): "
        "the maximum cannot be lower than %(taken)d.",
        "%(taken)d seats are already taken (confirmed, or offered and awaiting confirmation): "
        "the maximum cannot be lower than %(taken)d.",
        taken,
    ) % {"taken": taken}


STATUS_LABELS = {
    "upcoming": gettext_lazy("Registration opens soon"),
    "open": gettext_lazy("Registration open"),
    "full": gettext_lazy("Full"),
    "waitlist": gettext_lazy("Full: waitlist open"),
    "draw": gettext_lazy("Registration open, draw at closing"),
    "closed": gettext_lazy("Registration closed"),
    "under-way": gettext_lazy("Under way"),
    "over": gettext_lazy("Over"),
}
STATUS_ORDER = list(STATUS_LABELS)


@dataclass
class CommunityStatus:
    code: str
    date: datetime.datetime | None = None
    seats_left: int | None = None

    @property
    def label(self):
        return STATUS_LABELS[self.code]

    @property
    def accepts_registrations(self):
        return self.code in ("open", "waitlist", "draw")


def _session_bounds(sessions):
    sessions = sorted(sessions, key=lambda s: (s.date, s.start_time))
    if not sessions:
        return None, None
    return sessions[0].starts_at, max(session.ends_at for session in sessions)


def community_status(*, community, counts, sessions, now=None):
    """Where a community stands for someone who would like to join it."""
    now = now or timezone.now()
    first_start, last_end = _session_bounds(sessions)
    # The status moves on by itself at each of these moments: no cached copy may outlive them.
    changes_at(
        community.registration_opens_at, community.registration_closes_at, first_start, last_end
    )
    if last_end is not None and now >= last_end:
        return CommunityStatus("over")
    if community.registration_opens_at <= now < community.registration_closes_at:
        if community.selection_method == SelectionMethod.DRAW:
            return CommunityStatus("draw", date=community.registration_closes_at)
        if community.capacity_max is None:
            return CommunityStatus("open", date=community.registration_closes_at)
        left = max(community.capacity_max - counts.holding, 0)
        if left:
            return CommunityStatus("open", date=community.registration_closes_at, seats_left=left)
        return CommunityStatus("waitlist" if community.waitlist_enabled else "full", seats_left=0)
    if now < community.registration_opens_at:
        return CommunityStatus("upcoming", date=community.registration_opens_at)
    if first_start is not None and now >= first_start:
        return CommunityStatus("under-way")
    return CommunityStatus("closed", date=community.registration_closes_at)


def status_of(*, community, now=None):
    community = source_community(community=community)
    counts = seat_counts(community_ids=[community.pk])[community.pk]
    return community_status(
        community=community, counts=counts, sessions=list(community.sessions.all()), now=now
    )
