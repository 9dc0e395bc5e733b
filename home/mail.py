"""Outgoing email through an outbox: queue inside the transaction, send after commit.

`queue_email` renders the message in the recipient's language and stores it with the
change it belongs to; the `send_outbox_email` task sends it once the transaction has
committed. A failure is recorded and retried later (by the task queue when it can defer,
otherwise by `manage.py send_queued_emails`), never raised into the request.
"""

import contextlib
import logging
import re
import time
from datetime import timedelta
from email.utils import parseaddr
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .formatting import typography
from .identity import organisation_name
from .models import OutboxEmail

logger = logging.getLogger(__name__)

# What a database that went away raises (psycopg and SQLite alike).
DATABASE_DOWN = (OperationalError, InterfaceError)

# Line breaks and ordinary spaces only: str.split() would also collapse the non-breaking
# spaces of French typography (« Inscription : … », « 16 h 30 »).
_BREAKABLE_SPACE = re.compile(r"[ \t\r\n\f\v]+")


def one_line(subject):
    """A subject on one line, its non-breaking spaces kept."""
    return _BREAKABLE_SPACE.sub(" ", subject).strip(" ")


def render_email(*, template, context, language):
    """Subject and body from `<template>_subject.txt` and `<template>.txt`, in French with
    its typography (text typed by staff included); every email is signed with the
    organisation's name (`home/emails/signature.txt`)."""
    context = {"organisation_name": organisation_name(), **context}
    with translation.override(language):
        subject = typography(one_line(render_to_string(f"{template}_subject.txt", context)))
        body = typography(render_to_string(f"{template}.txt", context).strip()) + "\n"
    return subject, body


