"""Wagtail's moderation notifications, sent through our outbox.

Wagtail sends them inline, inside the request that changed the workflow: an SMTP error
there would break a public submission. These notifiers render the same templates and
queue each message in the outbox instead, so it goes out after commit and is retried.
"""

from django.template.loader import render_to_string
from django.utils.translation import override
from wagtail.admin import mail as wagtail_mail
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from .formatting import typography
from .mail import one_line, queue_email


class OutboxEmailMixin:
    def send_emails(self, template_set, context, recipients, **kwargs):
        for recipient in recipients:
            context["user"] = recipient
            with override(recipient.wagtail_userprofile.get_preferred_language()):
                subject = typography(one_line(render_to_string(template_set["subject"], context)))
                body = typography(render_to_string(template_set["text"], context).strip())
            queue_email(to=recipient.email, subject=subject, body=body)
        return True


class TaskSubmitted(OutboxEmailMixin, wagtail_mail.GroupApprovalTaskStateSubmissionEmailNotifier):
    pass


class WorkflowSubmitted(OutboxEmailMixin, wagtail_mail.WorkflowStateSubmissionEmailNotifier):
    pass


class WorkflowRejected(OutboxEmailMixin, wagtail_mail.WorkflowStateRejectionEmailNotifier):
    pass


class WorkflowApproved(OutboxEmailMixin, wagtail_mail.WorkflowStateApprovalEmailNotifier):
    pass


# (signal, sender, Wagtail's dispatch_uid, our notifier)
NOTIFIERS = [
    (task_submitted, TaskState, "group_approval_task_submitted_email_notification", TaskSubmitted),
    (
        workflow_submitted,
        WorkflowState,
        "workflow_state_submitted_email_notification",
        WorkflowSubmitted,
    ),
    (
        workflow_rejected,
        WorkflowState,
        "workflow_state_rejected_email_notification",
        WorkflowRejected,
    ),
    (
        workflow_approved,
        WorkflowState,
        "workflow_state_approved_email_notification",
        WorkflowApproved,
    ),
]


def connect():
    # Same dispatch_uid as Wagtail's receivers: whichever app is ready first, only ours stays
    # (we disconnect Wagtail's if it is there; Wagtail's later connect is then a no-op).
    for signal, sender, dispatch_uid, notifier in NOTIFIERS:
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
        signal.connect(notifier(), sender=sender, dispatch_uid=dispatch_uid, weak=False)
