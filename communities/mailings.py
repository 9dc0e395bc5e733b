"""Writing to a community's participants from the admin: who receives it, what each person
reads (their name and private link filled in), and the record kept in the community's
history. Sent through the outbox, one email per person, after the transaction commits.
"""

from dataclasses import dataclass

from django.db import models, transaction
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log
from wagtail.models import PageLogEntry

from home.mail import queue_templated_email

from . import services
from .models import Registration, RegistrationState


class Audience(models.TextChoices):
    CONFIRMED = "confirmed", gettext_lazy("Confirmed participants")
    OFFERED = "offered", gettext_lazy("Offered a seat, not yet confirmed")
    WAITLISTED = "waitlisted", gettext_lazy("On the waitlist")
    ALL = "all", gettext_lazy("Everyone registered (waiting for the draw included)")


AUDIENCE_STATES = {
    Audience.CONFIRMED: [RegistrationState.CONFIRMED],
    Audience.OFFERED: [RegistrationState.SELECTED],
    Audience.WAITLISTED: [RegistrationState.WAITLISTED],
    Audience.ALL: RegistrationState.active(),
}

# What staff may write in the text, in French or in English: each becomes the recipient's.
PLACEHOLDERS = {
    "name": ("{nom}", "{name}"),
    "link": ("{lien}", "{link}"),
}


def recipients(*, community, audience):
    """The registrations the message goes to, in a stable order."""
    community = services.source_community(community=community)
    return (
        Registration.objects.filter(
            community=community,
            state__in=AUDIENCE_STATES[Audience(audience)],
            personal_data_purged_at__isnull=True,
        )
        .select_related("community")
        .order_by("name", "pk")
    )


def fill(text, *, name, link):
    """The text with the placeholders replaced (plain replacement: braces typed for
    another reason stay as they are)."""
    for key, replacement in (("name", name), ("link", link)):
        for token in PLACEHOLDERS[key]:
            text = text.replace(token, replacement)
    return text


@dataclass
class Message:
    """One person's copy of a message."""

    registration: Registration
    subject: str
    body: str
    link: str


def personal_copy(*, registration, subject, body):
    link = services.registration_url(
        registration=registration, token=services.token_of(registration)
    )
    return Message(
        registration=registration,
        subject=fill(subject, name=registration.name, link=link),
        body=fill(body, name=registration.name, link=link),
        link=link,
    )


@dataclass
class Preview:
    count: int
    example: Message | None
    names: list


def preview(*, community, audience, subject, body):
    """How many will receive it, who, and what the first of them will read."""
    people = list(recipients(community=community, audience=audience))
    example = personal_copy(registration=people[0], subject=subject, body=body) if people else None
    return Preview(count=len(people), example=example, names=[r.name for r in people])


def send(*, community, audience, subject, body, by):
    """Queue one email per recipient and record the message in the community's history.

    Returns how many were queued (none leaves before the transaction commits)."""
    community = services.source_community(community=community)
    with transaction.atomic():
        people = list(recipients(community=community, audience=audience))
        for registration in people:
            copy = personal_copy(registration=registration, subject=subject, body=body)
            queue_templated_email(
                to=registration.email,
                template="communities/emails/staff_message",
                context={
                    "subject": copy.subject,
                    "body": copy.body,
                    "status_url": copy.link,
                    "community": services.localized_community(
                        community=community, language=registration.language
                    ),
                },
                language=registration.language,
                reply_to=community.contact_email,
            )
        # The history keeps what was written (placeholders unfilled) and how many: not who.
        log(
            instance=community,
            action="communities.message",
            user=by,
            data={
                "audience": str(audience),
                "subject": subject,
                "body": body,
                "recipients": len(people),
            },
        )
    return len(people)


def sent_messages(*, community, limit=20):
    """The latest messages written to this community's participants, newest first."""
    return list(
        PageLogEntry.objects.filter(page=community, action="communities.message")
        .select_related("user")
        .order_by("-timestamp", "-pk")[:limit]
    )
