"""A community's maximum cannot go below the seats already taken."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from communities import services
from communities.models import CommunityPage

from .conftest import edit_form_data, register

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


@pytest.fixture
def three_taken(make_community):
    """Capacity 4: two confirmed, one offered a seat not yet confirmed, one declined."""
    community = make_community(capacity_max=4)
    people = [register(community, n).registration for n in range(4)]
    services.confirm_seat(registration=people[0])
    services.confirm_seat(registration=people[1])
    services.decline_seat(registration=people[3])
    return community


def test_seats_taken_counts_confirmed_and_offered(three_taken):
    assert services.seats_taken(community=three_taken) == 3


def test_admin_refuses_a_maximum_below_the_seats_taken(admin_client, three_taken):
    community = three_taken
    revisions = community.revisions.count()
    data = edit_form_data(admin_client, community)
    data["capacity_max"] = "2"

    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[community.pk]), data)

    html = response.content.decode()
    assert (
        "3 places sont déjà prises (confirmées, ou offertes et en attente de confirmation)"
        f"{NBSP}: le maximum ne peut pas être inférieur à 3." in html
    )
    page = CommunityPage.objects.get(pk=community.pk)
    assert page.capacity_max == 4
    assert page.revisions.count() == revisions  # not even saved as a draft


def test_admin_accepts_a_maximum_equal_to_the_seats_taken(admin_client, three_taken):
    community = three_taken
    data = edit_form_data(admin_client, community)
    data["capacity_max"] = "3"
    admin_client.post(reverse("wagtailadmin_pages:edit", args=[community.pk]), data)
    assert CommunityPage.objects.get(pk=community.pk).capacity_max == 3


def test_the_rule_holds_outside_the_admin_too(three_taken):
    page = CommunityPage.objects.get(pk=three_taken.pk)
    page.capacity_max = 1
    with pytest.raises(ValidationError) as refused:
        page.save_revision()
    (message,) = refused.value.message_dict["capacity_max"]
    assert message.startswith("3 places sont déjà prises")
    assert services.capacity_problem(community=page, capacity=None) is None  # no limit


def test_a_maximum_already_below_is_let_be_so_the_page_stays_editable(three_taken):
    # Stored before the rule existed: the dashboard flags it; other edits still save.
    CommunityPage.objects.filter(pk=three_taken.pk).update(capacity_max=1)
    page = CommunityPage.objects.get(pk=three_taken.pk)
    page.title = "Nouveau titre"
    page.save_revision().publish()
    assert CommunityPage.objects.get(pk=three_taken.pk).title == "Nouveau titre"
