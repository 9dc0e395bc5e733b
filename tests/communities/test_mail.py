"""Emails leave after commit; a mail server that is down loses neither them nor the registration."""

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from communities import services
from communities.models import Registration
from factories.communities import registration_data
from home.mail import send_pending
from home.models import OutboxEmail

pytestmark = pytest.mark.django_db


def test_email_is_sent_only_after_commit(client, community, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(f"/communautes/{community.slug}/inscription/", registration_data())
        assert mail.outbox == []
    email = OutboxEmail.objects.get()
    assert email.sent_at is None and callbacks

    for callback in callbacks:
        callback()

    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 1
    (message,) = mail.outbox
    assert message.to == ["amelie.roy@example.org"]
    assert message.subject == f"Une place est à vous\u00a0: {community.title}"
    token = services.token_of(Registration.objects.get())
    assert f"/communautes/{community.slug}/inscription/{token}/" in message.body


def test_mail_server_down_keeps_the_registration_and_the_email(
    client, community, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(self, *args, **kwargs):
        raise ConnectionRefusedError("SMTP indisponible")

    monkeypatch.setattr(EmailMessage, "send", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/communautes/{community.slug}/inscription/", registration_data())

    registration = Registration.objects.get()
    token = services.token_of(registration)
    assert response.status_code == 302
    assert response["Location"] == f"/communautes/{community.slug}/inscription/{token}/"
    email = OutboxEmail.objects.get()
    assert email.sent_at is None
    assert email.attempts == 1
    assert "SMTP indisponible" in email.last_error
    assert mail.outbox == []
    page = client.get(response["Location"]).content.decode()
    assert "Merci\u202f! Votre inscription a bien été reçue." in page

    monkeypatch.undo()
    assert send_pending(include_not_due=True) == (1, 0)
    email.refresh_from_db()
    assert email.sent_at is not None and email.last_error == ""
    (message,) = mail.outbox
    assert token in message.body
    assert send_pending(include_not_due=True) == (0, 0)
