from django.utils import timezone
from django_tasks import task

from .mail import deliver
from .renditions import produce_renditions


@task()
def send_outbox_email(email_id):
    # The row is the source of truth: a task that runs twice sends once, and a task left over
    # from an earlier attempt (the email is not due: a newer attempt scheduled the next) does
    # not try again out of turn.
    return deliver(email_id=email_id, due_before=timezone.now())


@task()
def generate_renditions(image_ids):
    # Idempotent: a task that runs twice (or after a visit made some) only adds what is missing.
    return produce_renditions(image_ids=image_ids)
