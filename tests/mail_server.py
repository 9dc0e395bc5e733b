"""A mail server that can be taken down and brought back, and the clock the retries read.

`MailServer.down()` makes every send fail as an unreachable SMTP server does;
`MailServer.up()` delivers to Django's locmem outbox again. `retry()` runs the retry path
of production (`manage.py send_queued_emails`, what cron runs when the task backend cannot
defer) at a moment later than now, so the backoff is honoured without sleeping.
"""

import datetime
import smtplib
from contextlib import contextmanager
from io import StringIO
from unittest import mock

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from home.models import OutboxEmail

LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


class DownMailer(BaseEmailBackend):
    """Every send fails, at connection time or while sending, as a dead SMTP server does."""

    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@contextmanager
def clock_moved(delta):
    """timezone.now() (what the outbox reads) moved by delta; nothing sleeps."""
    real_now = timezone.now

    with mock.patch("django.utils.timezone.now", lambda: real_now() + delta):
        yield


class MailServer:
    def __init__(self, settings):
        self.settings = settings

    def down(self):
        self.settings.MAILERS = {"default": {"BACKEND": "tests.mail_server.DownMailer"}}

    def up(self):
        self.settings.MAILERS = LOCMEM

    def retry(self, *, later=None):
        """Run `send_queued_emails` (due emails only), `later` from now; returns its output."""
        out = StringIO()
        if later is None:
            call_command("send_queued_emails", stdout=out)
        else:
            with clock_moved(later):
                call_command("send_queued_emails", stdout=out)
        return out.getvalue().strip()

    def retry_when_due(self):
        """Retry once every pending email is due (just past the latest next attempt)."""
        pending = OutboxEmail.objects.filter(sent_at__isnull=True)
        latest = max(email.next_attempt_at for email in pending)
        return self.retry(later=latest - timezone.now() + datetime.timedelta(seconds=1))

    @staticmethod
    def delivered_to(address):
        return [message for message in mail.outbox if address in message.to]


def assert_pending_with_error(email):
    """The row waits for a retry, with the failure recorded and a later attempt planned."""
    email.refresh_from_db()
    assert email.sent_at is None
    assert email.attempts == 1
    assert "SMTPServerDisconnected" in email.last_error or "ConnectionRefused" in email.last_error
    assert email.next_attempt_at > email.created_at


def recover(mail_server, *, to, subject, body=()):
    """Bring the server back: nothing leaves before the backoff says so, then every pending
    email leaves exactly once, and a later retry sends nothing again. Returns the message
    sent to `to` (exactly one)."""
    pending = OutboxEmail.objects.filter(sent_at__isnull=True).count()
    assert pending >= 1
    mail.outbox.clear()
    mail_server.up()
    mail_server.retry()
    assert mail.outbox == []  # the server is back, but no retry is due yet
    mail_server.retry_when_due()
    assert len(mail.outbox) == pending
    assert not OutboxEmail.objects.filter(sent_at__isnull=True).exists()
    (message,) = mail_server.delivered_to(to)
    assert subject in message.subject, message.subject
    for text in body:
        assert text in message.body, message.body
    mail_server.retry(later=datetime.timedelta(days=2))
    assert len(mail.outbox) == pending  # sent once, whatever runs later
    return message
