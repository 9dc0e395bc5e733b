"""Private links: the secret of each registration, never stored, and the URLs it opens."""

import base64

from django.utils.crypto import salted_hmac

from home.private_links import hash_token
from home.services import page_url

from ..models import CALENDAR_FILE, Registration
from .base import localized_community


def private_token(*, salt):
    """The private link's secret: an HMAC of the registration's salt with SECRET_KEY.

    It can be written into every email without being stored; rotating SECRET_KEY retires
    every link.
    """
    digest = salted_hmac("communities.registration", salt, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_of(registration):
    return private_token(salt=registration.token_salt)


def find_by_token(*, community, token):
    """The registration this private link opens on this community page, or None."""
    return (
        Registration.objects.filter(
            token_hash=hash_token(token),
            community__translation_key=community.translation_key,
            personal_data_purged_at__isnull=True,
        )
        .select_related("community")
        .first()
    )


def _private_page_url(page, token):
    return page_url(page) + page.reverse_subpage("registration", kwargs={"token": token})


def registration_url(*, registration, token):
    page = localized_community(community=registration.community, language=registration.language)
    return _private_page_url(page, token)


def personal_calendar_url(*, registration, token):
    page = localized_community(community=registration.community, language=registration.language)
    return _private_page_url(page, token) + page.in_own_language(CALENDAR_FILE)
