"""Draws: staff's eligibility judgement, a seeded and replayable draw, and the seats it gives."""

import random
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caching import invalidate
from home.formatting import format_datetime

from ..models import Lottery, Registration, RegistrationState, SelectionMethod
from .base import LotteryRefused, TransitionRefused, source_community
from .notifications import _email
from .registration import _lock, _next_waitlist_position, _set_state, can_confirm
from .status import seats_taken


def set_eligibility(*, registrations, eligible):
    """Staff's judgement of relevance, before a draw. Returns how many changed."""
    ids = [registration.pk for registration in registrations]
    return Registration.objects.filter(pk__in=ids, state=RegistrationState.PENDING).update(
        eligible=eligible
    )


def draw_order(*, eligible_ids, seed):
    """The draw itself: a seeded shuffle of the eligible registrations, sorted first.

    Sorting makes the result depend on who is eligible, not on how the list was read; the
    same seed and list always give the same order (Python's Mersenne Twister is stable).
    """
    order = sorted(eligible_ids)
    random.Random(seed).shuffle(order)
    return order


def pick_winners(*, order, level_of, seats, reserved):
    """Winners in draw order: reserved seats per school level first, then everyone else.

    reserved: [(school level, seats)]. Reserved seats nobody from that level can take go to
    the general draw.
    """
    winners = []
    for level, count in reserved:
        if len(winners) >= seats:
            break
        matching = [pk for pk in order if level_of[pk] == level and pk not in winners]
        winners.extend(matching[: min(count, seats - len(winners))])
    for pk in order:
        if len(winners) >= seats:
            break
        if pk not in winners:
            winners.append(pk)
    chosen = set(winners)
    return [pk for pk in order if pk in chosen]


def lottery_problem(*, community, now=None):
    """Why the draw cannot run now, or None."""
    now = now or timezone.now()
    if community.selection_method != SelectionMethod.DRAW:
        return _("This community gives its seats in order of registration, without a draw.")
    if Lottery.objects.filter(community=community).exists():
        return _("The draw for this community has already taken place.")
    if now < community.registration_closes_at:
        return _("The draw takes place once registration closes, on %(date)s.") % {
            "date": format_datetime(community.registration_closes_at)
        }
    unassessed = Registration.objects.filter(
        community=community, state=RegistrationState.PENDING, eligible__isnull=True
    ).count()
    if unassessed:
        return _("%(count)d registration(s) still need to be marked eligible or not eligible.") % {
            "count": unassessed
        }
    return None


def _draw_seats(*, community, eligible):
    """Seats the draw gives: the free ones, or one per eligible person without a maximum."""
    if community.capacity_max is None:
        return eligible
    return max(community.capacity_max - seats_taken(community=community), 0)


@dataclass
class DrawPreview:
    """What running the draw now would do, for staff to confirm before it is final."""

    eligible: int
    not_eligible: int
    seats: int
    waitlist_enabled: bool
    reserved: list

    @property
    def offered(self):
        return min(self.seats, self.eligible)

    @property
    def left_out(self):
        """Eligible people without a seat: waitlisted in draw order, or not retained."""
        return self.eligible - self.offered


def draw_preview(*, community):
    """The counts the draw would produce; draw_lottery decides who, with the seed."""
    community = source_community(community=community)
    pending = Registration.objects.filter(community=community, state=RegistrationState.PENDING)
    eligible = pending.filter(eligible=True).count()
    return DrawPreview(
        eligible=eligible,
        not_eligible=pending.filter(eligible=False).count(),
        seats=_draw_seats(community=community, eligible=eligible),
        waitlist_enabled=community.waitlist_enabled,
        reserved=list(community.reserved_seats.all()),
    )


def confirm_seats(*, registrations, now=None, notify=True):
    """Confirm several offered seats at once, with the rule of `confirm_seat` for each (only
    a seat waiting for confirmation); raises TransitionRefused, confirming none, otherwise.

    One UPDATE for all (confirmations gathered another way, the bench's volume data);
    notify=False sends no confirmation email (see `register_many`).
    """
    ids = [registration.pk for registration in registrations]
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(Registration.objects.select_for_update().filter(pk__in=ids))
        if len(rows) != len(set(ids)) or not all(can_confirm(registration=r) for r in rows):
            raise TransitionRefused(_("This registration has no seat waiting for confirmation."))
        Registration.objects.filter(pk__in=ids).update(
            state=RegistrationState.CONFIRMED, state_changed_at=now, waitlist_position=None
        )
        # An UPDATE sends no post_save: say what the communities' pages showed.
        for community_id in {row.community_id for row in rows}:
            invalidate(Registration, community=community_id)
        if notify:
            for row in rows:
                row.state, row.state_changed_at, row.waitlist_position = (
                    RegistrationState.CONFIRMED,
                    now,
                    None,
                )
                _email(row, "confirmed")
    return rows


def draw_lottery(*, community, seed=None, user=None, now=None, notify=True):
    """Run a community's draw and store everything needed to replay it.

    Eligible pending registrations are shuffled with the seed; the first ones (reserved
    seats per level first) are offered a seat, the others wait in draw order; registrations
    judged not eligible are not retained. Everyone is emailed, unless notify=False (see
    `register_many`).
    """
    community = source_community(community=community)
    now = now or timezone.now()
    with transaction.atomic():
        community = _lock(community)
        problem = lottery_problem(community=community, now=now)
        if problem:
            raise LotteryRefused(problem)
        pending = list(
            Registration.objects.filter(
                community=community, state=RegistrationState.PENDING
            ).order_by("pk")
        )
        eligible = [registration for registration in pending if registration.eligible]
        if seed is None:
            seed = secrets.randbelow(2**63)
        order = draw_order(eligible_ids=[r.pk for r in eligible], seed=seed)
        seats = _draw_seats(community=community, eligible=len(order))
        reserved = [(row.school_level, row.seats) for row in community.reserved_seats.all()]
        winners = pick_winners(
            order=order,
            level_of={r.pk: r.school_level for r in eligible},
            seats=seats,
            reserved=reserved,
        )
        lottery = Lottery.objects.create(
            community=community,
            seed=seed,
            ran_at=now,
            ran_by=user,
            seats=seats,
            applicants=len(pending),
            eligible_ids=[r.pk for r in eligible],
            order=order,
            winner_ids=winners,
            reserved=dict(reserved),
        )
        by_pk = {registration.pk: registration for registration in pending}
        winner_set = set(winners)
        position = _next_waitlist_position(community)
        for pk in order:
            registration = by_pk[pk]
            if pk in winner_set:
                _set_state(registration, RegistrationState.SELECTED, now=now)
                if notify:
                    _email(registration, "draw_selected")
            elif community.waitlist_enabled:
                _set_state(registration, RegistrationState.WAITLISTED, now=now, position=position)
                position += 1
                if notify:
                    _email(registration, "draw_waitlisted")
            else:
                _set_state(registration, RegistrationState.NOT_SELECTED, now=now)
                if notify:
                    _email(registration, "draw_not_selected")
        for registration in pending:
            if not registration.eligible:
                _set_state(registration, RegistrationState.NOT_SELECTED, now=now)
                if notify:
                    _email(registration, "not_eligible")
    return lottery


def replay(*, lottery):
    """Recompute a stored draw: True when the seed and eligible list give the stored order."""
    return draw_order(eligible_ids=lottery.eligible_ids, seed=lottery.seed) == lottery.order
