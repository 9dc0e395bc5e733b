"""What happened to a candidature: each moderation step's outcome for staff, and the dated
timeline the institution sees, with only the comments written to it."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy
from wagtail.models import ModelLogEntry, TaskState

from ..models import ApplicationStatus
from .base import _workflow_tasks


def task_outcomes(*, application):
    """Each moderation step with what was done at it, in the words of the action taken.

    Wagtail stores "request changes" and our final "reject" both as a rejected step: the
    final one is the step that closed the candidature (finished when it was decided).
    """
    states = list(
        TaskState.objects.for_instance(application)
        .select_related("task", "finished_by")
        .order_by("started_at", "pk")
    )
    labels = {
        TaskState.STATUS_APPROVED: gettext_lazy("Approved"),
        TaskState.STATUS_IN_PROGRESS: gettext_lazy("In progress"),
        TaskState.STATUS_CANCELLED: gettext_lazy("Cancelled"),
        TaskState.STATUS_SKIPPED: gettext_lazy("Skipped"),
    }
    outcomes = []
    for state in states:
        if state.status == TaskState.STATUS_REJECTED:
            declined = (
                application.decided_at is not None
                and state.finished_at == application.decided_at
                and application.status == ApplicationStatus.REJECTED
            )
            label = (
                gettext_lazy("Candidature rejected")
                if declined
                else gettext_lazy("Changes requested")
            )
        else:
            label = labels.get(state.status, state.get_status_display())
        outcomes.append((state, label))
    return outcomes


@dataclass
class TimelineStep:
    date: datetime
    label: str
    comment: str = ""
    kind: str = "info"


@dataclass
class Timeline:
    steps: list = field(default_factory=list)


def applicant_timeline(*, application):
    """The dated steps of a candidature, with the comments meant for the institution.

    Screening notes stay internal; comments that ask for changes, refuse or select are
    written to the institution.
    """
    steps = [TimelineStep(application.submitted_at, gettext_lazy("Candidature received"))]
    task_states = list(
        TaskState.objects.for_instance(application)
        .select_related("task", "workflow_state")
        .order_by("started_at", "pk")
    )
    final_task_ids = set()
    for workflow_state in {state.workflow_state for state in task_states}:
        tasks = _workflow_tasks(workflow_state)
        if tasks:
            final_task_ids.add(tasks[-1].pk)
    waiting_for_changes = False
    for state in task_states:
        if waiting_for_changes:
            steps.append(TimelineStep(state.started_at, gettext_lazy("Changes received")))
            waiting_for_changes = False
        if not state.finished_at:
            continue
        if state.status == TaskState.STATUS_APPROVED:
            if state.task_id in final_task_ids:
                steps.append(
                    TimelineStep(
                        state.finished_at,
                        gettext_lazy("Candidature selected"),
                        state.comment,
                        "success",
                    )
                )
            else:
                steps.append(TimelineStep(state.finished_at, gettext_lazy("Screening completed")))
        elif state.status == TaskState.STATUS_REJECTED:
            if (
                application.status == ApplicationStatus.REJECTED
                and state.finished_at == application.decided_at
            ):
                steps.append(
                    TimelineStep(
                        state.finished_at,
                        gettext_lazy("Candidature not selected"),
                        state.comment,
                        "error",
                    )
                )
            else:
                steps.append(
                    TimelineStep(
                        state.finished_at,
                        gettext_lazy("Changes requested"),
                        state.comment,
                        "warning",
                    )
                )
                waiting_for_changes = True
    decisions = {
        "host_applications.unselect": (gettext_lazy("Selection taken back"), "warning"),
        "host_applications.replaced": (gettext_lazy("Another host chosen instead"), "error"),
        "host_applications.host_chosen": (gettext_lazy("A host has been chosen"), "error"),
        "host_applications.staff_withdraw": (gettext_lazy("Withdrawn by our team"), "warning"),
    }
    for entry in ModelLogEntry.objects.for_instance(application).filter(action__in=list(decisions)):
        label, kind = decisions[entry.action]
        steps.append(
            TimelineStep(entry.timestamp, label, (entry.data or {}).get("comment", ""), kind)
        )
    if application.withdrawn_at and application.status == ApplicationStatus.WITHDRAWN:
        steps.append(TimelineStep(application.withdrawn_at, gettext_lazy("Candidature withdrawn")))
    return sorted(steps, key=lambda step: step.date)
