"""Draws: reproducible from their seed, honouring reserved seats, fair, and refused when early."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from communities import services
from communities.models import Lottery, Registration
from communities.services import draw
from home.formatting import format_datetime
from home.models import OutboxEmail

from .conftest import register, reload

pytestmark = pytest.mark.django_db


def test_same_seed_and_list_give_the_same_order_whatever_the_input_order():
    ids = [17, 3, 42, 8, 25, 11]
    order = services.draw_order(eligible_ids=ids, seed=42)
    assert sorted(order) == sorted(ids)
    assert services.draw_order(eligible_ids=list(reversed(ids)), seed=42) == order
    assert services.draw_order(eligible_ids=sorted(ids), seed=42) == order


def test_different_seeds_give_different_orders():
    ids = list(range(100, 120))
    orders = {tuple(services.draw_order(eligible_ids=ids, seed=seed)) for seed in range(5)}
    assert len(orders) == 5
    assert services.draw_order(eligible_ids=ids, seed=1) != services.draw_order(
        eligible_ids=ids, seed=2
    )


def test_a_draw_waits_for_registration_to_close(make_community):
    community = make_community(selection_method="draw")
    registration = register(community).registration
    services.set_eligibility(registrations=[registration], eligible=True)
    closing = format_datetime(community.registration_closes_at)  # « 12 décembre 2026 à 5 h 31 »
    with pytest.raises(services.LotteryRefused, match=f"clôture des inscriptions, le {closing}"):
        services.draw_lottery(community=community, seed=1)
    assert not Lottery.objects.exists()
    assert reload(registration).state == "pending"


def test_a_first_come_community_has_no_draw(make_community):
    now = timezone.now()
    community = make_community(
        opens=now - datetime.timedelta(days=9), closes=now - datetime.timedelta(days=1)
    )
    with pytest.raises(services.LotteryRefused):
        services.draw_lottery(community=community, seed=1)


def test_a_draw_needs_every_registration_assessed(closed_draw):
    community, add = closed_draw()
    people = [add(n) for n in range(4)]
    services.set_eligibility(registrations=people[:2], eligible=True)
    services.set_eligibility(registrations=people[2:3], eligible=False)
    with pytest.raises(services.LotteryRefused, match="1"):
        services.draw_lottery(community=community, seed=1)
    assert not Lottery.objects.exists()
    assert {r.state for r in Registration.objects.all()} == {"pending"}


def test_a_draw_is_stored_replayable_and_decides_everyone(closed_draw, django_user_model):
    community, add = closed_draw(capacity_max=2)
    eligible = [add(n) for n in range(5)]
    outsider = add(99)
    services.set_eligibility(registrations=eligible, eligible=True)
    services.set_eligibility(registrations=[outsider], eligible=False)
    user = django_user_model.objects.create_user(username="tirage", password="pw")
    now = timezone.now()

    lottery = services.draw_lottery(community=community, seed=42, user=user, now=now)

    lottery.refresh_from_db()
    assert (lottery.seed, lottery.ran_at, lottery.ran_by) == (42, now, user)
    assert sorted(lottery.eligible_ids) == sorted(r.pk for r in eligible)
    assert outsider.pk not in lottery.eligible_ids
    assert lottery.order == services.draw_order(eligible_ids=[r.pk for r in eligible], seed=42)
    assert lottery.winner_ids == lottery.order[:2]
    assert (lottery.seats, lottery.applicants) == (2, 6)
    assert services.replay(lottery=lottery)
    lottery.order = list(reversed(lottery.order))
    assert not services.replay(lottery=lottery)

    rows = Registration.objects.in_bulk()
    order = services.draw_order(eligible_ids=[r.pk for r in eligible], seed=42)
    assert [rows[pk].state for pk in order] == ["selected"] * 2 + ["waitlisted"] * 3
    assert [rows[pk].waitlist_position for pk in order] == [None, None, 1, 2, 3]
    assert rows[outsider.pk].state == "not-selected"
    # Everyone hears the result.
    for registration in [*eligible, outsider]:
        assert OutboxEmail.objects.filter(to=registration.email).count() == 2

    with pytest.raises(services.LotteryRefused, match="déjà"):
        services.draw_lottery(community=community, seed=7)
    assert Lottery.objects.get().seed == 42


def test_reserved_seats_go_to_their_level_even_last_in_the_draw(closed_draw):
    community, add = closed_draw(capacity_max=3, reserved=[("english", 1)])
    others = [add(n, school_level="secondary") for n in range(5)]
    anglophone = add(50, school_level="english")
    everyone = [*others, anglophone]
    services.set_eligibility(registrations=everyone, eligible=True)
    ids = [r.pk for r in everyone]
    seed = next(
        s for s in range(1000) if services.draw_order(eligible_ids=ids, seed=s)[-1] == anglophone.pk
    )

    lottery = services.draw_lottery(community=community, seed=seed)

    assert lottery.order[-1] == anglophone.pk
    assert lottery.reserved == {"english": 1}
    assert anglophone.pk in lottery.winner_ids
    assert len(lottery.winner_ids) == 3
    assert lottery.winner_ids == [*lottery.order[:2], anglophone.pk]
    assert reload(anglophone).state == "selected"
    assert reload(Registration.objects.get(pk=lottery.order[2])).state == "waitlisted"


def test_the_draw_is_fair(closed_draw, monkeypatch):
    community, add = closed_draw(capacity_max=2)
    eligible = [add(n) for n in range(5)]
    outsider = add(99)
    services.set_eligibility(registrations=eligible, eligible=True)
    services.set_eligibility(registrations=[outsider], eligible=False)
    # The draw looks its emails up in its own module: 200 draws, none of them sent.
    monkeypatch.setattr(draw, "_email", lambda *args, **kwargs: None)
    wins = {r.pk: 0 for r in [*eligible, outsider]}

    for seed in range(200):
        with transaction.atomic():
            lottery = services.draw_lottery(community=community, seed=seed)
            for pk in lottery.winner_ids:
                wins[pk] += 1
            transaction.set_rollback(True)

    assert not Lottery.objects.exists()
    assert wins[outsider.pk] == 0
    assert all(wins[r.pk] > 0 for r in eligible)
    assert sum(wins.values()) == 400
    # Roughly 2 in 5 each (80 expected): no bias towards the first registrants.
    assert all(40 <= wins[r.pk] <= 120 for r in eligible), wins


def test_draw_lottery_command_uses_the_seed(closed_draw):
    community, add = closed_draw()
    people = [add(n) for n in range(4)]
    services.set_eligibility(registrations=people, eligible=True)
    out = StringIO()

    call_command("draw_lottery", community.slug, "--seed", "42", stdout=out)

    lottery = Lottery.objects.get(community=community)
    assert lottery.seed == 42 and lottery.ran_by is None
    assert lottery.order == services.draw_order(eligible_ids=[p.pk for p in people], seed=42)
    output = out.getvalue()
    assert "42" in output
    first = output.splitlines()[1]
    assert f"#{lottery.order[0]}" in first
    with pytest.raises(CommandError, match="déjà"):
        call_command("draw_lottery", community.slug, "--seed", "1", stdout=StringIO())


def test_draw_lottery_command_unknown_slug(community_index):
    with pytest.raises(CommandError, match="inexistante"):
        call_command("draw_lottery", "inexistante", stdout=StringIO())
