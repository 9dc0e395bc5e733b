"""Writing to the institutions that applied to host an edition, from the admin (the Comité
de sélection): who receives it, what each contact reads (their name, reference and private
link filled in), and the record kept in the edition's history and each candidature's.
Sent through the outbox, one email per candidature, after the transaction commits.
"""

from dataclasses import dataclass

from django.db import models, transaction
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log
from wagtail.models import PageLogEntry

from home.mail import queue_templated_email

from . import services
from .models import ApplicationStatus, HostApplication


class Audience(models.TextChoices):
    OPEN = "open", gettext_lazy("Candidatures under review")
    SELECTED = "selected", gettext_lazy("The selected candidature")
    NOT_SELECTED = "not-selected", gettext_lazy("Candidatures not selected")
    ALL = "all", gettext_lazy("Every candidature not withdrawn")


AUDIENCE_STATES = {
    Audience.OPEN: ApplicationStatus.open_states(),
    Audience.SELECTED: [ApplicationStatus.SELECTED],
    Audience.NOT_SELECTED: [ApplicationStatus.REJECTED],
    Audience.ALL: [
        *ApplicationStatus.open_states(),
        ApplicationStatus.SELECTED,
        ApplicationStatus.REJECTED,
    ],
}

PLACEHOLDERS = {
    "name": ("{nom}", "{name}"),
    "link": ("{lien}", "{link}"),
    "reference": ("{reference}", "{référence}"),
}


def can_write(*, user):
    return user.is_active and (
        user.is_superuser or user.has_perm("host_applications.message_hostapplication")
    )


def recipients(*, edition, audience):
    return (
        HostApplication.objects.filter(
            edition=edition,
            status__in=AUDIENCE_STATES[Audience(audience)],
            personal_data_purged_at__isnull=True,
        )
        .exclude(contact_email="")
        .select_related("call", "edition")
        .order_by("number", "pk")
    )


def fill(text, **values):
    for key, replacement in values.items():
        for token in PLACEHOLDERS[key]:
            text = text.replace(token, replacement)
    return text


@dataclass
class Message:
    application: HostApplication
    subject: str
    body: str
    link: str


def personal_copy(*, application, subject, body):
    token = services.token_of(application)
    link = services.status_url(application=application, token=token) if token else ""
    values = {"name": application.contact_name, "link": link, "reference": application.reference}
    return Message(
        application=application,
        subject=fill(subject, **values),
        body=fill(body, **values),
        link=link,
    )


@dataclass
class Preview:
    count: int
    example: Message | None
    names: list


def preview(*, edition, audience, subject, body):
    applications = list(recipients(edition=edition, audience=audience))
    example = (
        personal_copy(application=applications[0], subject=subject, body=body)
        if applications
        else None
    )
    return Preview(
        count=len(applications),
        example=example,
        names=[f"{a.reference} · {a.institution_name} ({a.contact_name})" for a in applications],
    )


def send(*, edition, audience, subject, body, by):
    """Queue one email per candidature; the edition's history and each candidature's keep
    the message. Returns how many were queued."""
    with transaction.atomic():
        applications = list(recipients(edition=edition, audience=audience))
        for application in applications:
            copy = personal_copy(application=application, subject=subject, body=body)
            queue_templated_email(
                to=application.contact_email,
                template="host_applications/emails/staff_message",
                context={
                    "subject": copy.subject,
                    "body": copy.body,
                    "status_url": copy.link,
                    "application": application,
                },
                language=application.language,
            )
            log(
                instance=application,
                action="host_applications.message",
                user=by,
                data={"subject": subject},
            )
        log(
            instance=edition,
            action="host_applications.message",
            user=by,
            data={
                "audience": str(audience),
                "subject": subject,
                "body": body,
                "recipients": len(applications),
            },
        )
    return len(applications)


def sent_messages(*, edition, limit=20):
    return list(
        PageLogEntry.objects.filter(page=edition, action="host_applications.message")
        .select_related("user")
        .order_by("-timestamp", "-pk")[:limit]
    )
