from django_tasks import task

from .mail import deliver


@task()
def send_outbox_email(email_id):
    # The row is the source of truth: a task that runs twice sends once.
    return deliver(email_id=email_id)
