"""Moderation's decisions: the candidature's state kept in step with its workflow, requests
for changes, the final "no", and the selection (one host per edition, which closes the call
and the edition's other candidatures). A decision locks the edition, then its step, so two
moderators never both decide."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import TaskState, WorkflowState

from colloque.models import EditionPage, EditionStatus

from ..models import ApplicationStatus, HostApplication
from .base import AlreadyDecided, SelectionRefused, _lock_edition, _workflow_tasks
from .notifications import _email_applicant


def is_final_task(*, task_state):
    tasks = _workflow_tasks(task_state.workflow_state)
    return bool(tasks) and tasks[-1].pk == task_state.task_id


def selection_problem(*, application):
    """Why this candidature cannot be selected, or None."""
    other = (
        HostApplication.objects.filter(
            edition_id=application.edition_id, status=ApplicationStatus.SELECTED
        )
        .exclude(pk=application.pk)
        .first()
    )
    if other is not None:
        return _(
            "%(edition)s already has a host: %(reference)s (%(institution)s). "
            "Reject this candidature or withdraw the other selection first."
        ) % {
            "edition": application.edition.title,
            "reference": other.reference,
            "institution": other.institution_name,
        }
    return None


def lock_task_state(*, task_state):
    """The step, locked until the transaction ends, if it still waits for a decision.

    Two moderators acting at the same moment would otherwise both see the step in progress
    and both decide (two approvals, or an approval and a rejection). The second one waits
    for the first to commit, then is told. Call inside a transaction.
    """
    locked = TaskState.objects.select_for_update().filter(pk=task_state.pk).first()
    if locked is None or locked.status != TaskState.STATUS_IN_PROGRESS:
        raise AlreadyDecided(
            _(
                "Another reviewer has just acted on this candidature at this step: "
                "nothing was changed. Its current state is shown below."
            )
        )
    return locked.specific


def lock_for_decision(*, task_state, action_name):
    """Lock what a decision on this step changes, always in the same order; return the step.

    The edition first (a selection closes the edition's other candidatures, so it writes
    their steps), then the step itself. Taking the step first would let two approvals of two
    candidatures each hold their own step while waiting for the edition: a deadlock. Call
    inside a transaction.
    """
    application = task_state.workflow_state.content_object
    if isinstance(application, HostApplication):
        _lock_edition(application.edition)  # another candidature's decision waits for ours
        if action_name == "approve" and is_final_task(task_state=task_state):
            problem = selection_problem(application=application)
            if problem:
                raise SelectionRefused(problem)
    return lock_task_state(task_state=task_state)


def record_task_started(*, task_state):
    """Keep the candidature's state in step with the workflow (first step = screening)."""
    application = task_state.workflow_state.content_object
    if not isinstance(application, HostApplication):
        return
    tasks = _workflow_tasks(task_state.workflow_state)
    first = not tasks or tasks[0].pk == task_state.task_id
    application.status = ApplicationStatus.RECEIVED if first else ApplicationStatus.SCREENED
    application.save(update_fields=["status"])


def record_changes_requested(*, workflow_state):
    application = workflow_state.content_object
    if not isinstance(application, HostApplication):
        return
    application.status = ApplicationStatus.CHANGES_REQUESTED
    application.save(update_fields=["status"])
    comment = workflow_state.current_task_state.comment
    _email_applicant(application, "changes_requested", comment=comment)


def decline_application(*, task_state, user, comment=""):
    """The final "no": the step is rejected, moderation ends, the institution is told."""
    application = task_state.workflow_state.content_object
    now = timezone.now()
    with transaction.atomic():
        task_state.status = TaskState.STATUS_REJECTED
        task_state.finished_at = now
        task_state.finished_by = user
        task_state.comment = comment
        task_state.save()
        workflow_state = task_state.workflow_state
        workflow_state.status = WorkflowState.STATUS_CANCELLED
        workflow_state.save()
        application.status = ApplicationStatus.REJECTED
        application.decided_at = now
        application.save(update_fields=["status", "decided_at"])
        log(
            instance=application,
            action="host_applications.decline",
            user=user,
            revision=task_state.revision,
            data={"comment": comment, "task": task_state.task.name},
        )
        _email_applicant(application, "rejected", comment=comment)


