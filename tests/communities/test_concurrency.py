"""The last seats, taken by many people at the same moment (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection

from communities.models import Registration
from tests.factories.communities import CommunityIndexPageFactory, create_community

from .conftest import register

PEOPLE = 12


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_twelve_people_for_three_seats(home_page):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under concurrency are tested on PostgreSQL")
    index = CommunityIndexPageFactory(parent=home_page)
    community = create_community(index, slug="trois-places", capacity_max=3)
    barrier = threading.Barrier(PEOPLE)
    errors = []

    def worker(n):
        try:
            barrier.wait(timeout=30)
            register(community, n)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    rows = list(
        Registration.objects.filter(community=community).values_list("state", "waitlist_position")
    )
    assert len(rows) == PEOPLE
    assert [state for state, _ in rows].count("selected") == 3
    waitlist = sorted(position for state, position in rows if state == "waitlisted")
    assert waitlist == list(range(1, PEOPLE - 3 + 1))
    assert all(position is None for state, position in rows if state == "selected")
