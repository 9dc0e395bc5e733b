"""Every email to a participant carries their private link, at the site's configured address
(issue 20): never Wagtail's default Site, http://localhost/."""

from pathlib import Path

import pytest
from django.conf import settings

from communities import services
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
    settings.WAGTAILADMIN_BASE_URL = ADDRESS
    # As Wagtail's migration leaves it: the Site record is not where the address is set.
    assert site.root_url == "http://localhost"


def test_every_email_kind_is_covered():
    assert "session_reminder" in KINDS and "withdrawn" in KINDS and len(KINDS) == 16
    assert "moved" in KINDS and "staff_message" in KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_email_carries_the_private_link_at_the_site_address(community, kind):
    registration = register(community, 1).registration
    registration.waitlist_position = 2
    OutboxEmail.objects.all().delete()
    if kind == "session_reminder":
        services._email_reminder(registration, community.get_sessions()[0])
    else:
        services._email(registration, kind)

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
