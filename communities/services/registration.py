"""Registrations: first-come seats, the waitlist, the person's own changes (confirm, decline,
withdraw) and the seats they free."""

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from caching import invalidate
from home.private_links import hash_token
from home.ratelimit import hit

from ..models import (
    CommunityPage,
    ConsentMethod,
    Lottery,
    Registration,
    RegistrationState,
    SelectionMethod,
)
from .base import RegistrationRefused, TransitionRefused, source_community
from .notifications import _email
from .tokens import private_token, token_of

# Fields the person fills in on the public form.
REGISTRANT_FIELDS = [
    "name",
    "email",
    "role",
    "organisation",
    "region",
    "school_level",
    "project",
    "colleagues",
]


@dataclass
class RegistrationResult:
    registration: Registration
    token: str
    created: bool


def _lock(community):
    """Serialise seat changes for one community (a row lock on PostgreSQL).

    SQLite has no row locks; its connections start write transactions IMMEDIATE (see
    settings), which serialises them as well.
    """
    queryset = CommunityPage.objects.filter(pk=community.pk)
    if connection.features.has_select_for_update:
        if connection.features.has_select_for_update_of:
            queryset = queryset.select_for_update(of=("self",))
        else:
            queryset = queryset.select_for_update()
    return queryset.get()


def lock_community(*, community):
    """The community's row, locked for seat changes until the transaction ends."""
    return _lock(community)


def find_active(*, community, email):
    return Registration.objects.filter(
        community=source_community(community=community),
        email__iexact=email.strip(),
        state__in=RegistrationState.active(),
    ).first()


def _set_state(registration, state, *, now=None, position=None):
    registration.state = state
    registration.state_changed_at = now or timezone.now()
    registration.waitlist_position = position
    registration.save(update_fields=["state", "state_changed_at", "waitlist_position"])


def _next_waitlist_position(community):
    last = Registration.objects.filter(
        community=community, state=RegistrationState.WAITLISTED
    ).aggregate(last=Max("waitlist_position"))["last"]
    return (last or 0) + 1


def place_for(*, community, now=None):
    """(state, waitlist position) for someone joining the (locked) community now.

    Before its draw, a draw community leaves people pending; otherwise seats go in order of
    arrival, then the waitlist. Raises RegistrationRefused when there is neither.
    Call inside a transaction that holds the community's lock.
    """
    drawn = Lottery.objects.filter(community=community).exists()
    if community.selection_method == SelectionMethod.DRAW and not drawn:
        return RegistrationState.PENDING, None
    # Seats added since (a larger capacity) go to those already waiting, in order.
    offer_free_seats(community=community, now=now)
    holding = Registration.objects.filter(
        community=community, state__in=RegistrationState.holding_seat()
    ).count()
    if community.capacity_max is None or holding < community.capacity_max:
        return RegistrationState.SELECTED, None
    if community.waitlist_enabled:
        return RegistrationState.WAITLISTED, _next_waitlist_position(community)
    raise RegistrationRefused(_("Every seat in this community is taken."))


def new_registration(*, community, data, language, state, position, now, **record):
    """An unsaved registration of the person in `data`, with a fresh private link.

    record: what else the row keeps (consent_method, consent_recorded_by, moved_from...).
    Returns (registration, token)."""
    salt = secrets.token_hex(16)
    token = private_token(salt=salt)
    registration = Registration(
        community=community,
        state=state,
        waitlist_position=position,
        token_salt=salt,
        token_hash=hash_token(token),
        language=language,
        submitted_at=now,
        consented_at=record.pop("consented_at", now),
        state_changed_at=now,
        **{name: data.get(name, "") for name in REGISTRANT_FIELDS},
        **record,
    )
    registration.email = data["email"].strip()
    return registration, token


def register(*, community, data, language, now=None, **record):
    """Take a registration, or answer a second one with a fresh link to the first.

    First come, first served gives seats in order, then the waitlist; a draw leaves the
    registration pending until the draw. Returns a RegistrationResult; raises
    RegistrationRefused when the window is closed or there is no seat and no waitlist.
    record: kept on the row (a registration by phone says so, and who took it).
    """
    community = source_community(community=community)
    now = now or timezone.now()
    email = data["email"].strip()
    with transaction.atomic():
        community = _lock(community)
        existing = find_active(community=community, email=email)
        if existing is not None:
            resend_link(registration=existing, now=now)
            return RegistrationResult(existing, token_of(existing), created=False)
        if not (community.registration_opens_at <= now < community.registration_closes_at):
            raise RegistrationRefused(_("Registration for this community is closed."))
        if community.selection_method == SelectionMethod.DRAW:
            # Until the window closes, nobody is drawn: everyone waits for the draw.
            state, position = RegistrationState.PENDING, None
        else:
            state, position = place_for(community=community, now=now)
        registration, token = new_registration(
            community=community,
            data=data,
            language=language,
            state=state,
            position=position,
            now=now,
            **record,
        )
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            # The same person, a moment earlier, from another tab or a double click.
            existing = find_active(community=community, email=email)
            if existing is None:
                raise
            resend_link(registration=existing, now=now)
            return RegistrationResult(existing, token_of(existing), created=False)
        _email(
            registration,
            f"registered_{state}",
            extra={"by_phone": registration.consent_method == ConsentMethod.PHONE},
        )
    return RegistrationResult(registration, token, created=True)


