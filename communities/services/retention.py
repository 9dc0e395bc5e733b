"""Retention (Law 25): registrations of communities long over lose their personal data."""

import datetime
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from home.models import OutboxEmail

from ..models import CommunityPage, Registration

# What retention erases: who the person is and what they wrote in their own words.
PERSONAL_FIELDS = ["name", "email", "organisation", "project", "colleagues"]


def community_end(community):
    sessions = list(community.sessions.all())
    if sessions:
        return max(session.date for session in sessions)
    return timezone.localdate(community.registration_closes_at)


def purgeable(*, today=None):
    """Registrations of communities over for more than the retention delay."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.COMMUNITY_RETENTION_DAYS)
    communities = (
        CommunityPage.objects.filter(
            locale=Locale.get_default(),
            registrations__personal_data_purged_at__isnull=True,
        )
        .distinct()
        .prefetch_related("sessions")
    )
    over = [community.pk for community in communities if community_end(community) < cutoff]
    return Registration.objects.filter(
        community_id__in=over, personal_data_purged_at__isnull=True
    ).select_related("community")


def purge_registration(*, registration):
    """Erase a registration's personal data, and the emails we kept for it."""
    with transaction.atomic():
        email = registration.email
        for name in PERSONAL_FIELDS:
            setattr(registration, name, "")
        registration.token_salt = ""
        registration.token_hash = f"purged:{registration.pk}:{secrets.token_hex(16)}"
        registration.personal_data_purged_at = timezone.now()
        registration.save()
        if (
            email
            and not Registration.objects.filter(
                email__iexact=email, personal_data_purged_at__isnull=True
            ).exists()
        ):
            # Sent or not, they carry the name and the private link.
            OutboxEmail.objects.filter(to__iexact=email).delete()


def purge_personal_data(*, today=None, dry_run=False):
    """Returns [(community title, registrations purged)]."""
    report = {}
    for registration in purgeable(today=today):
        if not dry_run:
            purge_registration(registration=registration)
        title = registration.community.title
        report[title] = report.get(title, 0) + 1
    return sorted(report.items())
