"""Running the draw is final: the admin says what will happen and asks before it runs."""

import pytest

from communities import services
from communities.models import Lottery
from home.models import OutboxEmail

from .conftest import reload

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


@pytest.fixture
def ready(closed_draw):
    """Closed, 2 seats, a waitlist: four eligible registrations and one not eligible."""
    community, add = closed_draw(capacity_max=2, reserved=[("secondary", 1)])
    people = [add(n) for n in range(5)]
    services.set_eligibility(registrations=people[:4], eligible=True)
    services.set_eligibility(registrations=people[4:], eligible=False)
    OutboxEmail.objects.all().delete()
    return community, people


def draw_url(community):
    return f"/admin/communautes/{community.pk}/tirage/"


def text(response):
    return " ".join(response.content.decode().replace(NBSP, " ").split())


def assert_not_drawn(community, people):
    assert not Lottery.objects.filter(community=community).exists()
    assert {reload(r).state for r in people} == {"pending"}
    assert not OutboxEmail.objects.exists()


def test_the_first_post_asks_and_says_what_will_happen(client, animation, ready):
    community, people = ready
    client.force_login(animation)

    page = text(client.get(draw_url(community)))
    assert "Effectuer le tirage…" in page
    assert_not_drawn(community, people)

    asked = text(client.post(draw_url(community), {"action": "draw", "seed": "7"}))

    assert_not_drawn(community, people)
    assert f"Effectuer le tirage de « {community.title} » ?" in asked
    assert "Le tirage est définitif : une fois effectué, il ne peut être ni annulé" in asked
    assert "2 personnes admissibles sont tirées au sort et se voient offrir une place" in asked
    assert "Les places réservées par ordre d’enseignement sont tirées en premier." in asked
    assert "2 autres personnes admissibles sont inscrites sur la liste d’attente" in asked
    assert "1 inscription jugée non admissible n’est pas retenue" in asked
    assert "Graine : 7." in asked
    # The confirmation is a plain form: it works without JavaScript and carries the seed.
    assert 'name="confirm" value="yes"' in asked
    assert 'name="seed" value="7"' in asked


def test_the_confirmed_post_runs_the_draw_with_the_seed(client, animation, ready):
    community, people = ready
    client.force_login(animation)
    client.post(draw_url(community), {"action": "draw", "seed": "7"})

    response = client.post(draw_url(community), {"action": "draw", "seed": "7", "confirm": "yes"})

    assert response.status_code == 302
    lottery = Lottery.objects.get(community=community)
    assert (lottery.seed, lottery.ran_by) == (7, animation)
    states = sorted(reload(r).state for r in people)
    assert states == ["not-selected", "selected", "selected", "waitlisted", "waitlisted"]
    assert OutboxEmail.objects.count() == 5


def test_without_a_waitlist_the_others_are_said_not_retained(client, animation, closed_draw):
    community, add = closed_draw(capacity_max=1, waitlist_enabled=False)
    people = [add(n) for n in range(3)]
    services.set_eligibility(registrations=people, eligible=True)
    client.force_login(animation)

    asked = text(client.post(draw_url(community), {"action": "draw", "seed": ""}))

    assert "1 personne admissible est tirée au sort" in asked
    assert "2 autres personnes admissibles ne sont pas retenues" in asked
    assert "Graine : choisie au hasard au moment du tirage" in asked
    assert 'name="seed"' not in asked
    assert not Lottery.objects.exists()


def test_a_draw_that_cannot_run_is_refused_without_asking(client, animation, closed_draw):
    community, add = closed_draw()
    people = [add(1)]  # not assessed yet
    OutboxEmail.objects.all().delete()
    client.force_login(animation)

    page = text(client.post(draw_url(community), {"action": "draw", "seed": "7"}))

    assert "Effectuer le tirage de" not in page
    assert "1 inscription(s) doivent encore être jugées admissibles ou non." in page
    assert_not_drawn(community, people)


def test_the_preview_counts_what_the_draw_then_does(ready):
    community, _ = ready
    preview = services.draw_preview(community=community)
    assert (preview.eligible, preview.not_eligible, preview.seats) == (4, 1, 2)
    assert (preview.offered, preview.left_out) == (2, 2)
    lottery = services.draw_lottery(community=community, seed=3)
    assert len(lottery.winner_ids) == preview.offered