def _arrival(community, *, holding, next_position):
    """(state, waitlist position) of a registration arriving now, given the seats held and
    the next waitlist position, for ``register_many`` (which counts as it goes, where
    ``place_for`` asks the database); raises RegistrationRefused when there is no seat and no
    waitlist. The community must be locked (`_lock`)."""
    if community.selection_method == SelectionMethod.DRAW:
        return RegistrationState.PENDING, None
    if community.capacity_max is None or holding < community.capacity_max:
        return RegistrationState.SELECTED, None
    if community.waitlist_enabled:
        return RegistrationState.WAITLISTED, next_position
    raise RegistrationRefused(_("Every seat in this community is taken."))


def register_many(*, community, entries, notify=True):
    """Take several registrations for one community in one transaction, in order of arrival,
    with the rules of `register`: each within the window, seats first come first served then
    the waitlist (or pending until a draw), one active registration per email (someone
    already registered gets their existing registration back, created=False).

    entries: [(data, language, moment)] in order of arrival. Returns a RegistrationResult per
    entry. Raises RegistrationRefused, and takes none of them, when one arrives outside the
    window or finds no seat and no waitlist. One lock, one count and one INSERT for all:
    what makes thousands of registrations (an import, the bench's volume data) affordable.
    notify=False queues no email to the registrants: for people who must not be written to
    (made-up volume data); the waitlisted people a freed seat goes to are told regardless.
    """
    community = source_community(community=community)
    if not entries:
        return []
    with transaction.atomic():
        community = _lock(community)
        holding = 0
        if community.selection_method != SelectionMethod.DRAW:
            offer_free_seats(community=community, now=entries[0][2])
            holding = Registration.objects.filter(
                community=community, state__in=RegistrationState.holding_seat()
            ).count()
        next_position = _next_waitlist_position(community)
        active = {
            registration.email.lower(): registration
            for registration in Registration.objects.filter(
                community=community, state__in=RegistrationState.active()
            )
        }
        results, repeats = [], {}  # repeats: {index in results: when it came again}
        for data, language, moment in entries:
            email = data["email"].strip()
            existing = active.get(email.lower())
            if existing is not None:
                results.append(RegistrationResult(existing, None, created=False))
                repeats[len(results) - 1] = moment
                continue
            if not (community.registration_opens_at <= moment < community.registration_closes_at):
                raise RegistrationRefused(_("Registration for this community is closed."))
            state, position = _arrival(community, holding=holding, next_position=next_position)
            if state in RegistrationState.holding_seat():
                holding += 1
            if position is not None:
                next_position += 1
            registration, token = new_registration(
                community=community,
                data=data,
                language=language,
                state=state,
                position=position,
                now=moment,
            )
            active[email.lower()] = registration
            results.append(RegistrationResult(registration, token, created=True))
        # In order of arrival: ids grow with it, as one by one (a draw sorts them).
        Registration.objects.bulk_create([r.registration for r in results if r.created])
        # A bulk insert sends no post_save: say what the community's pages showed.
        invalidate(Registration, community=community.pk)
        for index, result in enumerate(results):
            if not result.created:
                result.token = token_of(result.registration)
            if notify and result.created:
                _email(result.registration, f"registered_{result.registration.state}")
            elif notify:
                resend_link(registration=result.registration, now=repeats[index])
    return results


# A repeat registration sends the private link again at most this often: a double click, a
# reload or a script must not fill the person's mailbox.
LINK_RESEND_INTERVAL = datetime.timedelta(hours=1)


def resend_link(*, registration, now=None):
    """Someone registered this address again: its private link goes to the address on file,
    unless it already went there within the last hour. Call under the community's lock (as
    ``register`` does), so that repeats at the same moment send it once. Returns whether an
    email was queued."""
    now = now or timezone.now()
    # Read and written without save(): nothing a page shows changes.
    rows = Registration.objects.filter(pk=registration.pk)
    last = rows.values_list("link_resent_at", flat=True).get()
    if last is not None and now - last < LINK_RESEND_INTERVAL:
        return False
    rows.update(link_resent_at=now)
    registration.link_resent_at = now
    _email(registration, "link_resent")
    return True


