"""What facilitators do for someone who phoned or wrote: register them, change where their
registration stands (only along the transitions a person could take), move them to another
community. The same rules as the public form; the person is told; the history says who.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from . import services
from .models import CommunityPage, ConsentMethod, Registration, RegistrationState
from .services import RegistrationRefused, TransitionRefused

# Where a facilitator may take a registration, from each state: what the person could do
# from their private page. Offering a seat out of waitlist order, or undoing a decision,
# is not among them.
STAFF_TRANSITIONS = {
    RegistrationState.SELECTED: [RegistrationState.CONFIRMED, RegistrationState.DECLINED],
    RegistrationState.PENDING: [RegistrationState.WITHDRAWN],
    RegistrationState.WAITLISTED: [RegistrationState.WITHDRAWN],
    RegistrationState.CONFIRMED: [RegistrationState.WITHDRAWN],
}


def allowed_transitions(*, registration):
    """The states a facilitator may move this registration to (none once it is over)."""
    if registration.personal_data_purged_at:
        return []
    return list(STAFF_TRANSITIONS.get(registration.state, []))


def change_state(*, registration, state, by, comment="", now=None):
    """Take the registration to `state` on the person's behalf; they are told by email and
    the history names `by`. Raises TransitionRefused for any other transition."""
    if state not in allowed_transitions(registration=registration):
        raise TransitionRefused(
            _("A registration “%(current)s” cannot become “%(state)s”.")
            % {
                "current": registration.get_state_display(),
                "state": RegistrationState(state).label if state in RegistrationState else state,
            }
        )
    action = {
        RegistrationState.CONFIRMED: services.confirm_seat,
        RegistrationState.DECLINED: services.decline_seat,
        RegistrationState.WITHDRAWN: services.withdraw,
    }[state]
    return action(registration=registration, by=by, comment=comment, now=now)


def register_by_phone(*, community, data, language, by, now=None):
    """Register someone who phoned: the window, seats, waitlist and one registration per
    address apply as on the public form; their consent, given on the phone, is recorded
    with who took it. They get the same email, with their private link.

    Returns the RegistrationResult; raises RegistrationRefused, also when the address
    already has a registration in this community (the facilitator opens that one instead).
    """
    community = services.source_community(community=community)
    existing = services.find_active(community=community, email=data["email"])
    if existing is not None:
        raise RegistrationRefused(
            _("%(email)s is already registered in this community (%(state)s).")
            % {"email": existing.email, "state": existing.get_state_display()}
        )
    with transaction.atomic():
        result = services.register(
            community=community,
            data=data,
            language=language,
            now=now,
            consent_method=ConsentMethod.PHONE,
            consent_recorded_by=by,
        )
        if not result.created:  # registered from the form a moment earlier
            raise RegistrationRefused(
                _("%(email)s is already registered in this community (%(state)s).")
                % {
                    "email": result.registration.email,
                    "state": result.registration.get_state_display(),
                }
            )
        log(instance=result.registration, action="communities.phone_registration", user=by)
    return result


# Moving someone to another community ----------------------------------------------------------


def move_targets(*, registration):
    """Communities the registration may move to: the others, in the default language."""
    return (
        CommunityPage.objects.filter(locale_id=registration.community.locale_id)
        .exclude(pk=registration.community_id)
        .order_by("title")
    )


def can_move(*, registration):
    return registration.state in RegistrationState.active() and not (
        registration.personal_data_purged_at
    )


@dataclass
class MoveResult:
    old: Registration
    new: Registration
    token: str


def move_registration(*, registration, community, by, now=None):
    """Move a person to another community, on their behalf.

    The registration here is withdrawn (its seat goes to the waitlist); a new one in
    `community` keeps what they told us and their consent, and takes a seat, a waitlist
    place or waits for the draw there, by that community's rules (its registration window
    aside: a facilitator may move someone after it closed). One email tells the person,
    with their new private link. Raises RegistrationRefused or TransitionRefused.
    """
    now = now or timezone.now()
    target = services.source_community(community=community)
    if not can_move(registration=registration):
        raise TransitionRefused(_("Only a registration still under way can be moved."))
    if target.pk == registration.community_id:
        raise RegistrationRefused(_("Choose another community than the current one."))
    # Both communities are locked, always in the same order, so two moves never deadlock.
    first, second = sorted([registration.community, target], key=lambda page: page.pk)
    with transaction.atomic():
        services.lock_community(community=first)
        services.lock_community(community=second)
        registration = Registration.objects.select_related("community").get(pk=registration.pk)
        if not can_move(registration=registration):
            raise TransitionRefused(_("Only a registration still under way can be moved."))
        target = CommunityPage.objects.get(pk=target.pk)
        if services.find_active(community=target, email=registration.email) is not None:
            raise RegistrationRefused(
                _("%(email)s is already registered in “%(community)s”.")
                % {"email": registration.email, "community": target.title}
            )
        state, position = services.place_for(community=target, now=now)
        data = {name: getattr(registration, name) for name in services.REGISTRANT_FIELDS}
        moved, token = services.new_registration(
            community=target,
            data=data,
            language=registration.language,
            state=state,
            position=position,
            now=now,
            consented_at=registration.consented_at,
            consent_method=registration.consent_method,
            consent_recorded_by=registration.consent_recorded_by,
            moved_from=registration,
        )
        try:
            with transaction.atomic():
                moved.save()
        except IntegrityError as clash:
            raise RegistrationRefused(
                _("%(email)s is already registered in “%(community)s”.")
                % {"email": registration.email, "community": target.title}
            ) from clash
        old_community = registration.community
        services.withdraw(registration=registration, now=now, by=by, moving=True)
        log(
            instance=registration,
            action="communities.moved_out",
            user=by,
            data={"community": target.title, "registration": moved.pk},
        )
        log(
            instance=moved,
            action="communities.moved_in",
            user=by,
            data={"community": old_community.title, "registration": registration.pk},
        )
        old_page = services.localized_community(community=old_community, language=moved.language)
        services.notify(registration=moved, kind="moved", extra={"old_community": old_page})
    registration.refresh_from_db()
    return MoveResult(old=registration, new=moved, token=token)
