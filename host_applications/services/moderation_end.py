"""A moderation ended outside its steps: staff withdraw the candidature or send it back to
screening, or Wagtail cancels the workflow by itself; and a moderation starts again only for a
candidature still standing. Never left in nobody's queue."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..models import ApplicationStatus, HostApplication
from .base import DecisionRefused, _lock_edition
from .moderation import _end_workflow
from .notifications import _email_applicant


class EndChoice:
    WITHDRAW = "withdraw"
    RESCREEN = "rescreen"


def can_end_moderation(*, application, user):
    """Staff who handle candidatures (Communications, the committee) may stop a moderation
    under way, whoever started it (Wagtail lets only the requester or the step's group)."""
    return bool(
        user.is_active
        and (user.is_superuser or user.has_perm("host_applications.change_hostapplication"))
        and application.status in ApplicationStatus.open_states()
        and application.current_workflow_state is not None
    )


def end_moderation(*, application, user, choice, comment=""):
    """Staff stop a moderation: the candidature is withdrawn by staff (the institution is told)
    or sent back to screening; never left in nobody's queue."""
    with transaction.atomic():
        _lock_edition(application.edition)  # as every decision: a selection may close it
        application = HostApplication.objects.select_related("edition").get(pk=application.pk)
        if not can_end_moderation(application=application, user=user):
            raise DecisionRefused(
                _("This candidature is not being moderated: nothing was changed.")
            )
        if choice == EndChoice.WITHDRAW:
            application.status = ApplicationStatus.WITHDRAWN_BY_STAFF
            application.withdrawn_at = timezone.now()
            application.save(update_fields=["status", "withdrawn_at"])
            _end_workflow(application, user=user)
            log(
                instance=application,
                action="host_applications.staff_withdraw",
                user=user,
                data={"comment": comment},
            )
            _email_applicant(application, "withdrawn_by_staff", comment=comment)
        elif choice == EndChoice.RESCREEN:
            _end_workflow(application, user=user)
            log(
                instance=application,
                action="host_applications.rescreen",
                user=user,
                data={"comment": comment},
            )
            application.get_workflow().start(application, user)  # status: RECEIVED
        else:
            raise ValueError(choice)
    application.refresh_from_db()
    return application


def record_workflow_cancelled(*, workflow_state, user=None):
    """Wagtail cancelled a moderation by itself (e.g. a workflow deactivated): the
    candidature is stated withdrawn by staff rather than left in nobody's queue."""
    application = workflow_state.content_object
    if not isinstance(application, HostApplication):
        return
    if application.status not in ApplicationStatus.open_states():
        return  # the institution withdrew it, or a decision already closed it
    application.status = ApplicationStatus.WITHDRAWN_BY_STAFF
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["status", "withdrawn_at"])
    log(instance=application, action="host_applications.staff_withdraw", user=user, data={})


def can_resubmit(*, application):
    """Moderation starts only for a candidature still standing: never a decided one."""
    return application.status in ApplicationStatus.open_states()
