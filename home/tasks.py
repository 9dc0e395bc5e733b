from django_tasks import task

from .mail import deliver
from .renditions import produce_renditions


@task()
def send_outbox_email(email_id):
    # The row is the source of truth: a task that runs twice sends once.
    return deliver(email_id=email_id)


@task()
def generate_renditions(image_ids):
    # Idempotent: a task that runs twice (or after a visit made some) only adds what is missing.
    return produce_renditions(image_ids=image_ids)
