"""Meeting links sent before each session: to confirmed people only, once, with an invitation."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from communities import services
from communities.models import CommunitySession, SessionReminder
from home.models import OutboxEmail

from .conftest import register

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def participants(make_community):
    """Four seats: two confirmed, one selected, one withdrawn; then one promoted, one waiting."""
    community = make_community(capacity_max=4)
    people = {
        name: register(community, n).registration
        for n, name in enumerate(["alice", "bruno", "chloe", "emile", "fanny", "gael"])
    }
    for name in ("alice", "bruno", "emile"):
        services.confirm_seat(registration=people[name])
    services.withdraw(registration=people["emile"])  # fanny is offered the seat
    states = {name: type(r).objects.get(pk=r.pk).state for name, r in people.items()}
    assert states == {
        "alice": "confirmed",
        "bruno": "confirmed",
        "chloe": "selected",
        "emile": "withdrawn",
        "fanny": "selected",
        "gael": "waitlisted",
    }
    return community, people


def counts():
    return SessionReminder.objects.count(), OutboxEmail.objects.count()


def reminders_to(registration):
    return OutboxEmail.objects.filter(to=registration.email).exclude(attachments=[])


def test_confirmed_people_get_the_link_once_within_the_reminder_window(participants):
    community, people = participants
    first = community.get_sessions().first()

    assert services.send_session_reminders(now=first.starts_at - 25 * HOUR) == 0
    assert not SessionReminder.objects.exists()

    due = first.starts_at - 23 * HOUR
    assert services.send_session_reminders(now=due) == 2
    reminded = set(SessionReminder.objects.values_list("registration__email", "session"))
    assert reminded == {(people["alice"].email, first.pk), (people["bruno"].email, first.pk)}
    for name in ("chloe", "emile", "fanny", "gael"):
        assert not reminders_to(people[name]).exists()

    before = counts()
    assert services.send_session_reminders(now=due) == 0
    assert services.send_session_reminders(now=first.starts_at - HOUR) == 0
    assert counts() == before
    # Once the session is over, nothing more for it; the next session is not due yet.
    assert services.send_session_reminders(now=first.ends_at + HOUR) == 0
    assert counts() == before


def test_reminder_email_carries_the_link_and_an_invitation_in_quebec_time(participants):
    community, people = participants
    first = community.get_sessions().first()
    services.send_session_reminders(now=first.starts_at - 2 * HOUR)

    (email,) = reminders_to(people["alice"])
    assert first.meeting_url in email.body
    assert community.title in email.subject
    token = services.token_of(people["alice"])
    assert token in email.body
    (attachment,) = email.attachments
    assert attachment["mimetype"] == "text/calendar"
    assert attachment["filename"].endswith(".ics")
    assert first.meeting_url in attachment["content"]
    calendar = Calendar.from_ical(attachment["content"])
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert str(start.tzinfo) == "America/Toronto"
    assert start == first.starts_at
    assert (start.hour, start.minute) == (16, 0)
    assert event.decoded("dtend") == first.ends_at
    assert first.meeting_url in str(event["description"])
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["America/Toronto"]


def test_custom_reminder_delay(make_community):
    community = make_community(slug="deux-jours", reminder_hours=48)
    registration = register(community).registration
    services.confirm_seat(registration=registration)
    first = community.get_sessions().first()
    assert services.send_session_reminders(now=first.starts_at - 49 * HOUR) == 0
    assert services.send_session_reminders(now=first.starts_at - 47 * HOUR) == 1


def test_a_moved_session_is_reminded_at_its_new_date_once(participants):
    community, people = participants
    second = community.get_sessions()[1]
    old_start = second.starts_at
    CommunitySession.objects.filter(pk=second.pk).update(
        date=second.date + datetime.timedelta(days=3)
    )
    second.refresh_from_db()

    assert services.send_session_reminders(now=old_start - 2 * HOUR) == 0
    assert services.send_session_reminders(now=second.starts_at - 2 * HOUR) == 2
    assert services.send_session_reminders(now=second.starts_at - HOUR) == 0
    assert SessionReminder.objects.filter(session=second).count() == 2
    (email,) = reminders_to(people["alice"])
    event = next(iter(Calendar.from_ical(email.attachments[0]["content"]).walk("VEVENT")))
    assert event.decoded("dtstart") == second.starts_at


def test_the_invitation_names_the_right_session(participants):
    community, people = participants
    second = community.get_sessions()[1]
    services.send_session_reminders(now=second.starts_at - 2 * HOUR)
    (email,) = reminders_to(people["alice"])
    event = next(iter(Calendar.from_ical(email.attachments[0]["content"]).walk("VEVENT")))
    assert str(event["summary"]).endswith("2")


def test_command_sends_due_reminders_once(participants, monkeypatch):
    community, _people = participants
    first = community.get_sessions().first()
    monkeypatch.setattr(timezone, "now", lambda: first.starts_at - 3 * HOUR)

    out = StringIO()
    call_command("send_session_reminders", stdout=out)
    assert "2" in out.getvalue()
    after_first = counts()
    assert after_first[0] == 2

    out = StringIO()
    call_command("send_session_reminders", stdout=out)
    assert "0" in out.getvalue()
    assert counts() == after_first
