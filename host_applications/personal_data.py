"""Candidatures in a person's data on request (Québec Law 25), registered with the base
(``home.registry``): found by their contact's address, now or in an earlier version
(revisions keep copies of the form), with their files, the reviews and scores about them,
their moderation steps and log entries.

Erasure keeps a candidature, anonymised: its numbered reference, institution and scores are
the edition's record (and a selected one names the host); the contact, what they wrote, the
files, comments about them and every revision's copy are erased. One still under review is
withdrawn first (its workflow cancelled, nobody emailed).
"""

import posixpath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.models import ModelLogEntry, Revision, TaskState, WorkflowState

from home.personal_data import matches, moment, record
from home.registry import (
    PersonalDataSource,
    RetentionPurge,
    RetentionReport,
    register_personal_data,
    register_retention,
)

from .models import ApplicationStatus, HostApplication, Review
from .services import (
    APPLICANT_FIELDS,
    purge_application,
    purge_personal_data,
    sweep_orphan_files,
)


def find(wanted):
    by_row = {
        pk
        for pk, contact in HostApplication.objects.exclude(contact_email="").values_list(
            "pk", "contact_email"
        )
        if matches(contact, wanted)
    }
    by_revision = {
        int(object_id)
        for object_id, content in Revision.objects.filter(
            base_content_type=ContentType.objects.get_for_model(HostApplication)
        ).values_list("object_id", "content")
        if matches((content or {}).get("contact_email"), wanted)
    }
    return list(
        HostApplication.objects.filter(pk__in=by_row | by_revision)
        .select_related("edition", "call")
        .order_by("submitted_at", "pk")
    )


def counts(applications):
    return {
        "candidatures": len(applications),
        "files": sum(application.files.count() for application in applications),
        "reviews": Review.objects.filter(application__in=applications).count(),
        "revisions": sum(application.revisions.count() for application in applications),
    }


def attachment_path(application, attachment):
    """Where an attached file goes in the export (``fichiers/<reference>/...`` in French)."""
    return posixpath.join(
        _("files"), application.reference, f"{attachment.pk}-{attachment.original_name}"
    )


def files(application):
    return [
        (attachment_path(application, attachment), attachment.file)
        for attachment in application.files.all()
    ]


def export(application):
    shown = {
        _("Reference"): application.reference,
        _("Edition"): application.edition.title,
        **record(
            application,
            ["status", "submitted_at", "consented_at", "decided_at", "withdrawn_at", "language"],
        ),
        **record(application, APPLICANT_FIELDS),
    }
    shown[_("Attached files")] = [
        {
            _("File name"): attachment.original_name,
            _("Size"): attachment.size,
            _("Uploaded at"): moment(attachment.uploaded_at),
            _("In this export"): attachment_path(application, attachment),
        }
        for attachment in application.files.all()
    ]
    shown[_("Reviews")] = [
        {
            _("General comment"): review.comment,
            _("Scores"): [
                {
                    _("Criterion"): score.criterion.title,
                    _("Score out of 5"): score.score,
                    _("Comment"): score.comment,
                }
                for score in review.scores.select_related("criterion")
            ],
        }
        for review in application.reviews.prefetch_related("scores")
    ]
    shown[_("Moderation steps")] = [
        {
            _("Step"): state.task.name,
            _("State"): state.get_status_display(),
            _("Started at"): moment(state.started_at),
            _("Finished at"): moment(state.finished_at),
            _("Comment"): state.comment,
        }
        for state in TaskState.objects.for_instance(application)
        .select_related("task")
        .order_by("started_at", "pk")
    ]
    shown[_("History")] = [
        {_("Date"): moment(entry.timestamp), _("Action"): entry.action, _("Details"): entry.data}
        for entry in ModelLogEntry.objects.for_instance(application).order_by("timestamp", "pk")
    ]
    shown[_("Versions")] = [
        {
            _("Date"): moment(revision.created_at),
            **record(revision.as_object(), APPLICANT_FIELDS),
        }
        for revision in application.revisions.order_by("created_at", "pk")
    ]
    return shown


def _withdraw_quietly(application):
    """Moderation stops: nobody is left to write to, and nobody is emailed."""
    if application.status not in ApplicationStatus.open_states():
        return
    workflow_state = application.current_workflow_state
    if workflow_state is not None and workflow_state.status in (
        WorkflowState.STATUS_IN_PROGRESS,
        WorkflowState.STATUS_NEEDS_CHANGES,
    ):
        workflow_state.cancel(user=None)
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["status", "withdrawn_at"])


def erase(application):
    _withdraw_quietly(application)
    purge_application(application=application)


def sweep_orphans(*, dry_run=False):
    """Attached files no candidature owns: left by a submission whose transaction failed at
    its commit, or a process killed mid-submission. Personal data that retention, erasure
    and export would never find."""
    orphans = sweep_orphan_files(dry_run=dry_run)
    if not orphans:
        return RetentionReport(lines=[])
    line = ngettext(
        "%(count)d file without a candidature deleted.",
        "%(count)d files without a candidature deleted.",
        len(orphans),
    ) % {"count": len(orphans)}
    return RetentionReport(lines=[line])


def register():
    register_personal_data(
        PersonalDataSource(
            name="candidatures",
            label=gettext_lazy("Host candidatures"),
            find=find,
            export=export,
            erase=erase,
            counts=counts,
            labels={
                "files": gettext_lazy("Attached files"),
                "reviews": gettext_lazy("Reviews of these candidatures"),
                "revisions": gettext_lazy("Versions of these candidatures"),
            },
            files=files,
            order=10,
        )
    )
    register_retention(RetentionPurge(name="candidatures", run=purge_expired, order=10))
    register_retention(RetentionPurge(name="candidature-files", run=sweep_orphans, order=15))


def purge_expired(*, dry_run=False):
    """Candidatures not selected, once HOST_APPLICATION_RETENTION_DAYS have passed after
    their edition (``services.purge_personal_data``)."""
    report = purge_personal_data(dry_run=dry_run)
    lines = [
        ngettext(
            "%(reference)s: personal data erased, %(files)d file deleted",
            "%(reference)s: personal data erased, %(files)d files deleted",
            files,
        )
        % {"reference": reference, "files": files}
        for reference, files in report
    ]
    summary = ngettext(
        "%(count)d candidature purged (retention: %(days)d days after the edition).",
        "%(count)d candidatures purged (retention: %(days)d days after the edition).",
        len(report),
    ) % {"count": len(report), "days": settings.HOST_APPLICATION_RETENTION_DAYS}
    return RetentionReport(lines=lines, summary=summary, nothing=_("No candidature to purge."))
