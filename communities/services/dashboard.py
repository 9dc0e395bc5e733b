"""The staff dashboard: communities still taking or holding people, and what needs doing."""

from dataclasses import dataclass

from django.utils import timezone
from wagtail.models import Locale

from ..attendance import last_sessions_attendance
from ..models import CommunityPage, CommunitySession, Lottery, SelectionMethod
from .status import CommunityStatus, SeatCounts, community_status, seat_counts


@dataclass
class DashboardRow:
    community: CommunityPage
    status: CommunityStatus
    counts: SeatCounts
    next_session: CommunitySession | None
    draw_due: bool = False  # registration closed, the draw not run yet
    last_attendance: object = None  # SessionAttendance of the latest session started

    @property
    def capacity(self):
        return self.community.capacity_max

    @property
    def over_capacity(self):
        """Seats taken beyond the maximum (it was lowered, or set before the rule)."""
        if self.capacity is None:
            return 0
        return max(self.counts.holding - self.capacity, 0)


def dashboard_rows(*, now=None):
    """Communities still taking or holding people (not over), in the default language."""
    now = now or timezone.now()
    communities = list(
        CommunityPage.objects.live()
        .filter(locale=Locale.get_default())
        .prefetch_related("sessions")
        .order_by("registration_closes_at", "pk")
    )
    counts = seat_counts(community_ids=[c.pk for c in communities])
    drawn = set(
        Lottery.objects.filter(community__in=communities).values_list("community_id", flat=True)
    )
    attendance = last_sessions_attendance(
        communities=communities,
        confirmed={pk: count.confirmed for pk, count in counts.items()},
        now=now,
    )
    rows = []
    for community in communities:
        sessions = sorted(community.sessions.all(), key=lambda s: (s.date, s.start_time))
        status = community_status(
            community=community, counts=counts[community.pk], sessions=sessions, now=now
        )
        if status.code == "over":
            continue
        rows.append(
            DashboardRow(
                community=community,
                status=status,
                counts=counts[community.pk],
                next_session=next((s for s in sessions if s.ends_at > now), None),
                draw_due=community.selection_method == SelectionMethod.DRAW
                and now >= community.registration_closes_at
                and community.pk not in drawn,
                last_attendance=attendance.get(community.pk),
            )
        )
    return rows
