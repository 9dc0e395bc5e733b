"""Private links: the secret derived from each candidature's salt (only its hash is stored),
the candidature a link opens, and the links' addresses in the applicant's language."""

import base64

from django.utils.crypto import salted_hmac

from home.private_links import hash_token
from home.services import page_url

from ..models import HostApplication
from .base import localized_call


def private_token(*, salt):
    """The private link's secret: an HMAC of the candidature's salt with SECRET_KEY.

    Every email can carry it without it being stored; rotating SECRET_KEY retires every link.
    """
    digest = salted_hmac("host_applications.application", salt, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_of(application):
    """The candidature's private token, or None for one made before tokens were derived."""
    return private_token(salt=application.token_salt) if application.token_salt else None


def find_by_token(*, call, token):
    """The candidature this private link opens on this call page, or None."""
    return (
        HostApplication.objects.filter(
            token_hash=hash_token(token),
            call__translation_key=call.translation_key,
            personal_data_purged_at__isnull=True,
        )
        .select_related("call", "edition")
        .first()
    )


def status_url(*, application, token):
    call = localized_call(call=application.call, language=application.language)
    return page_url(call) + call.reverse_subpage("status", kwargs={"token": token})


def edit_url(*, application, token):
    call = localized_call(call=application.call, language=application.language)
    return page_url(call) + call.reverse_subpage("edit", kwargs={"token": token})
