from django_tasks import task

from .services import send_session_reminders


@task()
def send_session_reminders_task():
    # For a worker-side scheduler; cron runs `manage.py send_session_reminders` instead.
    return send_session_reminders()
