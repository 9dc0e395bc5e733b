"""The last seats, taken by many people at the same moment (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection
from django.test import Client

from communities import services
from communities.models import Registration
from factories.communities import (
    CommunityIndexPageFactory,
    create_community,
    person,
    registration_data,
)
from home.models import OutboxEmail

from .conftest import register

PEOPLE = 12
VISITORS = 100
SEATS_LEFT = 15
# PostgreSQL's default max_connections is 100: the visitors' threads all start together,
# but at most this many hold a database connection at once.
CONNECTIONS = 40


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
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


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_hundred_visitors_for_the_last_fifteen_seats(home_page, settings):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under concurrency are tested on PostgreSQL")
    settings.COMMUNITY_RATE_LIMIT = VISITORS * 2  # every visitor is 127.0.0.1
    index = CommunityIndexPageFactory(parent=home_page)
    community = create_community(index, slug="dernieres-places", capacity_max=SEATS_LEFT + 5)
    for n in range(5):  # the other seats are taken
        register(community, 1000 + n)
    url = f"/communautes/{community.slug}/inscription/"
    barrier = threading.Barrier(VISITORS)
    gate = threading.BoundedSemaphore(CONNECTIONS)
    errors, failures = [], []

    def worker(n):
        client = Client()
        try:
            barrier.wait(timeout=60)
            with gate:
                try:
                    response = client.post(
                        url,
                        registration_data(name=f"Visiteur {n}", email=f"visiteur{n}@example.org"),
                    )
                finally:
                    connection.close()
            if response.status_code != 302 or "/inscription/" not in response["Location"]:
                failures.append((n, response.status_code))
        except Exception as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(VISITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == [] and failures == []
    rows = list(
        Registration.objects.filter(community=community, email__startswith="visiteur")
        .order_by("pk")
        .values_list("state", "waitlist_position")
    )
    assert len(rows) == VISITORS
    assert [state for state, _ in rows].count("selected") == SEATS_LEFT
    # Waiting in the order they were taken in, each at a position of their own.
    waitlist = [position for state, position in rows if state == "waitlisted"]
    assert waitlist == list(range(1, VISITORS - SEATS_LEFT + 1))
    counts = services.seat_counts(community_ids=[community.pk])[community.pk]
    assert (counts.holding, counts.waitlisted) == (SEATS_LEFT + 5, VISITORS - SEATS_LEFT)
    emails = OutboxEmail.objects.filter(to__startswith="visiteur")
    assert emails.count() == VISITORS
    assert emails.filter(subject__startswith="Une place est à vous").count() == SEATS_LEFT


REPEATS = 20


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_repeats_at_once_send_the_link_once(home_page, settings):
    """Issue 25, item 8: the same person registering again, twenty times at once, gets one
    registration and at most one "link resent" email."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks under concurrency are tested on PostgreSQL")
    settings.COMMUNITY_RATE_LIMIT = REPEATS * 2
    index = CommunityIndexPageFactory(parent=home_page)
    community = create_community(index, slug="repetitions", capacity_max=10)
    register(community, 1)
    url = f"/communautes/{community.slug}/inscription/"
    barrier = threading.Barrier(REPEATS)
    errors, pages = [], []

    def worker(n):
        client = Client()
        try:
            barrier.wait(timeout=60)
            try:
                response = client.post(url, person(1))
            finally:
                connection.close()
            pages.append((response.status_code, response.content.decode()))
        except Exception as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(REPEATS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert len(pages) == REPEATS
    assert all(status == 200 and "déjà inscrit" in html for status, html in pages), pages[0]
    assert Registration.objects.filter(community=community).count() == 1
    emails = OutboxEmail.objects.filter(to="personne1@example.org")
    assert emails.count() == 2, list(emails.values_list("body", flat=True))  # receipt, link once
    assert "Quelqu’un (sans doute vous)" in emails.order_by("pk").last().body
