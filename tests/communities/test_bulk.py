"""The bulk forms of the registration service keep the rules of the one-by-one forms."""

import pytest
from django.core import mail
from django.utils import timezone

from communities import services
from communities.models import Registration, RegistrationState
from factories.communities import person
from home.models import OutboxEmail

pytestmark = pytest.mark.django_db


def entries(numbers, **overrides):
    now = timezone.now()
    return [(person(n, **overrides), "fr-ca", now) for n in numbers]


def test_register_many_gives_seats_in_order_then_the_waitlist(make_community):
    community = make_community(capacity_max=2)
    results = services.register_many(community=community, entries=entries(range(5)))
    states = [(r.registration.state, r.registration.waitlist_position) for r in results]
    assert states == [
        ("selected", None),
        ("selected", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
        ("waitlisted", 3),
    ]
    # The same private links as one by one, and a receipt each.
    assert all(
        services.find_by_token(community=community, token=r.token) == r.registration
        for r in results
    )
    assert OutboxEmail.objects.count() == 5
    # One by one afterwards: the line goes on where the batch left it.
    after = services.register(community=community, data=person(9), language="fr-ca")
    assert after.registration.waitlist_position == 4


def test_register_many_keeps_one_registration_per_person(make_community):
    community = make_community(capacity_max=10)
    first = services.register(community=community, data=person(1), language="fr-ca")
    results = services.register_many(
        community=community,
        entries=entries([1, 2, 2]),
        notify=False,
    )
    assert [r.created for r in results] == [False, True, False]
    assert results[0].registration == first.registration
    assert results[2].registration == results[1].registration
    assert Registration.objects.filter(community=community).count() == 2
    assert OutboxEmail.objects.count() == 1  # the first one's receipt, none from the batch


def test_register_many_refuses_all_when_one_is_refused(make_community):
    community = make_community(capacity_max=1, waitlist_enabled=False)
    with pytest.raises(services.RegistrationRefused):
        services.register_many(community=community, entries=entries(range(2)))
    assert not Registration.objects.filter(community=community).exists()


def test_confirm_seats_confirms_only_offered_seats(make_community):
    community = make_community(capacity_max=2)
    results = services.register_many(community=community, entries=entries(range(3)))
    offered = [r.registration for r in results[:2]]
    mail.outbox.clear()
    with pytest.raises(services.TransitionRefused):
        services.confirm_seats(registrations=[results[2].registration])
    services.confirm_seats(registrations=offered)
    states = Registration.objects.filter(pk__in=[r.pk for r in offered]).values_list(
        "state", flat=True
    )
    assert set(states) == {RegistrationState.CONFIRMED}
    assert OutboxEmail.objects.count() == 5  # three receipts, two confirmations
