"""The email outbox: written with the change, sent after commit, retried on failure."""

import smtplib

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from home.mail import deliver, message_id, queue_email, retry_delay, send_pending
from home.models import OutboxEmail

pytestmark = pytest.mark.django_db


class BrokenMailer:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "down")


def test_email_is_sent_only_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        email = queue_email(to="a@example.org", subject="Sujet", body="Corps")
        assert not mail.outbox
    assert len(callbacks) == 1
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 1
    assert mail.outbox[0].subject == "Sujet"
    assert mail.outbox[0].extra_headers["Auto-Submitted"] == "auto-generated"


def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                queue_email(to="a@example.org", subject="Sujet", body="Corps")
                raise RuntimeError
        except RuntimeError:
            pass
    assert not mail.outbox
    assert not OutboxEmail.objects.exists()


def test_failure_is_recorded_and_retried_later(settings):
    email = OutboxEmail.objects.create(to="a@example.org", subject="S", body="B")
    settings.MAILERS = {"default": {"BACKEND": "tests.home.test_outbox.BrokenMailer"}}
    assert deliver(email_id=email.pk) is False
    email.refresh_from_db()
    assert email.sent_at is None and email.attempts == 1 and "SMTPConnectError" in email.last_error
    assert email.next_attempt_at is not None
    assert send_pending() == (0, 0)  # not due yet
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    out = __import__("io").StringIO()
    call_command("send_queued_emails", "--all", stdout=out)
    email.refresh_from_db()
    assert email.sent_at is not None
    assert deliver(email_id=email.pk) is True  # sending twice sends once
    assert len(mail.outbox) == 1


def test_backoff_grows_and_is_capped():
    assert [retry_delay(n).total_seconds() / 60 for n in (1, 2, 3)] == [1, 2, 4]
    assert retry_delay(30).total_seconds() == 6 * 3600


def test_a_deferring_queue_retries_at_the_backoff_and_sends_once(
    settings, mail_server, django_capture_on_commit_callbacks
):
    """Production's path (a database queue that can defer): the failed send enqueues its own
    retry for the moment the backoff names; the worker running it then sends once."""
    from django_tasks import task_backends

    from home.tasks import send_outbox_email
    from tests.mail_server import clock_moved

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    queue = task_backends["default"]
    mail_server.down()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        email = queue_email(to="a@example.org", subject="Sujet", body="Corps")
    (first,) = queue.results
    assert first.task.run_after is None
    with django_capture_on_commit_callbacks(execute=True):  # the worker runs it: server down
        assert send_outbox_email.call(*first.args) is False

    email.refresh_from_db()
    assert email.attempts == 1 and "SMTPServerDisconnected" in email.last_error
    retries = [result for result in queue.results if result.task.run_after is not None]
    assert [result.task.run_after for result in retries] == [email.next_attempt_at]

    mail_server.up()
    with clock_moved(email.next_attempt_at - email.created_at):
        assert send_outbox_email.call(*retries[0].args) is True
        assert send_outbox_email.call(*retries[0].args) is True  # a duplicate run sends once
    assert [message.to for message in mail.outbox] == [["a@example.org"]]
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 2


def test_an_attempt_in_progress_is_not_sent_again_until_its_claim_lapses(settings):
    """A worker that is sending holds a claim; another worker (a duplicate task, the sweep)
    leaves the email alone. A worker that died while sending leaves its claim behind: once
    it lapses (OUTBOX_LOST_AFTER_SECONDS), the email is sent."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.mail_server import clock_moved

    email = OutboxEmail.objects.create(
        to="a@example.org", subject="S", body="B", sending_since=timezone.now()
    )
    assert deliver(email_id=email.pk) is None
    assert not mail.outbox
    with clock_moved(timedelta(seconds=settings.OUTBOX_LOST_AFTER_SECONDS + 1)):
        assert deliver(email_id=email.pk) is True
    email.refresh_from_db()
    assert email.sent_at is not None and email.sending_since is None and email.attempts == 1
    assert len(mail.outbox) == 1


def test_every_attempt_carries_the_same_message_id(settings):
    email = OutboxEmail.objects.create(to="a@example.org", subject="S", body="B")
    settings.MAILERS = {"default": {"BACKEND": "tests.home.test_outbox.BrokenMailer"}}
    assert deliver(email_id=email.pk) is False
    email.refresh_from_db()
    assert email.sending_since is None  # a failed attempt lets go of its claim
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert deliver(email_id=email.pk) is True
    (message,) = mail.outbox
    assert message.extra_headers["Message-ID"] == message_id(email)
    assert message_id(email).startswith(f"<outbox.{email.pk}.")


class MailerThenDatabaseLost:
    """Accepts the message, then the database stops answering for `outage` queries: the
    moment between the mail server's acceptance and the row marked sent."""

    outage = {"left": 0}

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        mail.outbox.extend(messages)
        self.outage["left"] = 3
        return len(messages)


def test_a_database_lost_after_sending_is_waited_out_and_the_email_not_sent_twice(settings):
    from unittest import mock

    from django.db import OperationalError, connection

    def database(execute, sql, params, many, context):
        # Writing the outcome fails three times, then the database is back.
        if MailerThenDatabaseLost.outage["left"] and sql.startswith("UPDATE"):
            MailerThenDatabaseLost.outage["left"] -= 1
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    email = OutboxEmail.objects.create(to="a@example.org", subject="S", body="B")
    settings.MAILERS = {"default": {"BACKEND": "tests.home.test_outbox.MailerThenDatabaseLost"}}
    with (
        mock.patch("home.mail.time.sleep") as sleep,
        connection.execute_wrapper(database),
    ):
        assert deliver(email_id=email.pk) is True
    assert [call.args[0] for call in sleep.call_args_list] == [1, 2, 4]
    email.refresh_from_db()
    assert email.sent_at is not None and email.sending_since is None and email.attempts == 1
    # The task that runs again (its worker saw the outage) finds the email sent.
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert deliver(email_id=email.pk) is True
    assert len(mail.outbox) == 1
