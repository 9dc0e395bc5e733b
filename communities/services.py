"""Rules for communities of practice: status, registration, seats, draws, reminders, retention.

Views, the admin, management commands and the demo call these functions; none of them
decides anything about a registration on its own.
"""

import base64
import datetime
import random
import secrets
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from icalendar import Event
from wagtail.log_actions import log
from wagtail.models import Locale, PageLogEntry

from caching import changes_at, invalidate, tag
from home import ics
from home.formatting import format_datetime, typography
from home.mail import queue_templated_email
from home.models import OutboxEmail
from home.private_links import hash_token
from home.ratelimit import hit
from home.services import (
    calendar_domain,
    default_language_version,
    live_translation,
    page_url,
    paginate,
)

# Attendance has a module of its own; callers find its entry point here too.
from .attendance import (  # noqa: F401
    AttendanceRefused,
    last_sessions_attendance,
    record_attendance,
)
from .models import (
    CALENDAR_FILE,
    SESSION_TIME_ZONE,
    CommunityKind,
    CommunityPage,
    CommunitySession,
    ConsentMethod,
    Lottery,
    MeetingMode,
    Registration,
    RegistrationState,
    SchoolLevel,
    SelectionMethod,
    SessionReminder,
)

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
# What retention erases: who the person is and what they wrote in their own words.
PERSONAL_FIELDS = ["name", "email", "organisation", "project", "colleagues"]


class RegistrationRefused(Exception):
    """A registration the community cannot take (closed window, no seat and no waitlist)."""


class LotteryRefused(Exception):
    """A draw that cannot run yet, or any more."""


class TransitionRefused(Exception):
    """A change of state the registration's current state does not allow."""


# Communities in both languages ------------------------------------------------------------


def source_community(*, community):
    """Registrations belong to the community in the default language, whatever page took them."""
    return default_language_version(page=community)


def localized_community(*, community, language):
    """The live community page in a language, for links sent to the person."""
    return live_translation(page=community, language=language)


# Status ----------------------------------------------------------------------------------


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


# Listing and page ------------------------------------------------------------------------


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


# Tokens -----------------------------------------------------------------------------------


