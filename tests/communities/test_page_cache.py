"""Cached community pages follow their edits, their seats and the clock."""

import datetime

import pytest
from django.utils import timezone

from communities import services
from tests.pages import cached_get, stored_pages

from .conftest import register

pytestmark = pytest.mark.django_db


def test_seats_left_follow_registrations(client, page_cache, community):
    html, state = cached_get(client, community.url)
    assert state == "hit" and "3 places restantes" in html
    cached_get(client, "/communautes/")
    register(community, 1)
    for url in (community.url, "/communautes/"):
        assert "2 places restantes" in client.get(url).content.decode()


def test_a_published_change_reaches_the_page_and_the_index(client, page_cache, community):
    for url in (community.url, "/communautes/"):
        cached_get(client, url)
    community.title = "Cercle de lecture"
    community.save_revision().publish()
    for url in (community.url, "/communautes/"):
        assert "Cercle de lecture" in client.get(url).content.decode()


def test_an_unpublished_community_leaves_the_index(client, page_cache, community):
    cached_get(client, "/communautes/")
    community.unpublish()
    assert community.title not in client.get("/communautes/").content.decode()
    assert client.get(community.url).status_code == 404


def test_the_form_and_private_pages_are_never_stored(client, page_cache, community):
    form = client.get(community.url + "inscription/")
    assert 'name="csrfmiddlewaretoken"' in form.content.decode()
    assert "X-Page-Cache" not in form
    result = register(community, 1)
    private = client.get(f"{community.url}inscription/{result.token}/")
    assert "Personne 1" in private.content.decode()
    assert "X-Page-Cache" not in private
    assert not any(
        b"Personne 1" in content or b"csrfmiddlewaretoken" in content
        for content in stored_pages(page_cache)
    )


def test_a_page_waiting_for_registration_to_open_expires_when_it_opens(
    client, page_cache, make_community, monkeypatch
):
    opens = timezone.now() + datetime.timedelta(minutes=2)
    community = make_community(opens=opens, closes=opens + datetime.timedelta(days=5))
    timeouts = []
    original = page_cache.set
    monkeypatch.setattr(
        page_cache,
        "set",
        lambda key, value, timeout: timeouts.append(timeout) or original(key, value, timeout),
    )
    assert "Ouverture des inscriptions le" in client.get(community.url).content.decode()
    assert 0 < timeouts[0] <= 120
    assert services.status_of(community=community).code == "upcoming"
