"""Listings do not pay per community, per session or per registration."""

import pytest

from factories.communities import session
from tests.pages import QUERY_BUDGET, count_queries

from .conftest import register

pytestmark = pytest.mark.django_db


def test_index_queries_do_not_grow_with_communities(client, make_community):
    first = make_community(slug="premiere")
    register(first, 0)
    one = count_queries(client, "/communautes/")
    for n in range(49):
        community = make_community(
            slug=f"autre-{n}",
            selection_method="draw" if n % 2 else "first-come",
            sessions=[session(10 + d, topic=f"Séance {d}") for d in range(4 if n < 5 else 1)],
        )
        for person in range(3 if n < 5 else 0):
            register(community, 10 * (n + 1) + person)
    html = client.get("/communautes/").content.decode()
    assert html.count('class="card community-card"') == 24  # a page of the 50
    assert count_queries(client, "/communautes/") == one <= QUERY_BUDGET


def test_community_page_queries_do_not_grow_with_sessions_or_registrations(client, make_community):
    small = make_community(slug="petite", capacity_max=30, sessions=[session(20)])
    register(small, 0)
    big = make_community(
        slug="grande",
        capacity_max=30,
        sessions=[session(20 + d, topic=f"Séance {d}") for d in range(10)],
    )
    for person in range(20):
        register(big, 100 + person)
    small_count = count_queries(client, f"/communautes/{small.slug}/")
    big_count = count_queries(client, f"/communautes/{big.slug}/")
    assert big_count == small_count <= QUERY_BUDGET
    html = client.get(f"/communautes/{big.slug}/").content.decode()
    assert html.count('<li class="session') == 10
