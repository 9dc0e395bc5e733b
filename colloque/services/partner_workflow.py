"""Partners' approval (workflow "Partenaires"): each partner's state, proposing, approving
and sending back, and the admin's list of every partner with its state."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Exists, OuterRef, Prefetch
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import WorkflowState


class PartnerState(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft, not yet proposed")
    AWAITING = "awaiting", gettext_lazy("Awaiting approval")
    SENT_BACK = "sent-back", gettext_lazy("Sent back for changes")
    APPROVED = "approved", gettext_lazy("Approved")
    APPROVED_WITH_DRAFT = "approved-draft", gettext_lazy("Approved, with unproposed changes")
    APPROVED_CHANGES_SENT_BACK = "approved-sent-back", gettext_lazy("Approved, changes sent back")


def _workflow_states(queryset, status):
    return Exists(
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(queryset.model),
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
            status=status,
        )
    )


def with_partner_state(queryset):
    """Annotate ``in_moderation`` (a workflow is under way) and ``sent_back`` (the committee
    asked for changes) in the same query."""
    return queryset.annotate(
        in_moderation=_workflow_states(queryset, WorkflowState.STATUS_IN_PROGRESS),
        sent_back=_workflow_states(queryset, WorkflowState.STATUS_NEEDS_CHANGES),
    )


def partner_state(*, partner):
    in_moderation = getattr(partner, "in_moderation", None)
    sent_back = getattr(partner, "sent_back", None)
    if in_moderation is None or sent_back is None:
        current = partner.current_workflow_state
        status = current.status if current else None
        in_moderation = status == WorkflowState.STATUS_IN_PROGRESS
        sent_back = status == WorkflowState.STATUS_NEEDS_CHANGES
    if in_moderation:
        return PartnerState.AWAITING
    if sent_back:
        return PartnerState.APPROVED_CHANGES_SENT_BACK if partner.live else PartnerState.SENT_BACK
    if not partner.live:
        return PartnerState.DRAFT
    if partner.has_unpublished_changes:
        return PartnerState.APPROVED_WITH_DRAFT
    return PartnerState.APPROVED


def filter_by_partner_state(queryset, state):
    queryset = with_partner_state(queryset)
    if state == PartnerState.AWAITING:
        return queryset.filter(in_moderation=True)
    queryset = queryset.filter(in_moderation=False)
    if state == PartnerState.SENT_BACK:
        return queryset.filter(sent_back=True, live=False)
    if state == PartnerState.APPROVED_CHANGES_SENT_BACK:
        return queryset.filter(sent_back=True, live=True)
    queryset = queryset.filter(sent_back=False)
    if state == PartnerState.DRAFT:
        return queryset.filter(live=False)
    if state == PartnerState.APPROVED_WITH_DRAFT:
        return queryset.filter(live=True, has_unpublished_changes=True)
    if state == PartnerState.APPROVED:
        return queryset.filter(live=True, has_unpublished_changes=False)
    return queryset


class PartnerProblem(Exception):
    pass


def propose_partner(*, partner, user):
    """Send the partner as it stands (new, or an approved one with changes) to the committee.

    The approved version stays public until the committee approves this one.
    """
    if partner.pk and partner.workflow_in_progress:
        raise PartnerProblem(_("This partner is already awaiting approval."))
    if partner.pk is None:
        partner.live = False
        partner.save()
    elif not partner.live:
        partner.save()
    # An approved row is left as it is: the proposal lives in the revision.
    partner.save_revision(user=user)
    sent_back = partner.current_workflow_state
    if sent_back is not None and sent_back.status == sent_back.STATUS_NEEDS_CHANGES:
        # Sent back for changes: the same workflow resumes (a second one may not start).
        sent_back.resume(user)
        return sent_back
    workflow = partner.get_workflow()
    if workflow is None:
        raise PartnerProblem(_("No approval workflow is set up for partners."))
    return workflow.start(partner, user)


def _decide(partner, *, user, action, comment):
    partner.refresh_from_db()
    task_state = partner.current_workflow_task_state
    if task_state is None:
        raise PartnerProblem(_("This partner is not awaiting approval."))
    task_state.task.specific.on_action(task_state, user, action, comment=comment)
    partner.refresh_from_db()
    return partner


def approve_partner(*, partner, user, comment=""):
    return _decide(partner, user=user, action="approve", comment=comment)


def reject_partner(*, partner, user, comment=""):
    return _decide(partner, user=user, action="reject", comment=comment)


def partners_for_admin():
    """Every partner with its state and editions, in a constant number of queries."""
    from ..models import EditionPartner, Partner  # noqa: PLC0415 (colloque.models imports this module)

    return with_partner_state(
        Partner.objects.select_related("locale").prefetch_related(
            Prefetch(
                "edition_listings",
                queryset=EditionPartner.objects.select_related("edition"),
            )
        )
    ).order_by("name", "locale_id")
