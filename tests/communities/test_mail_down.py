"""The mail server is down during every community step that emails: nothing is lost.

Registration, the private link's actions, the draw in the admin, a seat offered from the
waitlist and the session reminders: the change is committed, the person sees the usual
success page, the email waits in the outbox with its error; with the server back,
`send_queued_emails` sends nothing before the backoff allows, then each email exactly once.
"""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from communities import services
from communities.models import Lottery, Registration, SessionReminder
from factories.communities import registration_data
from home.models import OutboxEmail
from tests.mail_server import assert_pending_with_error, recover

from .conftest import register

pytestmark = pytest.mark.django_db
PERSON = "amelie.roy@example.org"


def pending_to(address):
    return OutboxEmail.objects.get(to=address, sent_at__isnull=True)


def all_sent():
    OutboxEmail.objects.update(sent_at=timezone.now())


def private_url(community, registration):
    token = services.token_of(registration)
    return community.url + community.reverse_subpage("registration", kwargs={"token": token})


def test_registration(client, community, mail_server, django_capture_on_commit_callbacks):
    mail_server.down()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/communautes/{community.slug}/inscription/", registration_data(), follow=True
        )

    assert "Merci\u202f! Votre inscription a bien été reçue." in response.content.decode()
    registration = Registration.objects.get()
    assert registration.state == "selected"
    assert_pending_with_error(pending_to(PERSON))
    assert mail.outbox == []
    recover(
        mail_server,
        to=PERSON,
        subject=f"Une place est à vous\u00a0: {community.title}",
        body=[private_url(community, registration)],
    )


def test_second_registration_resends_the_link(
    client, community, mail_server, django_capture_on_commit_callbacks
):
    registration = register(community, email=PERSON).registration
    all_sent()
    mail_server.down()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/communautes/{community.slug}/inscription/", registration_data(), follow=True
        )

    assert response.status_code == 200
    assert Registration.objects.count() == 1
    assert_pending_with_error(pending_to(PERSON))
    recover(
        mail_server,
        to=PERSON,
        subject=f"Votre inscription\u00a0: {community.title}",
        body=[private_url(community, registration)],
    )


def test_confirmation_through_the_private_link(
    client, community, mail_server, django_capture_on_commit_callbacks
):
    registration = register(community, email=PERSON).registration
    all_sent()
    mail_server.down()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            private_url(community, registration), {"action": "confirm"}, follow=True
        )

    assert "Votre place est confirmée." in response.content.decode()
    registration.refresh_from_db()
    assert registration.state == "confirmed"
    assert_pending_with_error(pending_to(PERSON))
    recover(mail_server, to=PERSON, subject=f"Place confirmée\u00a0: {community.title}")


def test_withdrawal_offers_the_seat_to_the_waitlist(
    client, make_community, mail_server, django_capture_on_commit_callbacks
):
    community = make_community(capacity_max=1)
    first = register(community, 1).registration
    waiting = register(community, 2).registration
    services.confirm_seat(registration=first)
    all_sent()
    mail_server.down()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            private_url(community, first),
            {"action": "withdraw", "withdraw-confirm": "on"},
            follow=True,
        )

    assert "Votre inscription a été retirée." in response.content.decode()
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert (first.state, waiting.state) == ("withdrawn", "selected")
    assert_pending_with_error(pending_to(first.email))
    assert_pending_with_error(pending_to(waiting.email))
    recover(mail_server, to=first.email, subject=f"Inscription retirée\u00a0: {community.title}")
    (offer,) = mail_server.delivered_to(waiting.email)
    assert offer.subject == f"Une place s’est libérée pour vous\u00a0: {community.title}"
    assert private_url(community, waiting) in offer.body


def test_declined_seat_through_the_private_link(
    client, community, mail_server, django_capture_on_commit_callbacks
):
    registration = register(community, email=PERSON).registration
    all_sent()
    mail_server.down()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            private_url(community, registration),
            {"action": "decline", "decline-confirm": "on"},
            follow=True,
        )

    assert "Vous avez refusé votre place." in response.content.decode()
    registration.refresh_from_db()
    assert registration.state == "declined"
    assert_pending_with_error(pending_to(PERSON))
    recover(mail_server, to=PERSON, subject=f"Place refusée\u00a0: {community.title}")


def test_draw_in_the_admin(
    client, animation, closed_draw, mail_server, django_capture_on_commit_callbacks
):
    community, add = closed_draw(capacity_max=1)
    people = [add(n) for n in (1, 2, 3)]
    services.set_eligibility(registrations=people, eligible=True)
    all_sent()
    mail_server.down()
    client.force_login(animation)
    url = f"/admin/communautes/{community.pk}/tirage/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "draw", "seed": "7", "confirm": "yes"}, follow=True)

    assert "Le tirage a eu lieu\u00a0: 1 personnes retenues sur 3." in response.content.decode()
    lottery = Lottery.objects.get(community=community)
    winner = Registration.objects.get(pk=lottery.winner_ids[0])
    assert winner.state == "selected"
    assert OutboxEmail.objects.filter(sent_at__isnull=True).count() == 3
    for email in OutboxEmail.objects.filter(sent_at__isnull=True):
        assert_pending_with_error(email)
    recover(
        mail_server,
        to=winner.email,
        subject=f"Résultat du tirage\u00a0: une place est à vous dans {community.title}",
    )
    for registration in people:
        if registration.pk != winner.pk:
            (message,) = mail_server.delivered_to(registration.email)
            assert "sur la liste d’attente" in message.subject


def test_session_reminders(community, mail_server, monkeypatch, django_capture_on_commit_callbacks):
    registration = register(community, email=PERSON).registration
    services.confirm_seat(registration=registration)
    all_sent()
    session = community.get_sessions().first()
    mail_server.down()
    with monkeypatch.context() as patched:
        patched.setattr(timezone, "now", lambda: session.starts_at - datetime.timedelta(hours=3))
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_session_reminders", stdout=out)  # what cron runs
        assert out.getvalue().strip().startswith("1")
        assert SessionReminder.objects.filter(registration=registration, session=session).exists()
        assert_pending_with_error(pending_to(PERSON))
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_session_reminders", stdout=StringIO())  # cron again
    assert SessionReminder.objects.count() == 1
    assert OutboxEmail.objects.filter(sent_at__isnull=True).count() == 1
    message = recover(mail_server, to=PERSON, subject=f"{community.title}\u00a0: rencontre du")
    assert session.meeting_url in message.body
    assert message.attachments[0][0] == "seance.ics"
