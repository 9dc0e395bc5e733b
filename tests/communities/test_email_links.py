"""Every email to a participant carries their private link, at the site's configured address
(issue 20, SITE_URL since issue 22): never http://localhost/."""

from pathlib import Path

import pytest
from django.conf import settings

from communities import services
from communities.services.calendars import _email_reminder
from communities.services.notifications import _email
from home.models import OutboxEmail

from .conftest import register

pytestmark = pytest.mark.django_db

ADDRESS = "https://colloque.example.org"
KINDS = sorted(
    path.stem
    for path in (Path(settings.BASE_DIR) / "templates/communities/emails").glob("*.txt")
    if not path.stem.endswith("_subject") and not path.stem.startswith("_")  # "_": parts
)


@pytest.fixture(autouse=True)
def site_address(settings, site):
    settings.SITE_URL = settings.WAGTAILADMIN_BASE_URL = ADDRESS
    # The Site not moved yet (no `migrate` since SITE_URL changed): emails use SITE_URL anyway.
    assert site.root_url == "http://testserver"


def test_every_email_kind_is_covered():
    assert "session_reminder" in KINDS and "withdrawn" in KINDS and len(KINDS) == 16
    assert "moved" in KINDS and "staff_message" in KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_email_carries_the_private_link_at_the_site_address(community, kind):
    registration = register(community, 1).registration
    registration.waitlist_position = 2
    OutboxEmail.objects.all().delete()
    if kind == "session_reminder":
        _email_reminder(registration, community.get_sessions()[0])
    else:
        _email(registration, kind)

    email = OutboxEmail.objects.get()
    private_link = services.registration_url(
        registration=registration, token=services.token_of(registration)
    )
    assert private_link.startswith(f"{ADDRESS}/")
    assert private_link in email.body
    assert "localhost" not in email.body
    for attachment in email.attachments:
        assert "localhost" not in attachment["content"]


def test_calendars_link_to_the_site_address(community):
    registration = register(community, 1).registration
    calendar = services.build_calendar(
        community=community, sessions=services.public_sessions(community=community)
    ).to_ical()
    assert f"URL:{ADDRESS}/".encode() in calendar
    assert b"localhost" not in calendar
    assert registration.email.encode() not in calendar


def test_the_private_page_shows_its_link_at_the_site_address(client, community):
    registration = register(community, 1).registration
    private_link = services.registration_url(
        registration=registration, token=services.token_of(registration)
    )
    path = private_link.removeprefix(ADDRESS)
    html = client.get(path, HTTP_HOST="other.example").content.decode()
    assert f'<p class="private-link"><code>{private_link}</code></p>' in html
    assert "other.example" not in html
