"""Registrations in Wagtail's admin: the Animation group only, filters, export, the draw."""

import csv
import io

import pytest
from django.urls import reverse

from communities import services
from communities.models import Lottery, Registration

from .conftest import register, reload

pytestmark = pytest.mark.django_db


def index_url():
    return reverse("registrations:index")


def csv_rows(response):
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def test_registrations_listing_is_under_inscriptions():
    assert index_url() == "/admin/inscriptions/"


def test_animation_sees_and_filters_registrations(client, animation, make_community):
    first = make_community(slug="premiere", capacity_max=1)
    second = make_community(slug="seconde")
    register(first, 1, name="Alice Selected")
    register(first, 2, name="Bruno Waiting")
    register(second, 3, name="Chloé Ailleurs")
    client.force_login(animation)

    html = client.get(index_url()).content.decode()
    assert all(name in html for name in ("Alice Selected", "Bruno Waiting", "Chloé Ailleurs"))

    html = client.get(index_url(), {"community": first.pk}).content.decode()
    assert "Alice Selected" in html and "Bruno Waiting" in html
    assert "Chloé Ailleurs" not in html

    html = client.get(index_url(), {"state": "waitlisted"}).content.decode()
    assert "Bruno Waiting" in html
    assert "Alice Selected" not in html and "Chloé Ailleurs" not in html

    html = client.get(index_url(), {"community": first.pk, "state": "selected"}).content.decode()
    assert "Alice Selected" in html and "Bruno Waiting" not in html


def test_csv_export_neutralises_formulas(client, animation, community):
    register(community, 1, name='=HYPERLINK("http://evil.example")', project="+33 rue")
    register(community, 2, name="Marie Normale", organisation="@école")
    client.force_login(animation)

    response = client.get(index_url(), {"export": "csv"})

    assert response.status_code == 200
    rows = csv_rows(response)
    _header, *data = rows
    assert len(data) == 2
    cells = [cell for row in data for cell in row]
    assert '\'=HYPERLINK("http://evil.example")' in cells
    assert "'+33 rue" in cells
    assert "'@école" in cells
    assert "Marie Normale" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    # The export honours the filters.
    filtered = csv_rows(client.get(index_url(), {"export": "csv", "state": "waitlisted"}))
    assert len(filtered) == 1


def test_communications_cannot_see_registrations(client, communications, community):
    register(community, 1, name="Nom Confidentiel")
    client.force_login(communications)

    response = client.get(index_url())
    assert response.status_code in (302, 403)
    assert "Nom Confidentiel" not in response.content.decode()
    export = client.get(index_url(), {"export": "csv"})
    assert export.status_code in (302, 403)
    draw = client.get(f"/admin/communautes/{community.pk}/tirage/")
    assert draw.status_code in (302, 403)
    dashboard = client.get("/admin/").content.decode()
    assert 'id="communities' not in dashboard
    assert community.title not in dashboard


def test_animation_marks_eligibility_and_runs_the_draw(client, animation, closed_draw):
    community, add = closed_draw(capacity_max=1)
    first, second, third = add(1), add(2), add(3)
    url = f"/admin/communautes/{community.pk}/tirage/"
    client.force_login(animation)

    page = client.get(url).content.decode()
    assert f'name="eligible_{first.pk}"' in page
    assert "Personne 2" in page

    response = client.post(
        url,
        {
            "action": "eligibility",
            f"eligible_{first.pk}": "yes",
            f"eligible_{second.pk}": "no",
            f"eligible_{third.pk}": "yes",
        },
    )
    assert response.status_code == 302
    assert [reload(r).eligible for r in (first, second, third)] == [True, False, True]

    response = client.post(url, {"action": "draw", "seed": "7", "confirm": "yes"})
    assert response.status_code == 302
    lottery = Lottery.objects.get(community=community)
    assert (lottery.seed, lottery.ran_by) == (7, animation)
    assert lottery.order == services.draw_order(eligible_ids=[first.pk, third.pk], seed=7)
    assert [reload(Registration.objects.get(pk=pk)).state for pk in lottery.order] == [
        "selected",
        "waitlisted",
    ]
    assert reload(second).state == "not-selected"
    result = client.get(url).content.decode()
    assert "<code>7</code>" in result
    assert f"#{lottery.order[0]}" in result


def test_draw_view_refuses_a_draw_before_closing(client, animation, make_community):
    community = make_community(selection_method="draw")
    registration = register(community).registration
    services.set_eligibility(registrations=[registration], eligible=True)
    client.force_login(animation)
    url = f"/admin/communautes/{community.pk}/tirage/"
    page = client.post(url, {"action": "draw", "seed": "7"}).content.decode()
    assert "Effectuer le tirage de" not in page  # refused at once, not asked to confirm
    client.post(url, {"action": "draw", "seed": "7", "confirm": "yes"})
    assert not Lottery.objects.exists()
    assert reload(registration).state == "pending"


def test_dashboard_shows_the_communities_panel_to_animation(client, animation, make_community):
    community = make_community(capacity_max=4)
    register(community, 1)
    client.force_login(animation)
    html = client.get("/admin/").content.decode()
    assert 'id="communities' in html or "Communautés de pratique" in html
    assert community.title in html
    # The person is offered a seat, not confirmed: the seat is not filled yet.
    assert '<meter min="0" max="4" value="0"' in html
    assert "1 place offerte, pas encore confirmée" in html


def test_bulk_eligibility_marks_pending_registrations(client, animation, make_community):
    draw = make_community(slug="tirage-ouvert", selection_method="draw")
    first_come = make_community(slug="ordre")
    pending = [register(draw, n).registration for n in range(2)]
    selected = register(first_come, 5).registration
    client.force_login(animation)
    url = "/admin/bulk/communities/registration/eligibility/?" + "&".join(
        f"id={r.pk}" for r in [*pending, selected]
    )

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Personne 0" in confirm.content.decode()

    response = client.post(url, {"eligible": "yes"})
    assert response.status_code == 302
    assert [reload(r).eligible for r in pending] == [True, True]
    assert reload(selected).eligible is None

    client.post(url, {"eligible": "no"})
    assert [reload(r).eligible for r in pending] == [False, False]


def test_bulk_eligibility_is_refused_to_communications(client, communications, make_community):
    draw = make_community(slug="tirage-ouvert", selection_method="draw")
    registration = register(draw, 1).registration
    client.force_login(communications)
    client.post(
        f"/admin/bulk/communities/registration/eligibility/?id={registration.pk}",
        {"eligible": "yes"},
    )
    assert reload(registration).eligible is None
