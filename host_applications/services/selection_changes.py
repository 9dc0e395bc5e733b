"""The committee taking its choice back: undoing a selection (the candidature returns to the
committee's queue) or choosing another candidature of the edition instead. Only the committee
may, and both institutions are told."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import TaskState, WorkflowState

from colloque.models import EditionPage

from ..models import ApplicationStatus, HostApplication
from .base import DecisionRefused, _lock_edition
from .moderation import _edition_versions, _end_workflow, _set_host, select_application
from .notifications import _email_applicant


def can_change_selection(*, user):
    """The committee decides who hosts, so only it may take a decision back."""
    return user.is_active and (
        user.is_superuser or user.has_perm("host_applications.publish_hostapplication")
    )


def replacements_for(*, application):
    """The candidatures of the same edition that could host instead of the selected one."""
    return (
        HostApplication.objects.filter(
            edition_id=application.edition_id,
            status__in=[*ApplicationStatus.open_states(), ApplicationStatus.REJECTED],
            personal_data_purged_at__isnull=True,
        )
        .exclude(pk=application.pk)
        .order_by("number")
    )


def _unselect(application, *, user):
    """The candidature stops being the host: not live, and the edition names no host."""
    if application.status != ApplicationStatus.SELECTED:
        raise DecisionRefused(
            _("%(reference)s is not the selected candidature: nothing was changed.")
            % {"reference": application.reference}
        )
    if application.live:
        application.unpublish(user=user, log_action=False)
    edition = EditionPage.objects.get(pk=application.edition_id)
    for page in _edition_versions(edition):
        _set_host(page, application=None, user=user)


def undo_selection(*, application, user, comment):
    """The committee takes its choice back: no host, and the candidature awaits its decision.

    A new moderation starts directly at the committee's step (screening was done), so the
    candidature is in the committee's queue again; the institution is told why.
    """
    with transaction.atomic():
        _lock_edition(application.edition)
        application = HostApplication.objects.get(pk=application.pk)
        _unselect(application, user=user)
        application.decided_at = None
        application.status = ApplicationStatus.SCREENED
        application.save(update_fields=["status", "decided_at"])
        log(
            instance=application,
            action="host_applications.unselect",
            user=user,
            data={"comment": comment},
        )
        _start_at_committee(application, user=user)
        _email_applicant(application, "selection_undone", comment=comment)
    return application


def _start_at_committee(application, *, user):
    workflow = application.get_workflow()
    tasks = (
        list(workflow.tasks.filter(active=True).order_by("workflow_tasks__sort_order"))
        if workflow
        else []
    )
    if not tasks:
        return None
    state = WorkflowState.objects.create(
        content_type=application.get_content_type(),
        base_content_type=application.get_base_content_type(),
        object_id=str(application.pk),
        workflow=workflow,
        status=WorkflowState.STATUS_IN_PROGRESS,
        requested_by=user,
    )
    # Screening was done in the earlier moderation: recorded as skipped here, so Wagtail's
    # next step after the committee's is the end of the workflow, not screening.
    for task in tasks[:-1]:
        TaskState.objects.create(
            workflow_state=state,
            revision=application.get_latest_revision(),
            task=task,
            status=TaskState.STATUS_SKIPPED,
            finished_at=timezone.now(),
            finished_by=user,
        )
    state.update(user=user, next_task=tasks[-1])
    return state


def replace_selection(*, application, replacement, user, comment):
    """Another candidature of the edition hosts instead; both institutions are told."""
    if replacement.edition_id != application.edition_id or replacement.pk == application.pk:
        raise DecisionRefused(_("Choose another candidature for the same edition."))
    with transaction.atomic():
        _lock_edition(application.edition)
        application = HostApplication.objects.get(pk=application.pk)
        replacement = HostApplication.objects.select_related("edition").get(pk=replacement.pk)
        if not replacements_for(application=application).filter(pk=replacement.pk).exists():
            raise DecisionRefused(
                _("%(reference)s can no longer host this edition: nothing was changed.")
                % {"reference": replacement.reference}
            )
        _unselect(application, user=user)
        application.status = ApplicationStatus.REJECTED
        application.decided_at = timezone.now()
        application.save(update_fields=["status", "decided_at"])
        log(
            instance=application,
            action="host_applications.replaced",
            user=user,
            data={"comment": comment, "replacement": replacement.reference},
        )
        _email_applicant(application, "selection_replaced", comment=comment)

        _end_workflow(replacement, user=user)
        _mark_live(replacement, user=user)
        log(
            instance=replacement,
            action="host_applications.select_instead",
            user=user,
            data={"comment": comment, "replaced": application.reference},
        )
        select_application(application=replacement, user=user, comment=comment)
    return replacement


def _mark_live(application, *, user):
    """ "Published" means "selected": the latest revision goes live, without the signal that
    would select it a second time with the last approval's comment."""
    revision = application.latest_revision or application.save_revision(user=user, log_action=False)
    application.live = True
    application.has_unpublished_changes = False
    application.live_revision = revision
    application.last_published_at = timezone.now()
    application.first_published_at = application.first_published_at or timezone.now()
    application.save(
        update_fields=[
            "live",
            "has_unpublished_changes",
            "live_revision",
            "last_published_at",
            "first_published_at",
        ]
    )
