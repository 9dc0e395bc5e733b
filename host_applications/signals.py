from wagtail.models import TaskState, WorkflowState
from wagtail.signals import published, task_submitted, workflow_rejected

from . import services
from .models import HostApplication


def _task_submitted(sender, instance, **kwargs):
    services.record_task_started(task_state=instance)


def _workflow_rejected(sender, instance, **kwargs):
    services.record_changes_requested(workflow_state=instance)


def _published(sender, instance, **kwargs):
    services.select_application(application=instance)


def connect():
    task_submitted.connect(_task_submitted, sender=TaskState, dispatch_uid="host-application-task")
    workflow_rejected.connect(
        _workflow_rejected, sender=WorkflowState, dispatch_uid="host-application-changes"
    )
    published.connect(_published, sender=HostApplication, dispatch_uid="host-application-selected")
