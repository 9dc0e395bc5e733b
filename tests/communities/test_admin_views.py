"""Registrations in the admin: who sees them, filters, export, eligibility, the draw."""

import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from communities import services
from communities.models import Lottery, Registration
from home.formatting import format_datetime

from .test_registration_rules import NOW, make_community, register

pytestmark = pytest.mark.django_db


def user_in(group_name, username):
    user = get_user_model().objects.create_user(username, password="pass-1234")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def facilitator():
    return user_in("Animation", "animation")


def test_only_the_animation_group_sees_registrations(client, facilitator):
    community = make_community()
    register(community, 1, name='=HYPERLINK("http://evil")')
    client.force_login(user_in("Communications", "comms"))
    response = client.get("/admin/inscriptions/")
    assert response.status_code in (302, 403)
    assert "HYPERLINK" not in response.content.decode()

    client.force_login(facilitator)
    listing = client.get("/admin/inscriptions/", {"community": community.pk, "state": "selected"})
    assert "HYPERLINK" in listing.content.decode()
    # (The admin menu has « Personnes » now: look for the registrant's address instead.)
    assert (
        "personne1@example.org"
        not in client.get("/admin/inscriptions/", {"state": "waitlisted"}).content.decode()
    )
    export = client.get("/admin/inscriptions/", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert any(cell.startswith("'=HYPERLINK") for row in rows for cell in row)
    # Someone who phoned can be registered by the facilitators (issue 24).
    assert "Inscrire une personne qui a téléphoné" in (
        client.get("/admin/inscriptions/new/").content.decode()
    )
    dashboard = client.get("/admin/").content.decode()
    assert community.title in dashboard and "<meter" in dashboard


def test_facilitator_assesses_and_runs_the_draw(client, facilitator):
    opens = NOW - datetime.timedelta(days=10)
    community = make_community(
        "tirage",
        capacity=1,
        method="draw",
        opens=opens,
        closes=NOW - datetime.timedelta(days=1),
    )
    during = opens + datetime.timedelta(days=1)
    first = register(community, 1, now=during).registration
    second = register(community, 2, now=during).registration
    client.force_login(facilitator)
    url = f"/admin/communautes/{community.pk}/tirage/"
    page = client.get(url).content.decode()
    assert "Personne 1" in page and "Un projet" in page
    client.post(
        url, {"action": "eligibility", f"eligible_{first.pk}": "yes", f"eligible_{second.pk}": "no"}
    )
    assert Registration.objects.get(pk=first.pk).eligible is True
    assert Registration.objects.get(pk=second.pk).eligible is False
    client.post(url, {"action": "draw", "seed": "7", "confirm": "yes"})
    lottery = Lottery.objects.get(community=community)
    assert (lottery.seed, lottery.ran_by, lottery.winner_ids) == (7, facilitator, [first.pk])
    result = client.get(url).content.decode()
    assert "<code>7</code>" in result
    assert Registration.objects.get(pk=second.pk).state == "not-selected"


def test_bulk_eligibility_marks_only_pending_registrations(client, facilitator):
    draw = make_community("tirage-ouvert", method="draw")
    first_come = make_community("ordre")
    pending = register(draw, 1).registration
    selected = register(first_come, 2).registration
    client.force_login(facilitator)
    client.post(
        f"/admin/bulk/communities/registration/eligibility/?id={pending.pk}&id={selected.pk}",
        {"eligible": "yes"},
    )
    assert Registration.objects.get(pk=pending.pk).eligible is True
    assert Registration.objects.get(pk=selected.pk).eligible is None


def test_draw_view_explains_why_it_cannot_run(client, facilitator):
    community = make_community("pas-encore", method="draw")
    register(community, 1)
    client.force_login(facilitator)
    page = client.get(f"/admin/communautes/{community.pk}/tirage/").content.decode()
    assert format_datetime(community.registration_closes_at) in page
    assert services.lottery_problem(community=community)


def test_erasing_a_seat_holder_offers_the_seat_to_the_waitlist(client, facilitator):
    community = make_community(capacity=1)
    holder = register(community, 1).registration
    waiting = register(community, 2).registration
    client.force_login(facilitator)
    client.post(f"/admin/inscriptions/delete/{holder.pk}/")
    assert not Registration.objects.filter(pk=holder.pk).exists()
    waiting.refresh_from_db()
    assert waiting.state == "selected"
