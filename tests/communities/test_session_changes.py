"""A session moved or given a new meeting link after publication: confirmed participants
are told once, in one email each, with an updated invitation."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from communities import services
from communities.models import CommunityPage, CommunitySession
from home.models import OutboxEmail

from .conftest import edit_form_data, register

pytestmark = pytest.mark.django_db
T = datetime.time
NBSP = "\u00a0"


@pytest.fixture
def participants(make_community):
    """Two confirmed participants, one offered a seat not yet confirmed."""
    community = make_community(capacity_max=3)
    alice, bruno, chloe = (register(community, n).registration for n in (1, 2, 3))
    services.confirm_seat(registration=alice)
    services.confirm_seat(registration=bruno)
    OutboxEmail.objects.all().delete()
    return community, (alice, bruno, chloe)


def publish_sessions(community, **changes_by_index):
    """Publish a new revision with session fields changed: index=dict(field=value)."""
    page = CommunityPage.objects.get(pk=community.pk)
    sessions = list(page.sessions.all())
    for index, changes in changes_by_index.items():
        for name, value in changes.items():
            setattr(sessions[int(index.removeprefix("s"))], name, value)
    page.sessions = sessions
    page.save_revision().publish()
    return page


def recipients():
    return sorted(update_emails().values_list("to", flat=True))


def update_emails(registration=None):
    emails = OutboxEmail.objects.exclude(attachments=[])
    return emails.filter(to=registration.email) if registration else emails


def test_moving_a_session_and_changing_its_link_sends_one_email_to_each_confirmed(participants):
    community, (alice, bruno, chloe) = participants
    second = community.get_sessions()[1]
    old_date = second.date

    publish_sessions(
        community,
        s1={
            "start_time": T(18, 30),
            "end_time": T(20, 0),
            "meeting_url": "https://visio.example.org/nouveau",
        },
    )

    assert recipients() == sorted([alice.email, bruno.email])
    assert not OutboxEmail.objects.filter(to=chloe.email).exists()  # offered, not confirmed
    (email,) = update_emails(alice)
    # home.mail keeps the subject's no-break space (French typography).
    assert email.subject == f"{community.title}{NBSP}: une rencontre a changé"
    assert f"Rencontre 2{NBSP}:" in email.body
    assert f"de 18{NBSP}h{NBSP}30 à 20{NBSP}h" in email.body
    assert f"{old_date:%Y}, de 16{NBSP}h à 17{NBSP}h{NBSP}30." in email.body  # what it was
    assert f"Nouveau lien de la rencontre (pour vous seulement){NBSP}:" in email.body
    assert "https://visio.example.org/nouveau" in email.body
    assert f"Rencontre 1{NBSP}:" not in email.body  # unchanged sessions are not listed

    (attachment,) = email.attachments
    assert attachment["mimetype"] == "text/calendar"
    events = Calendar.from_ical(attachment["content"]).walk("VEVENT")
    # The reminder's event, same UID: calendars replace it rather than add a second one.
    moved = next(e for e in events if str(e["uid"]).startswith(f"community-session-{second.pk}@"))
    assert moved.decoded("dtstart").time() == T(18, 30)
    assert moved.decoded("dtstart").tzinfo.key == "America/Toronto"
    assert "https://visio.example.org/nouveau" in str(moved["location"])
    assert int(moved["sequence"]) > 0


def test_publishing_again_without_a_change_sends_nothing(participants):
    community, _ = participants
    publish_sessions(community, s0={"start_time": T(15, 0)})
    assert update_emails().count() == 2

    publish_sessions(community)  # the same sessions, again
    page = CommunityPage.objects.get(pk=community.pk)
    page.title = "Un autre titre"  # a change elsewhere on the page
    page.save_revision().publish()
    assert update_emails().count() == 2


def test_several_changes_in_one_publish_make_one_email(participants):
    community, (alice, *_) = participants
    publish_sessions(
        community,
        s0={"date": community.get_sessions()[0].date + datetime.timedelta(days=1)},
        s2={"meeting_url": "https://visio.example.org/autre"},
    )
    (email,) = update_emails(alice)
    assert f"Rencontre 1{NBSP}:" in email.body and f"Rencontre 3{NBSP}:" in email.body
    assert email.subject == f"{community.title}{NBSP}: des rencontres ont changé"


def test_english_participants_read_it_in_english(participants):
    community, _ = participants
    diane = register(community, 4, language="en").registration
    # A fourth seat, so Diane can confirm hers.
    page = CommunityPage.objects.get(pk=community.pk)
    page.capacity_max = 4
    page.save_revision().publish()
    services.confirm_seat(registration=diane)

    publish_sessions(community, s1={"meeting_url": "https://visio.example.org/new"})
    (email,) = update_emails(diane)
    assert "New meeting link (for you only):" in email.body
    assert "Session 2:" in email.body


def test_past_sessions_and_unconfirmed_people_are_left_alone(make_community):
    community = make_community()
    register(community, 1)  # offered a seat, never confirmed
    publish_sessions(community, s0={"meeting_url": "https://visio.example.org/x"})
    assert not update_emails().exists()

    changes = services.session_changes(
        before=list(community.sessions.all()),
        after=[_moved(session, T(9, 0)) for session in community.sessions.all()],
        now=community.get_sessions().last().ends_at + datetime.timedelta(hours=1),
    )
    assert changes == []


def _moved(session, start):
    session = CommunitySession.objects.get(pk=session.pk)
    session.start_time = start
    return session


def test_staff_moving_a_session_in_the_admin_tells_participants_once(admin_client, participants):
    community, (alice, bruno, _) = participants
    data = edit_form_data(admin_client, community)
    first = community.get_sessions()[0]
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("sessions-") and key.endswith("-id") and value == str(first.pk)
    )
    data[f"sessions-{index}-start_time"] = "15:00"
    url = reverse("wagtailadmin_pages:edit", args=[community.pk])

    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert CommunityPage.objects.get(pk=community.pk).get_sessions()[0].start_time == T(15, 0)
    assert recipients() == sorted([alice.email, bruno.email])
    (email,) = update_emails(alice)
    assert f"de 15{NBSP}h à 17{NBSP}h{NBSP}30" in email.body

    admin_client.post(url, edit_form_data(admin_client, community))  # published again, unchanged
    assert update_emails().count() == 2