def private_token(*, salt):
    """The private link's secret: an HMAC of the registration's salt with SECRET_KEY.

    It can be written into every email without being stored; rotating SECRET_KEY retires
    every link.
    """
    digest = salted_hmac("communities.registration", salt, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_of(registration):
    return private_token(salt=registration.token_salt)


def find_by_token(*, community, token):
    """The registration this private link opens on this community page, or None."""
    return (
        Registration.objects.filter(
            token_hash=hash_token(token),
            community__translation_key=community.translation_key,
            personal_data_purged_at__isnull=True,
        )
        .select_related("community")
        .first()
    )


def registration_url(*, registration, token):
    page = localized_community(community=registration.community, language=registration.language)
    return page_url(page) + page.reverse_subpage("registration", kwargs={"token": token})


def personal_calendar_url(*, registration, token):
    page = localized_community(community=registration.community, language=registration.language)
    return registration_url(registration=registration, token=token) + page.in_own_language(
        CALENDAR_FILE
    )


# Registration -----------------------------------------------------------------------------


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


# Eligibility and draw ---------------------------------------------------------------------


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


# Sessions, calendars and reminders ----------------------------------------------------------


# When a participant's own calendar reminds them of a session.
PERSONAL_ALARM = datetime.timedelta(minutes=30)


def session_location(session, *, community):
    """Where a session takes place, in words: an in-person meeting without a place yet is
    "to be confirmed", any other session without one a videoconference."""
    if session.location:
        return session.location
    if community.mode == MeetingMode.IN_PERSON:
        return _("Location to be confirmed")
    return _("Videoconference")


def build_calendar(
    *, community, sessions, meeting_links=False, stamp=None, first_number=1, sequence=None
):
    """An RFC 5545 calendar of a community's sessions, in America/Toronto time.

    The public calendar never carries the meeting link; a participant's own calendar and
    reminders do, with an alarm before each session. sequence: set on an update, so
    calendars replace the events they hold (otherwise it follows the last publication).
    """
    calendar = ics.new_calendar(
        name=community.title, product="Communautés", time_zone=SESSION_TIME_ZONE
    )
    stamp = stamp or community.last_published_at or timezone.now()
    domain = calendar_domain()
    community_url = page_url(community)
    for number, session in enumerate(sessions, start=first_number):
        event = Event()
        # Stable across exports, edits and languages: the session in the default language.
        event.add("uid", f"community-session-{session.source_pk}@{domain}")
        event.add("dtstamp", stamp)
        if sequence is None:
            ics.versioned(event, changed_at=community.last_published_at or stamp)
        else:
            event.add("sequence", sequence)
            event.add("last-modified", stamp)
        event.add(
            "dtstart",
            datetime.datetime.combine(session.date, session.start_time, SESSION_TIME_ZONE),
        )
        event.add(
            "dtend", datetime.datetime.combine(session.date, session.end_time, SESSION_TIME_ZONE)
        )
        summary = _("%(community)s — session %(number)d") % {
            "community": community.title,
            "number": number,
        }
        # Text for people, in the active language and its typography.
        event.add("summary", typography(summary))
        lines = [session.topic] if session.topic else []
        if meeting_links and session.meeting_url:
            lines.append(_("Meeting link: %(url)s") % {"url": session.meeting_url})
        if lines:
            event.add("description", typography("\n\n".join(lines)))
        if meeting_links and session.meeting_url and not session.location:
            event.add("location", session.meeting_url)
        else:
            event.add("location", str(session_location(session, community=community)))
        if community_url:
            event.add("url", community_url)
        if meeting_links:  # a participant's own calendar reminds them, as the email does
            ics.add_alarm(event, before=PERSONAL_ALARM, description=summary)
        calendar.add_component(event)
    return ics.add_timezones(calendar)


def public_sessions(*, community):
    """The page's sessions, each knowing the id of its default-language twin (for UIDs)."""
    sessions = list(community.get_sessions())
    source = source_community(community=community)
    if source.pk == community.pk:
        for session in sessions:
            session.source_pk = session.pk
        return sessions
    source_sessions = list(source.get_sessions())
    for index, session in enumerate(sessions):
        twin = source_sessions[index] if index < len(source_sessions) else session
        session.source_pk = twin.pk
    return sessions


def participant_sessions(*, registration):
    """Sessions with their meeting links, from the default-language page that holds them."""
    sessions = list(registration.community.get_sessions())
    for session in sessions:
        session.source_pk = session.pk
    return sessions


def reminder_window(*, community, session):
    """(from, until): when the meeting link for this session goes out."""
    return session.starts_at - datetime.timedelta(hours=community.reminder_hours), session.ends_at


def due_sessions(*, now=None):
    """Sessions whose reminders are due now, with their community (default language, live)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    # reminder_hours is at most two weeks (validated): no need to look further ahead.
    sessions = CommunitySession.objects.filter(
        community__locale=Locale.get_default(),
        community__live=True,
        date__gte=today - datetime.timedelta(days=1),
        date__lte=today + datetime.timedelta(days=16),
    ).select_related("community")
    due = []
    for session in sessions:
        start, until = reminder_window(community=session.community, session=session)
        if start <= now < until:
            due.append(session)
    return due


def send_session_reminders(*, now=None):
    """Send each due session's link to every confirmed participant, once. Returns the count.

    Idempotent: a SessionReminder row per person and session is written in the same
    transaction as the email, and a unique constraint refuses a second one, even from a
    concurrent run. Moving a session moves its reminder; it is still sent once.
    """
    now = now or timezone.now()
    sent = 0
    for session in due_sessions(now=now):
        community = session.community
        registrations = (
            Registration.objects.filter(community=community, state=RegistrationState.CONFIRMED)
            .exclude(reminders__session=session)
            .order_by("pk")
        )
        for registration in registrations:
            try:
                with transaction.atomic():
                    SessionReminder.objects.create(
                        registration=registration, session=session, sent_at=now
                    )
                    _email_reminder(registration, session)
            except IntegrityError:  # another run sent it in the meantime
                continue
            sent += 1
    return sent


def _email_reminder(registration, session):
    page = localized_community(community=registration.community, language=registration.language)
    session.source_pk = session.pk
    sessions = list(registration.community.get_sessions())
    number = next((i for i, s in enumerate(sessions, start=1) if s.pk == session.pk), 1)
    calendar = build_calendar(
        community=page, sessions=[session], meeting_links=True, first_number=number
    )
    _email(
        registration,
        "session_reminder",
        extra={"session": session, "session_number": number, "page": page},
        attachments=[("seance.ics", calendar.to_ical().decode(), "text/calendar")],
    )


# Sessions moved or relinked after publication ------------------------------------------------

PUBLISH_ACTIONS = ("wagtail.publish", "wagtail.publish.scheduled")


@dataclass
class SessionChange:
    """A session whose time or meeting link differs from the previously published version."""

    session: CommunitySession  # as published now
    number: int
    was_date: datetime.date
    was_start_time: datetime.time
    was_end_time: datetime.time
    moved: bool
    relinked: bool


def previously_published_revision(*, community):
    """The revision that was live before the one being published, or None (first publish).

    Called from page_published: Wagtail writes the new publication's log entry after the
    signal, so the latest publication logged is the previous one.
    """
    entry = (
        PageLogEntry.objects.filter(
            page_id=community.pk, action__in=PUBLISH_ACTIONS, revision__isnull=False
        )
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry.revision if entry else None


def session_changes(*, before, after, now=None):
    """Upcoming sessions of `after` whose times or meeting link differ from `before`.

    before, after: sessions (rows or a revision's copies), matched by id; sessions added or
    removed are not changes of a session the participants already hold.
    """
    now = now or timezone.now()
    previous = {session.pk: session for session in before if session.pk}
    ordered = sorted(after, key=lambda s: (s.date, s.start_time, s.sort_order))
    changes = []
    for number, session in enumerate(ordered, start=1):
        old = previous.get(session.pk)
        if old is None or session.ends_at <= now:
            continue
        moved = (old.date, old.start_time, old.end_time) != (
            session.date,
            session.start_time,
            session.end_time,
        )
        relinked = old.meeting_url != session.meeting_url
        if moved or relinked:
            changes.append(
                SessionChange(
                    session=session,
                    number=number,
                    was_date=old.date,
                    was_start_time=old.start_time,
                    was_end_time=old.end_time,
                    moved=moved,
                    relinked=relinked,
                )
            )
    return changes


def notify_session_changes(*, community, previous_revision, now=None):
    """Tell each confirmed participant, in one email, of sessions moved or relinked.

    Compares the sessions now published with those of the previously published revision:
    publishing again without a change finds nothing, several changes make one email.
    Translations are skipped: participants' sessions are those of the default-language page.
    Returns the registrations emailed.
    """
    if previous_revision is None or community.locale_id != Locale.get_default().pk:
        return []
    now = now or timezone.now()
    before = list(previous_revision.as_object().sessions.all())
    changes = session_changes(before=before, after=list(community.sessions.all()), now=now)
    if not changes:
        return []
    sequence = ics.sequence_of(now)
    participants = list(
        Registration.objects.filter(
            community=community, state=RegistrationState.CONFIRMED
        ).order_by("pk")
    )
    for registration in participants:
        _email_session_changes(registration, changes, sequence=sequence)
    return participants


def _email_session_changes(registration, changes, *, sequence):
    page = localized_community(community=registration.community, language=registration.language)
    # The participant's whole calendar, as their private feed serves it: the events keep
    # their UIDs, and the higher SEQUENCE makes calendars replace the old times and links.
    with translation.override(registration.language):
        calendar = build_calendar(
            community=page,
            sessions=participant_sessions(registration=registration),
            meeting_links=True,
            sequence=sequence,
        )
    _email(
        registration,
        "sessions_changed",
        extra={"changes": changes},
        attachments=[("seances.ics", calendar.to_ical().decode(), "text/calendar")],
    )


# Notifications ----------------------------------------------------------------------------


def _email(registration, kind, *, extra=None, attachments=()):
    community = registration.community
    page = localized_community(community=community, language=registration.language)
    context = {
        "registration": registration,
        "community": page,
        # Every email carries the private link: that is where the person acts on it.
        "status_url": registration_url(registration=registration, token=token_of(registration)),
        "calendar_url": personal_calendar_url(
            registration=registration, token=token_of(registration)
        ),
        "page_url": page_url(page),
        "sessions": list(page.get_sessions()),
        "retention_days": settings.COMMUNITY_RETENTION_DAYS,
        **(extra or {}),
    }
    queue_templated_email(
        to=registration.email,
        template=f"communities/emails/{kind}",
        context=context,
        language=registration.language,
        reply_to=community.contact_email,
        attachments=attachments,
    )


def notify(*, registration, kind, extra=None):
    """Queue the email `communities/emails/<kind>` to the person, with their private link."""
    _email(registration, kind, extra=extra)


# Dashboard ------------------------------------------------------------------------------


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


# Retention (Law 25) ------------------------------------------------------------------------


def community_end(community):
    sessions = list(community.sessions.all())
    if sessions:
        return max(session.date for session in sessions)
    return timezone.localdate(community.registration_closes_at)


def purgeable(*, today=None):
    """Registrations of communities over for more than the retention delay."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.COMMUNITY_RETENTION_DAYS)
    communities = (
        CommunityPage.objects.filter(
            locale=Locale.get_default(),
            registrations__personal_data_purged_at__isnull=True,
        )
        .distinct()
        .prefetch_related("sessions")
    )
    over = [community.pk for community in communities if community_end(community) < cutoff]
    return Registration.objects.filter(
        community_id__in=over, personal_data_purged_at__isnull=True
    ).select_related("community")


def purge_registration(*, registration):
    """Erase a registration's personal data, and the emails we kept for it."""
    with transaction.atomic():
        email = registration.email
        for name in PERSONAL_FIELDS:
            setattr(registration, name, "")
        registration.token_salt = ""
        registration.token_hash = f"purged:{registration.pk}:{secrets.token_hex(16)}"
        registration.personal_data_purged_at = timezone.now()
        registration.save()
        if (
            email
            and not Registration.objects.filter(
                email__iexact=email, personal_data_purged_at__isnull=True
            ).exists()
        ):
            # Sent or not, they carry the name and the private link.
            OutboxEmail.objects.filter(to__iexact=email).delete()


def purge_personal_data(*, today=None, dry_run=False):
    """Returns [(community title, registrations purged)]."""
    report = {}
    for registration in purgeable(today=today):
        if not dry_run:
            purge_registration(registration=registration)
        title = registration.community.title
        report[title] = report.get(title, 0) + 1
    return sorted(report.items())


# Spam -------------------------------------------------------------------------------------


def within_rate_limit(*, ip):
    return hit(scope="community-registration", ident=ip, limit=settings.COMMUNITY_RATE_LIMIT)