def can_confirm(*, registration):
    return registration.state == RegistrationState.SELECTED


def can_decline(*, registration):
    return registration.state == RegistrationState.SELECTED


def can_withdraw(*, registration):
    return registration.state in (
        RegistrationState.PENDING,
        RegistrationState.WAITLISTED,
        RegistrationState.CONFIRMED,
    )


def _log_transition(registration, action, *, by, comment):
    # Who did it: the person from their private link (no user), or a facilitator for them.
    log(
        instance=registration,
        action=f"communities.{action}",
        user=by,
        data={"on_behalf": by is not None, "comment": comment},
    )


def _told(by, comment):
    return {"by_staff": by is not None, "comment": comment}


def confirm_seat(*, registration, now=None, by=None, comment=""):
    """The person takes the seat offered (by: a facilitator doing it for them)."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not can_confirm(registration=registration):
            raise TransitionRefused(_("This registration has no seat waiting for confirmation."))
        _set_state(registration, RegistrationState.CONFIRMED, now=now)
        _email(registration, "confirmed", extra=_told(by, comment))
        _log_transition(registration, "confirm", by=by, comment=comment)
    return registration


def decline_seat(*, registration, now=None, by=None, comment=""):
    with transaction.atomic():
        community = _lock(registration.community)
        registration = Registration.objects.get(pk=registration.pk)
        if not can_decline(registration=registration):
            raise TransitionRefused(_("This registration has no seat to decline."))
        _set_state(registration, RegistrationState.DECLINED, now=now)
        _email(registration, "declined", extra=_told(by, comment))
        _log_transition(registration, "decline", by=by, comment=comment)
        offer_free_seats(community=community, now=now)
    return registration


def withdraw(*, registration, now=None, by=None, comment="", moving=False):
    """Withdraw a registration; a seat it held goes to the waitlist.

    by: a facilitator withdrawing it on the person's behalf (the history says who).
    moving: the person moves to another community (communities.staff): a seat offered and
    not yet confirmed is given up too, and the email about the move tells them instead."""
    with transaction.atomic():
        community = _lock(registration.community)
        registration = Registration.objects.get(pk=registration.pk)
        allowed = registration.is_active if moving else can_withdraw(registration=registration)
        if not allowed:
            raise TransitionRefused(_("This registration can no longer be withdrawn."))
        had_seat = registration.state in RegistrationState.holding_seat()
        _set_state(registration, RegistrationState.WITHDRAWN, now=now)
        if not moving:
            _email(registration, "withdrawn", extra=_told(by, comment))
        _log_transition(registration, "withdraw", by=by, comment=comment)
        if had_seat:
            offer_free_seats(community=community, now=now)
    return registration


def erase_registration(*, registration, delete):
    """Erasure on request (Law 25): delete the row; a seat it held goes to the waitlist.

    delete: a callable that deletes the registration (the admin passes its logged action).
    """
    with transaction.atomic():
        community = _lock(registration.community)
        registration.refresh_from_db(fields=["state"])
        had_seat = registration.state in RegistrationState.holding_seat()
        delete()
        if had_seat:
            offer_free_seats(community=community)


def fill_free_seats(*, community):
    """After an editor publishes the community (more seats?): the waitlist gets them."""
    community = source_community(community=community)
    if (
        community.selection_method == SelectionMethod.DRAW
        and not Lottery.objects.filter(community=community).exists()
    ):
        return []  # before the draw, nobody is waiting in order yet
    with transaction.atomic():
        community = _lock(community)
        return offer_free_seats(community=community)


def offer_free_seats(*, community, now=None):
    """Give free seats to the waitlist, in order; each person offered a seat is emailed.

    Call inside a transaction that holds the community's lock. Returns who was offered a seat.
    """
    community = CommunityPage.objects.get(pk=community.pk)
    if community.capacity_max is None:
        return []
    holding = Registration.objects.filter(
        community=community, state__in=RegistrationState.holding_seat()
    ).count()
    free = community.capacity_max - holding
    if free <= 0:
        return []
    offered = list(
        Registration.objects.filter(
            community=community, state=RegistrationState.WAITLISTED
        ).order_by("waitlist_position", "submitted_at", "pk")[:free]
    )
    for registration in offered:
        _set_state(registration, RegistrationState.SELECTED, now=now)
        _email(registration, "seat_offered")
    return offered


# Spam -------------------------------------------------------------------------------------


def within_rate_limit(*, ip):
    return hit(scope="community-registration", ident=ip, limit=settings.COMMUNITY_RATE_LIMIT)