def _last_approval(application):
    return (
        TaskState.objects.for_instance(application)
        .filter(status=TaskState.STATUS_APPROVED)
        .select_related("finished_by")
        .order_by("-finished_at", "-pk")
        .first()
    )


def select_application(*, application, user=None, comment=None):
    """The candidature becomes the edition's host; the call closes and the others are told.

    Called after the committee's approval published it (the comment and the user are then
    the approval's), or by ``replace_selection`` with its own.
    """
    problem = selection_problem(application=application)
    if problem:
        raise SelectionRefused(problem)
    if comment is None:
        approval = _last_approval(application)
        user = approval.finished_by if approval else user
        comment = approval.comment if approval else ""
    with transaction.atomic():
        application.status = ApplicationStatus.SELECTED
        application.decided_at = timezone.now()
        application.save(update_fields=["status", "decided_at"])
        edition = EditionPage.objects.get(pk=application.edition_id)
        for page in _edition_versions(edition):
            _set_host(page, application=application, user=user)
        _email_applicant(application, "selected", comment=comment)
        _close_the_others(application, user=user)


def _edition_versions(edition):
    return [
        edition,
        *EditionPage.objects.filter(translation_key=edition.translation_key).exclude(pk=edition.pk),
    ]


def _close_the_others(selected, *, user):
    """A host is chosen: every candidature still open for the edition is closed, and told."""
    others = HostApplication.objects.filter(
        edition_id=selected.edition_id, status__in=ApplicationStatus.open_states()
    ).exclude(pk=selected.pk)
    now = timezone.now()
    for other in others.select_related("edition"):
        other.status = ApplicationStatus.REJECTED
        other.decided_at = now
        other.save(update_fields=["status", "decided_at"])
        _end_workflow(other, user=user)
        log(
            instance=other,
            action="host_applications.host_chosen",
            user=user,
            data={"selected": selected.reference},
        )
        _email_applicant(other, "host_chosen")


def _end_workflow(application, *, user):
    """Stop moderation without Wagtail's ``workflow_cancelled`` (which means "withdrawn").

    The steps still under way are cancelled, as ``WorkflowState.cancel`` would; the
    candidature's state has already been decided by the caller.
    """
    workflow_state = application.current_workflow_state
    if workflow_state is None:
        return
    now = timezone.now()
    workflow_state.task_states.filter(status=TaskState.STATUS_IN_PROGRESS).update(
        status=TaskState.STATUS_CANCELLED, finished_at=now, finished_by=user
    )
    workflow_state.status = WorkflowState.STATUS_CANCELLED
    workflow_state.save(update_fields=["status"])


def _set_host(page, *, application, user):
    """Name the host on the live edition (or no host: None), and on a pending draft too."""
    if application is not None:
        changes = {"host_institution": application.institution_name}
        if page.status == EditionStatus.LOOKING_FOR_HOST:
            changes["status"] = EditionStatus.IN_PREPARATION
    else:
        changes = {"host_institution": ""}
        if page.status == EditionStatus.IN_PREPARATION:
            changes["status"] = EditionStatus.LOOKING_FOR_HOST
    draft = page.get_latest_revision_as_object() if page.has_unpublished_changes else None
    for name, value in changes.items():
        setattr(page, name, value)
    if page.live:
        page.save_revision(user=user, log_action=True).publish(
            user=user, skip_permission_checks=True
        )
    else:
        page.save(update_fields=list(changes))
    if draft is not None:
        for name, value in changes.items():
            setattr(draft, name, value)
        draft.save_revision(user=user, log_action=True)
