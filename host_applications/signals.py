from wagtail.models import TaskState, WorkflowState
from wagtail.signals import published, task_submitted, workflow_cancelled, workflow_rejected

from colloque.models import EditionPage
from colloque.next_edition import next_edition_created

from . import next_call, services
from .models import HostApplication


def _task_submitted(sender, instance, **kwargs):
    services.record_task_started(task_state=instance)


def _workflow_rejected(sender, instance, **kwargs):
    services.record_changes_requested(workflow_state=instance)


def _workflow_cancelled(sender, instance, user=None, **kwargs):
    services.record_workflow_cancelled(workflow_state=instance, user=user)


def _published(sender, instance, **kwargs):
    services.select_application(application=instance)


def _next_edition_created(sender, source, edition, shift, user=None, **kwargs):
    next_call.open_next_call(source=source, edition=edition, shift=shift, user=user)


def connect():
    next_edition_created.connect(
        _next_edition_created, sender=EditionPage, dispatch_uid="host-application-next-call"
    )
    task_submitted.connect(_task_submitted, sender=TaskState, dispatch_uid="host-application-task")
    workflow_rejected.connect(
        _workflow_rejected, sender=WorkflowState, dispatch_uid="host-application-changes"
    )
    workflow_cancelled.connect(
        _workflow_cancelled, sender=WorkflowState, dispatch_uid="host-application-cancelled"
    )
    published.connect(_published, sender=HostApplication, dispatch_uid="host-application-selected")
