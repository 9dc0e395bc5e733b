"""Attached files: written to the private storage with their rows (a rollback deletes what it
wrote), served to staff under our own names with each opening logged, and swept once no row
owns them."""

import contextlib
import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from home.backup import storage_files

from ..models import ATTACHMENTS_FOLDER, ApplicationFile, attachment_name

logger = logging.getLogger(__name__)


def attachment_storage():
    # The field's own storage: the one its rows name files in.
    return ApplicationFile._meta.get_field("file").storage


@contextlib.contextmanager
def atomic_with_files():
    """A transaction, yielding a list for the names of the files written in it: if the
    transaction rolls back, they are deleted, so a database failure mid-submission leaves no
    file that no row owns (retention, erasure and export would never find it).

    When the commit itself fails, whether it happened cannot be known here: the files stay,
    and the retention purge deletes them later if no row names them (``orphan_files``).
    """
    written = []
    committing = False
    try:
        with transaction.atomic():
            yield written
            committing = True
    except BaseException:
        if committing:
            logger.warning(
                "Commit failed with %d attachments written: left to the purge's sweep", len(written)
            )
        else:
            storage = attachment_storage()
            for name in written:
                try:
                    storage.delete(name)
                except Exception:  # the rollback's own error matters more
                    logger.exception("Could not delete attachment %s after a rollback", name)
        raise


def _delete_files(names):
    storage = attachment_storage()
    for name in names:
        storage.delete(name)


def _save_files(application, files, *, written=None):
    """Write each upload, then its row; ``written`` (from ``atomic_with_files``) collects the
    names, so a rollback removes them. Written before the row: an INSERT that fails then
    still has its file's name noted."""
    storage = attachment_storage()
    for upload in files:
        name = storage.save(attachment_name(edition_id=application.edition_id), upload)
        if written is not None:
            written.append(name)
        ApplicationFile.objects.create(
            application=application,
            file=name,
            original_name=upload.name[:255],
            size=upload.size,
        )


def download_name(*, attachment):
    """The name staff download a file under: ours, never the sender's (which may be hostile)."""
    return f"{attachment.application.reference}-{attachment.pk}.pdf"


def record_file_access(*, attachment, user):
    """Who opened which file of which candidature, and when: Law 25 asks us to know."""
    log(
        instance=attachment.application,
        action="host_applications.file_viewed",
        user=user,
        data={"file_id": attachment.pk, "filename": download_name(attachment=attachment)},
    )


def remove_file(*, application, file_id):
    """Applicants making changes may drop a file they sent."""
    attachment = application.files.filter(pk=file_id).first()
    if attachment is not None:
        name = attachment.file.name
        attachment.delete()
        # The row first: a file without a row is swept later, a row without its file is not.
        transaction.on_commit(lambda: _delete_files([name]))


# A submission writes its files a moment before its rows commit: files younger than this
# are never taken for strays.
ORPHAN_GRACE = timedelta(hours=1)


def orphan_files(*, now=None):
    """Attachments in the private storage that no row names, older than ORPHAN_GRACE: left
    by a commit that failed, a process killed mid-submission, or a restore of older rows."""
    now = now or timezone.now()
    storage = attachment_storage()
    names = list(storage_files(storage, ATTACHMENTS_FOLDER))
    # Read after listing: a row committed meanwhile is seen, so its file is kept.
    owned = set(ApplicationFile.objects.values_list("file", flat=True))
    orphans = []
    for name in names:
        if name in owned:
            continue
        try:
            modified = storage.get_modified_time(name)
        except (NotImplementedError, OSError):
            continue  # no age to go by: kept, rather than risk a submission in progress
        if now - modified >= ORPHAN_GRACE:
            orphans.append(name)
    return orphans


def sweep_orphan_files(*, now=None, dry_run=False):
    """Delete the attachments no row owns (see orphan_files); returns their names."""
    orphans = orphan_files(now=now)
    if not dry_run:
        storage = attachment_storage()
        for name in orphans:
            storage.delete(name)
    return orphans
