"""Emails to a registered person, each carrying their private link."""

from django.conf import settings

from home.mail import queue_templated_email
from home.services import page_url

from .base import localized_community
from .tokens import personal_calendar_url, registration_url, token_of


def _email(registration, kind, *, extra=None, attachments=()):
    community = registration.community
    page = localized_community(community=community, language=registration.language)
    context = {
        "registration": registration,
        "community": page,
        # Every email carries the private link: that is where the person acts on it.
        "status_url": registration_url(registration=registration, token=token_of(registration)),
        "calendar_url": personal_calendar_url(
            registration=registration, token=token_of(registration)
        ),
        "page_url": page_url(page),
        "sessions": list(page.get_sessions()),
        "retention_days": settings.COMMUNITY_RETENTION_DAYS,
        **(extra or {}),
    }
    queue_templated_email(
        to=registration.email,
        template=f"communities/emails/{kind}",
        context=context,
        language=registration.language,
        reply_to=community.contact_email,
        attachments=attachments,
    )


def notify(*, registration, kind, extra=None):
    """Queue the email `communities/emails/<kind>` to the person, with their private link."""
    _email(registration, kind, extra=extra)
