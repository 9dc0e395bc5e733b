"""The admin home's communities panel states seats plainly: confirmed apart from offered,
no limit in words, over capacity and a draw still to run as visible text."""

import pytest
from bs4 import BeautifulSoup

from communities import services
from communities.models import CommunityPage

from .conftest import register

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def dashboard_row(client, community):
    """The text of the community's row in the dashboard panel, whitespace folded."""
    soup = BeautifulSoup(client.get("/admin/").content.decode(), "html.parser")
    panel = soup.find(id="communities-content")
    (row,) = [tr for tr in panel.find_all("tr") if community.title in tr.get_text()]
    return row, " ".join(row.get_text(" ").replace(NBSP, " ").split())


def test_offered_seats_are_shown_apart_from_confirmed_ones(client, animation, make_community):
    community = make_community(capacity_max=4)
    people = [register(community, n).registration for n in range(3)]
    services.confirm_seat(registration=people[0])
    client.force_login(animation)

    row, text = dashboard_row(client, community)

    assert "1 place confirmée sur 4" in text
    assert "2 places offertes, pas encore confirmées" in text
    assert row.find("meter")["value"] == "1"  # offered seats are not filled
    assert "Capacité dépassée" not in text


def test_a_community_without_capacity_says_so_in_words(client, animation, make_community):
    community = make_community(slug="sans-limite", capacity_max=None)
    register(community, 1)
    client.force_login(animation)

    row, text = dashboard_row(client, community)

    assert "0 place confirmée, sans limite de places" in text
    assert "1 place offerte, pas encore confirmée" in text
    assert row.find("meter") is None


def test_over_capacity_is_flagged_in_words(client, animation, make_community):
    community = make_community(capacity_max=3)
    for n in range(3):
        register(community, n)
    # Lowered before the rule refusing it existed (see test_capacity).
    CommunityPage.objects.filter(pk=community.pk).update(capacity_max=1)
    client.force_login(animation)

    row, text = dashboard_row(client, community)

    assert "Capacité dépassée : 3 places prises pour un maximum de 1." in text
    assert "help-warning" in str(row)


def test_a_closed_draw_not_run_yet_says_draw_to_run(client, animation, closed_draw):
    community, add = closed_draw()
    registration = add(1)
    client.force_login(animation)

    _, text = dashboard_row(client, community)
    assert "Inscriptions fermées · Tirage à faire" in text

    services.set_eligibility(registrations=[registration], eligible=True)
    services.draw_lottery(community=community, seed=1)
    _, text = dashboard_row(client, community)
    assert "Tirage à faire" not in text


def test_an_open_draw_has_nothing_to_run_yet(client, animation, make_community):
    community = make_community(slug="tirage-ouvert", selection_method="draw")
    register(community, 1)
    client.force_login(animation)
    _, text = dashboard_row(client, community)
    assert "Tirage à faire" not in text
    assert "1 en attente du tirage" in text
