"""Emails to the institution, each carrying its private link."""

from django.conf import settings

from home.mail import queue_templated_email

from .tokens import edit_url, status_url, token_of


def _email_applicant(application, kind, *, token=None, comment=""):
    # Every email carries the private link, so the institution can always see where its
    # candidature stands.
    token = token or token_of(application)
    context = {
        "application": application,
        "edition": application.edition,
        "comment": comment,
        "status_url": status_url(application=application, token=token) if token else "",
        "edit_url": edit_url(application=application, token=token) if token else "",
        "retention_days": settings.HOST_APPLICATION_RETENTION_DAYS,
    }
    queue_templated_email(
        to=application.contact_email,
        template=f"host_applications/emails/{kind}",
        context=context,
        language=application.language,
    )