def queue_email(*, to, subject, body, reply_to="", attachments=()):
    """Store an email and send it once the current transaction commits.

    attachments: (filename, text content, mimetype) triples.
    """
    email = OutboxEmail.objects.create(
        to=to,
        subject=subject[:255],
        body=body,
        reply_to=reply_to,
        attachments=[
            {"filename": name, "content": content, "mimetype": mimetype}
            for name, content, mimetype in attachments
        ],
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(partial(_enqueue, email.pk))
    return email


def queue_templated_email(*, to, template, context, language, reply_to="", attachments=()):
    subject, body = render_email(template=template, context=context, language=language)
    return queue_email(
        to=to, subject=subject, body=body, reply_to=reply_to, attachments=attachments
    )


def _enqueue(email_id, *, run_after=None):
    from .tasks import send_outbox_email  # noqa: PLC0415 (home.tasks imports this module)

    task = send_outbox_email
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # `send_queued_emails` (cron) will pick it up
        task = task.using(run_after=run_after)
    try:
        task.enqueue(email_id)
    except Exception:  # the queue being down must not fail the request: the row waits
        logger.exception("Could not enqueue outgoing email %s", email_id)


def retry_delay(attempts):
    """1, 2, 4, 8… minutes, at most six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def deliver(*, email_id, due_before=None):
    """Send one queued email. Returns True when it is (or already was) sent, False when the
    attempt failed, None when it was not tried: not due before ``due_before`` (another
    attempt, more recent, has scheduled the next one), or being sent by another worker.

    The attempt is claimed in a committed write before the mail server is called, and its
    outcome written after: no transaction stays open while the mail server answers, and a
    database lost between the two is waited out (``_record``) rather than taken for a
    failure, which would send the email again. Only a worker that dies in that moment
    leaves a claim behind; it lapses after OUTBOX_LOST_AFTER_SECONDS and the email is sent
    again (at least once: a receipt twice is better than none)."""
    claimed_at = timezone.now()
    claimable = OutboxEmail.objects.filter(pk=email_id, sent_at__isnull=True).filter(
        Q(sending_since__isnull=True) | Q(sending_since__lt=claimed_at - _claim_lifetime())
    )
    if due_before is not None:
        claimable = claimable.filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=due_before)
        )
    if not claimable.update(sending_since=claimed_at):
        row = OutboxEmail.objects.filter(pk=email_id).values("sent_at").first()
        if row is None:
            return False
        return True if row["sent_at"] is not None else None
    patience = time.monotonic() + _claim_lifetime().total_seconds() * 0.8
    email = OutboxEmail.objects.get(pk=email_id)
    message = EmailMessage(
        subject=email.subject,
        body=email.body,
        to=[email.to],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers={"Auto-Submitted": "auto-generated", "Message-ID": message_id(email)},
    )
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    try:
        message.send()
    except Exception as error:  # any mailer failure: record it and try again later
        attempts = email.attempts + 1
        last_error = f"{type(error).__name__}: {error}"[:2000]
        next_attempt_at = timezone.now() + retry_delay(attempts)
        _record(
            email_id,
            claimed_at=claimed_at,
            patience=patience,
            attempts=attempts,
            last_error=last_error,
            next_attempt_at=next_attempt_at,
        )
        logger.warning("Email %s to %s failed (%s)", email.pk, email.to, last_error)
        if attempts < settings.OUTBOX_MAX_ATTEMPTS:
            transaction.on_commit(partial(_enqueue, email.pk, run_after=next_attempt_at))
        return False
    _record(
        email_id,
        claimed_at=claimed_at,
        patience=patience,
        attempts=email.attempts + 1,
        sent_at=timezone.now(),
        last_error="",
    )
    return True


def message_id(email):
    """The same Message-ID at every attempt: should an email go out twice, mail clients show
    it once."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<outbox.{email.pk}.{email.created_at:%Y%m%d%H%M%S}@{domain}>"


def _claim_lifetime():
    return timedelta(seconds=settings.OUTBOX_LOST_AFTER_SECONDS)


def _record(email_id, *, claimed_at, patience, **outcome):
    """Write an attempt's outcome and release its claim. The mail server has answered
    already, so a database that is away is waited for (1, 2, 4… seconds), as long as the
    claim protects the email from a second sender (``patience``, a monotonic time)."""
    rows = OutboxEmail.objects.filter(pk=email_id, sending_since=claimed_at)
    connection = transaction.get_connection(rows.db)
    delay = 1
    while True:
        try:
            with transaction.atomic(using=rows.db):  # a savepoint in a caller's transaction
                updated = rows.update(sending_since=None, **outcome)
        except DATABASE_DOWN as error:
            if time.monotonic() + delay > patience:
                raise  # the claim lapses: the email is sent again (at least once)
            logger.warning(
                "Database unavailable (%s) recording email %s; trying again in %d s",
                error,
                email_id,
                delay,
            )
            if not connection.in_atomic_block:  # a dead connection is replaced at the next query
                with contextlib.suppress(Exception):  # closing it may fail too
                    connection.close()
            time.sleep(delay)
            delay = min(delay * 2, 8)
            continue
        if not updated:
            logger.warning("Email %s: its claim lapsed before its outcome was written", email_id)
        return


def pending_emails(*, now=None, include_not_due=False):
    queryset = OutboxEmail.objects.filter(
        sent_at__isnull=True, attempts__lt=settings.OUTBOX_MAX_ATTEMPTS
    )
    if not include_not_due:
        queryset = queryset.filter(next_attempt_at__lte=now or timezone.now())
    return queryset


def send_pending(*, now=None, include_not_due=False):
    """Try every email that is due. Returns (sent, failed)."""
    sent = failed = 0
    ids = list(
        pending_emails(now=now, include_not_due=include_not_due).values_list("pk", flat=True)
    )
    for email_id in ids:
        outcome = deliver(email_id=email_id)
        if outcome:
            sent += 1
        elif outcome is False:
            failed += 1
    return sent, failed


def send_lost(*, now=None):
    """Try the emails whose task was lost, once each: still unsent OUTBOX_LOST_AFTER_SECONDS
    after they were due (a worker killed in the middle of one, a queue that refused the
    enqueue, a database outage under the worker). The task worker runs this regularly
    (``home/management/commands/db_worker.py``). An email whose task is only late is not
    tried twice: ``deliver`` skips it once an attempt has rescheduled it.
    Returns (sent, failed)."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.OUTBOX_LOST_AFTER_SECONDS)
    sent = failed = 0
    for email_id in list(pending_emails(now=cutoff).values_list("pk", flat=True)):
        outcome = deliver(email_id=email_id, due_before=cutoff)
        if outcome:
            sent += 1
        elif outcome is False:
            failed += 1
    return sent, failed
