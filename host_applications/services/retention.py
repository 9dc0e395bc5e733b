"""Retention (Law 25): a candidature not selected is erased once its edition ended more than
the retention delay ago, everywhere its personal data was copied (files, revisions, comments,
log entries, sent emails)."""

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision, TaskState

from home.models import OutboxEmail

from ..models import ApplicationStatus, HostApplication, Review, Score
from .attachments import _delete_files

# What retention erases: who the contact is and what they wrote in their own words.
PERSONAL_FIELDS = [
    "address",
    "postal_code",
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_phone",
    "dates_note",
    "accessibility_details",
    "local_partners",
    "motivation",
]


def edition_end(edition):
    return edition.end_date or edition.start_date or date(edition.year, 12, 31)


def purgeable(*, today=None):
    """Candidatures not selected whose edition ended more than the retention delay ago."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.HOST_APPLICATION_RETENTION_DAYS)
    candidates = (
        HostApplication.objects.filter(personal_data_purged_at__isnull=True)
        .exclude(status=ApplicationStatus.SELECTED)
        .select_related("edition")
    )
    return [application for application in candidates if edition_end(application.edition) < cutoff]


def purge_application(*, application):
    """Erase a candidature's personal data everywhere we copied it; returns files removed."""
    with transaction.atomic():
        email = application.contact_email
        files = list(application.files.all())
        names = [attachment.file.name for attachment in files]
        application.files.all().delete()
        # Once the rows are gone for good: a rollback must not leave rows without their files.
        transaction.on_commit(lambda: _delete_files(names))
        for name in PERSONAL_FIELDS:
            setattr(application, name, "")
        application.token_hash = f"purged:{application.pk}:{secrets.token_hex(16)}"
        application.token_salt = ""
        application.personal_data_purged_at = timezone.now()
        application.save()
        # Revisions are snapshots of the form: overwrite them with the erased version.
        Revision.objects.filter(pk__in=application.revisions.values("pk")).update(
            content=application.serializable_data()
        )
        TaskState.objects.for_instance(application).update(comment="")
        for entry in ModelLogEntry.objects.for_instance(application):
            if entry.data:
                entry.data = {key: value for key, value in entry.data.items() if key != "comment"}
                if "workflow" in entry.data and isinstance(entry.data["workflow"], dict):
                    entry.data["workflow"].pop("comment", None)
                entry.save(update_fields=["data"])
        Review.objects.filter(application=application).update(comment="")
        Score.objects.filter(review__application=application).update(comment="")
        if email:
            OutboxEmail.objects.filter(to__iexact=email).exclude(sent_at__isnull=True).delete()
    return len(files)


def purge_personal_data(*, today=None, dry_run=False):
    """Returns [(reference, files removed)] for every candidature purged (or to purge)."""
    report = []
    for application in purgeable(today=today):
        removed = (
            application.files.count() if dry_run else purge_application(application=application)
        )
        report.append((application.reference, removed))
    return report
