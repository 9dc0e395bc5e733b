"""A registration's life: seats in order, the waitlist, confirmations, withdrawals."""

import datetime

import pytest
from django.utils import timezone

from communities import services
from communities.models import Registration
from home.models import OutboxEmail

from .conftest import register, reload, states

pytestmark = pytest.mark.django_db


def emails_to(registration):
    return list(OutboxEmail.objects.filter(to=registration.email).order_by("pk"))


def test_first_come_gives_seats_up_to_capacity_then_numbers_the_waitlist(make_community):
    community = make_community(capacity_max=2)
    results = [register(community, n) for n in range(5)]

    assert states(community) == [
        ("selected", None),
        ("selected", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
        ("waitlisted", 3),
    ]
    assert all(result.created for result in results)
    # Everyone gets one email, carrying their own private link.
    for result in results:
        (email,) = emails_to(result.registration)
        url = services.registration_url(registration=result.registration, token=result.token)
        assert url in email.body
        assert f"/communautes/{community.slug}/inscription/{result.token}/" in url
    assert emails_to(results[0].registration)[0].subject == (
        f"Une place est à vous\u00a0: {community.title}"
    )
    assert emails_to(results[2].registration)[0].subject == (
        f"Sur la liste d’attente\u00a0: {community.title}"
    )


def test_a_full_community_without_waitlist_refuses(make_community):
    community = make_community(capacity_max=1, waitlist_enabled=False)
    register(community, 1)
    with pytest.raises(services.RegistrationRefused, match="Toutes les places"):
        register(community, 2)
    assert Registration.objects.filter(community=community).count() == 1
    assert not OutboxEmail.objects.filter(to="personne2@example.org").exists()


def test_a_draw_leaves_registrations_pending(make_community):
    community = make_community(selection_method="draw", capacity_max=1)
    for n in range(3):
        register(community, n)
    assert states(community) == [("pending", None)] * 3


def test_confirming_a_seat(community):
    registration = register(community).registration
    confirmed = services.confirm_seat(registration=registration)
    assert confirmed.state == reload(registration).state == "confirmed"
    assert len(emails_to(registration)) == 2  # received, then confirmed


def test_declining_offers_the_seat_to_the_first_on_the_waitlist(make_community):
    community = make_community(capacity_max=1)
    holder, first, second = (register(community, n).registration for n in range(3))
    assert states(community) == [("selected", None), ("waitlisted", 1), ("waitlisted", 2)]

    services.decline_seat(registration=holder)

    assert states(community) == [("declined", None), ("selected", None), ("waitlisted", 2)]
    offer = emails_to(first)[-1]
    assert offer.subject == f"Une place s’est libérée pour vous\u00a0: {community.title}"
    token = services.token_of(reload(first))
    assert token in offer.body
    assert len(emails_to(second)) == 1  # only the acknowledgement


def test_withdrawing_a_confirmed_seat_promotes_the_next_person(make_community):
    community = make_community(capacity_max=1)
    holder, waiting = (register(community, n).registration for n in range(2))
    services.confirm_seat(registration=holder)
    services.withdraw(registration=holder)
    assert states(community) == [("withdrawn", None), ("selected", None)]
    assert emails_to(waiting)[-1].subject.startswith("Une place s’est libérée")


def test_withdrawing_from_the_waitlist_promotes_nobody(make_community):
    community = make_community(capacity_max=1)
    _holder, first, _second = (register(community, n).registration for n in range(3))
    services.withdraw(registration=first)
    assert states(community) == [("selected", None), ("withdrawn", None), ("waitlisted", 2)]
    assert not OutboxEmail.objects.filter(subject__startswith="Une place s’est libérée").exists()
    # A newcomer queues behind everyone still waiting.
    newcomer = register(community, 9).registration
    assert reload(newcomer).waitlist_position == 3


def test_illegal_transitions_are_refused(make_community):
    community = make_community(capacity_max=1)
    holder, waiting = (register(community, n).registration for n in range(2))
    with pytest.raises(services.TransitionRefused, match="pas de place à confirmer"):
        services.confirm_seat(registration=waiting)
    with pytest.raises(services.TransitionRefused):
        services.decline_seat(registration=waiting)
    with pytest.raises(services.TransitionRefused):
        services.withdraw(registration=holder)  # a seat offered is declined, not withdrawn
    services.withdraw(registration=waiting)
    with pytest.raises(services.TransitionRefused):
        services.withdraw(registration=waiting)
    services.confirm_seat(registration=holder)
    with pytest.raises(services.TransitionRefused):
        services.confirm_seat(registration=holder)
    assert states(community) == [("confirmed", None), ("withdrawn", None)]


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(1, 10), (-10, -1)],
    ids=["not-yet-open", "closed"],
)
def test_registration_outside_the_window_is_refused(make_community, opens, closes):
    now = timezone.now()
    community = make_community(
        opens=now + datetime.timedelta(days=opens), closes=now + datetime.timedelta(days=closes)
    )
    with pytest.raises(services.RegistrationRefused, match="fermées"):
        register(community)
    assert not Registration.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_registering_twice_resends_the_same_link(community):
    first = register(community)
    second = register(community, email="  PERSONNE1@Example.org ")

    assert second.created is False
    assert second.registration.pk == first.registration.pk
    assert second.token == first.token
    assert Registration.objects.count() == 1
    resent = OutboxEmail.objects.filter(to="personne1@example.org").order_by("pk")
    assert resent.count() == 2
    latest = resent.last()
    assert latest.subject == f"Votre inscription\u00a0: {community.title}"
    assert "rien de nouveau" in latest.body
    url = services.registration_url(registration=first.registration, token=first.token)
    assert url in latest.body


def test_new_seats_go_to_the_waitlist_before_newcomers(make_community):
    community = make_community(capacity_max=1)
    register(community, 1)
    waiting = register(community, 2).registration
    community.capacity_max = 2
    community.save_revision().publish()

    newcomer = register(community, 3).registration

    assert reload(waiting).state == "selected"
    assert reload(newcomer).state == "waitlisted"
