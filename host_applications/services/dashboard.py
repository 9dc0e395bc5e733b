"""The admin dashboard's figures: candidatures per state, and those waiting on a step the
user may act on."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from wagtail.models import TaskState, WorkflowState

from ..models import ApplicationStatus, HostApplication


def counts_by_status(*, call):
    counts = dict(
        HostApplication.objects.filter(call=call)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [(status, counts.get(status.value, 0)) for status in ApplicationStatus]


def awaiting(*, user):
    """Candidatures on a step this user may act on."""
    content_type = ContentType.objects.get_for_model(HostApplication)
    states = TaskState.objects.reviewable_by(user).filter(
        workflow_state__base_content_type=content_type,
        workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
    )
    ids = states.values_list("workflow_state__object_id", flat=True)
    return HostApplication.objects.filter(pk__in=[int(pk) for pk in ids]).select_related("edition")
