"""A community's sessions can be added to any calendar; the private feed only to an app."""

import pytest

from communities import services
from tests.communities.conftest import register
from tests.home.test_calendar_links import links_of

pytestmark = pytest.mark.django_db


def test_a_community_offers_its_sessions_and_keeps_the_private_feed_off_line_services(
    client, make_community
):
    community = make_community()
    page = client.get(community.url).content.decode()
    public = links_of(page)
    assert f"Google Agenda ({community.title})" in public
    assert public[f"M’abonner dans mon application d’agenda ({community.title})"].startswith(
        "webcal://"
    )

    result = register(community)
    services.confirm_seat(registration=result.registration)
    url = services.registration_url(registration=result.registration, token=result.token)
    private = client.get(url).content.decode()
    links = links_of(private)
    assert any(
        href.startswith("webcal://") and href.endswith("seances.ics") for href in links.values()
    )
    assert not any("google.com" in href or "outlook" in href for href in links.values())
