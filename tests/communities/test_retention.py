"""Law 25: registrations of communities long over lose their personal data."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from communities import services
from factories.communities import session
from home.models import OutboxEmail

from .conftest import register, reload

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_community(make_community, settings):
    """A community whose last session was 60 days ago (retention: 30 days)."""
    settings.COMMUNITY_RETENTION_DAYS = 30
    now = timezone.now()
    community = make_community(
        slug="ancienne",
        capacity_max=1,
        opens=now - datetime.timedelta(days=120),
        closes=now - datetime.timedelta(days=100),
        sessions=[session(-90), session(-60, meeting_url="https://visio.example.org/x")],
    )
    during = now - datetime.timedelta(days=110)

    def add(n, **answers):
        return register(community, n, now=during, **answers)

    return community, add


def run(*args):
    out = StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def test_purge_erases_personal_data_of_old_communities_only(old_community, make_community):
    community, add = old_community
    confirmed = add(1, colleagues="Marc Tremblay")
    services.confirm_seat(registration=confirmed.registration)
    declined = add(2).registration  # waitlisted, then offered the seat, then declined
    services.withdraw(registration=confirmed.registration)
    services.decline_seat(registration=declined)
    recent = make_community(slug="recente")
    kept = register(recent, 3).registration
    OutboxEmail.objects.update(sent_at=timezone.now())
    old = [reload(confirmed.registration), reload(declined)]
    assert [r.state for r in old] == ["withdrawn", "declined"]

    output = run("--dry-run")
    assert "2" in output
    for registration in old:
        assert reload(registration).name.startswith("Personne")
        assert reload(registration).personal_data_purged_at is None

    output = run()

    for registration, state in zip(old, ["withdrawn", "declined"], strict=True):
        purged = reload(registration)
        assert purged.personal_data_purged_at is not None
        assert (purged.name, purged.email, purged.organisation) == ("", "", "")
        assert (purged.project, purged.colleagues) == ("", "")
        assert (purged.role, purged.region, purged.school_level) == ("teacher", "06", "secondary")
        assert purged.state == state
    assert reload(kept).name == "Personne 3"
    assert reload(kept).personal_data_purged_at is None
    # Sent emails to the erased people go too; the recent registrant's stay.
    assert not OutboxEmail.objects.filter(to__in=["personne1@example.org", "personne2@example.org"])
    assert OutboxEmail.objects.filter(to="personne3@example.org").exists()
    # The private link no longer opens anything.
    assert services.find_by_token(community=community, token=confirmed.token) is None
    assert community.title in output
    # Nothing left to purge.
    assert services.purge_personal_data() == []


def test_purge_leaves_communities_within_the_retention_delay(old_community, settings):
    _community, add = old_community
    registration = add(1).registration
    settings.COMMUNITY_RETENTION_DAYS = 90
    run()
    assert reload(registration).name == "Personne 1"


def test_purge_erases_every_participant_of_a_community(old_community):
    community, add = old_community
    community.capacity_max = 5
    community.save_revision().publish()
    people = [add(n).registration for n in range(3)]
    for registration in people[:2]:
        services.confirm_seat(registration=registration)

    run()

    assert all(reload(r).personal_data_purged_at is not None for r in people)
