"""Rules for host candidatures: the call's window, submission, moderation, retention.

Views, signal receivers, the admin and the demo call these functions; none of them
decides anything about a candidature on its own.
"""

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, FloatField, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log
from wagtail.models import Locale, ModelLogEntry, Revision, TaskState, WorkflowState

from caching import changes_at
from home.mail import queue_templated_email
from home.private_links import hash_token
from home.services import default_language_version, live_translation

from .models import ApplicationFile, ApplicationStatus, HostApplication, Review, Score

# Fields the institution fills in, in the public form and when it makes changes.
APPLICANT_FIELDS = [
    "institution_name",
    "institution_type",
    "region",
    "address",
    "town",
    "postal_code",
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_phone",
    "proposed_start_date",
    "proposed_end_date",
    "dates_note",
    "plenary_capacity",
    "workshop_rooms",
    "accessibility",
    "accessibility_details",
    "catering",
    "technical_equipment",
    "accommodation_transport",
    "local_partners",
    "motivation",
]
# What retention erases: who the contact is and what they wrote in their own words.
PERSONAL_FIELDS = [
    "address",
    "postal_code",
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_phone",
    "dates_note",
    "accessibility_details",
    "local_partners",
    "motivation",
]


class DecisionRefused(Exception):
    """A moderation action that cannot be taken; its message is for the moderator."""


class SelectionRefused(DecisionRefused):
    """An approval that would break a rule (one host per edition)."""


class AlreadyDecided(DecisionRefused):
    """Another moderator acted on the same step first."""


# The call's window -------------------------------------------------------------------


@dataclass
class CallWindow:
    state: str  # "upcoming", "open" or "closed"
    opens_at: datetime
    closes_at: datetime

    @property
    def is_open(self):
        return self.state == "open"


def call_window(*, call, now=None):
    now = now or timezone.now()
    changes_at(call.opens_at, call.closes_at)  # the page shows the form, or not, from then on
    if now < call.opens_at:
        state = "upcoming"
    elif now >= call.closes_at:
        state = "closed"
    else:
        state = "open"
    return CallWindow(state=state, opens_at=call.opens_at, closes_at=call.closes_at)


def source_call(*, call):
    """Candidatures belong to the call in the default language, whatever page received them."""
    return default_language_version(page=call)


def localized_call(*, call, language):
    """The live call page in a language, for links sent to the applicant."""
    return live_translation(page=call, language=language)


# Tokens and lookups ---------------------------------------------------------------------


def find_by_token(*, call, token):
    """The candidature this private link opens on this call page, or None."""
    return (
        HostApplication.objects.filter(
            token_hash=hash_token(token),
            call__translation_key=call.translation_key,
            personal_data_purged_at__isnull=True,
        )
        .select_related("call", "edition")
        .first()
    )


def _name_key(name):
    return " ".join(name.split()).casefold()


def find_duplicate(*, call, institution_name, contact_email):
    """Same institution, edition and email as a candidature still standing."""
    call = source_call(call=call)
    # Names are compared in Python: SQLite's lower() ignores accented capitals.
    candidates = HostApplication.objects.filter(
        edition_id=call.get_parent().pk, contact_email__iexact=contact_email.strip()
    ).exclude(status=ApplicationStatus.WITHDRAWN)
    key = _name_key(institution_name)
    return next((app for app in candidates if _name_key(app.institution_name) == key), None)


def status_url(*, application, token):
    call = localized_call(call=application.call, language=application.language)
    return call.full_url + call.reverse_subpage("status", kwargs={"token": token})


def edit_url(*, application, token):
    call = localized_call(call=application.call, language=application.language)
    return call.full_url + call.reverse_subpage("edit", kwargs={"token": token})


# Submission ----------------------------------------------------------------------------


def _next_number(edition_id):
    last = (
        HostApplication.objects.filter(edition_id=edition_id)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return (last or 0) + 1


def _lock_edition(edition):
    """Serialise what is decided per edition (numbering, its one host) until the transaction
    ends.

    A row lock on the edition on PostgreSQL: without it, concurrent submissions read the same
    last number and all but one fail on the unique constraint, and two committees' final
    approvals of two candidatures would both find no host yet. SQLite starts write
    transactions IMMEDIATE (see settings), which serialises them already.
    """
    from colloque.models import EditionPage

    queryset = EditionPage.objects.filter(pk=edition.pk)
    if connection.features.has_select_for_update:
        if connection.features.has_select_for_update_of:
            queryset = queryset.select_for_update(of=("self",))
        else:
            queryset = queryset.select_for_update()
    queryset.values_list("pk", flat=True).get()


def _save_files(application, files):
    for upload in files:
        ApplicationFile.objects.create(
            application=application,
            file=upload,
            original_name=upload.name[:255],
            size=upload.size,
        )


def submit_application(*, call, data, files, language):
    """Save a public candidature, start its moderation and queue the applicant's receipt.

    Returns (application, token). The token is shown once and emailed; only its hash is kept.
    """
    call = source_call(call=call)
    edition = call.get_parent().specific
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        _lock_edition(edition)
        number = _next_number(edition.pk)
        application = HostApplication.objects.create(
            call=call,
            edition=edition,
            number=number,
            reference=f"CAND-{edition.year}-{number:03d}",
            token_hash=hash_token(token),
            language=language,
            status=ApplicationStatus.RECEIVED,
            submitted_at=now,
            consented_at=now,
            live=False,
            **{name: data[name] for name in APPLICANT_FIELDS},
        )
        _save_files(application, files)
        revision = application.save_revision(user=None, log_action=False)
        log(instance=application, action="host_applications.submit", revision=revision)
        application.get_workflow().start(application, None)
        _email_applicant(application, "received", token=token)
    return application, token


def resend_link(*, application):
    """A second submission of the same candidature: a new private link goes to its address.

    The link is not shown on screen: whoever knows an institution's name and email must not
    be able to read or withdraw its candidature.
    """
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        application.token_hash = hash_token(token)
        application.save(update_fields=["token_hash"])
        _email_applicant(application, "link_resent", token=token)
    return token


def can_edit(*, application):
    workflow_state = application.current_workflow_state
    return bool(workflow_state and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES)


def can_withdraw(*, application):
    return application.status in ApplicationStatus.open_states()


def resubmit_application(*, application, data, files):
    """The institution's changes: a new revision, and the workflow resumes where it stopped."""
    if not can_edit(application=application):
        raise ValueError("This candidature is not waiting for changes.")
    with transaction.atomic():
        for name in APPLICANT_FIELDS:
            setattr(application, name, data[name])
        application.save()
        _save_files(application, files)
        revision = application.save_revision(user=None, log_action=False)
        log(instance=application, action="host_applications.resubmit", revision=revision)
        application.current_workflow_state.resume(user=None)
        _email_applicant(application, "resubmitted")
    return application


def withdraw_application(*, application):
    if not can_withdraw(application=application):
        raise ValueError("This candidature can no longer be withdrawn.")
    with transaction.atomic():
        workflow_state = application.current_workflow_state
        if workflow_state is not None:
            workflow_state.cancel(user=None)
        application.status = ApplicationStatus.WITHDRAWN
        application.withdrawn_at = timezone.now()
        application.save(update_fields=["status", "withdrawn_at"])
        log(instance=application, action="host_applications.withdraw")
        _email_applicant(application, "withdrawn")
    return application


def download_name(*, attachment):
    """The name staff download a file under: ours, never the sender's (which may be hostile)."""
    return f"{attachment.application.reference}-{attachment.pk}.pdf"


def record_file_access(*, attachment, user):
    """Who opened which file of which candidature, and when: Law 25 asks us to know."""
    log(
        instance=attachment.application,
        action="host_applications.file_viewed",
        user=user,
        data={"file_id": attachment.pk, "filename": download_name(attachment=attachment)},
    )


def remove_file(*, application, file_id):
    """Applicants making changes may drop a file they sent."""
    attachment = application.files.filter(pk=file_id).first()
    if attachment is not None:
        attachment.file.delete(save=False)
        attachment.delete()


# Moderation ----------------------------------------------------------------------------


def _workflow_tasks(workflow_state):
    return list(
        workflow_state.workflow.tasks.filter(active=True).order_by("workflow_tasks__sort_order")
    )


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


def check_approval(*, task_state):
    """Called before an approval: the last step's approval selects the candidature."""
    application = task_state.workflow_state.content_object
    if isinstance(application, HostApplication) and is_final_task(task_state=task_state):
        _lock_edition(application.edition)  # another candidature's approval waits for ours
        problem = selection_problem(application=application)
        if problem:
            raise SelectionRefused(problem)


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


def select_application(*, application):
    """After the committee's approval published it: the candidature becomes the edition's host."""
    from colloque.models import EditionPage

    problem = selection_problem(application=application)
    if problem:
        raise SelectionRefused(problem)
    approval = _last_approval(application)
    user = approval.finished_by if approval else None
    with transaction.atomic():
        application.status = ApplicationStatus.SELECTED
        application.decided_at = timezone.now()
        application.save(update_fields=["status", "decided_at"])
        edition = EditionPage.objects.get(pk=application.edition_id)
        for page in [
            edition,
            *EditionPage.objects.filter(translation_key=edition.translation_key).exclude(
                pk=edition.pk
            ),
        ]:
            _set_host(page, application=application, user=user)
        _email_applicant(application, "selected", comment=approval.comment if approval else "")


def _set_host(page, *, application, user):
    """Name the host on the live edition, and on a pending draft so it is not lost."""
    from colloque.models import EditionStatus

    changes = {"host_institution": application.institution_name}
    if page.status == EditionStatus.LOOKING_FOR_HOST:
        changes["status"] = EditionStatus.IN_PREPARATION
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


# Reviews -------------------------------------------------------------------------------


def criteria_for(*, application):
    return list(application.call.criteria.all())


def save_review(*, application, reviewer, scores, comment=""):
    """scores: {criterion_id: (score 1–5, comment)} for the call's criteria."""
    criteria = {criterion.pk: criterion for criterion in criteria_for(application=application)}
    unknown = set(scores) - set(criteria)
    if unknown:
        raise ValueError(f"Unknown criteria: {sorted(unknown)}")
    with transaction.atomic():
        review, _created = Review.objects.update_or_create(
            application=application, reviewer=reviewer, defaults={"comment": comment}
        )
        for criterion_id, (score, score_comment) in scores.items():
            Score.objects.update_or_create(
                review=review,
                criterion_id=criterion_id,
                defaults={"score": score, "comment": score_comment},
            )
        log(instance=application, action="host_applications.review", user=reviewer)
    return review


def with_scores(queryset):
    """Annotate weighted_score (1–5, weighted by the criteria) and review_count."""
    scores = Score.objects.filter(review__application=OuterRef("pk")).values("review__application")
    return queryset.annotate(
        score_total=Subquery(
            scores.annotate(total=Sum(F("score") * F("criterion__weight"))).values("total")[:1],
            output_field=IntegerField(),
        ),
        weight_total=Subquery(
            scores.annotate(total=Sum("criterion__weight")).values("total")[:1],
            output_field=IntegerField(),
        ),
        review_count=Coalesce(
            Subquery(
                Review.objects.filter(application=OuterRef("pk"))
                .values("application")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        ),
    ).annotate(weighted_score=Cast("score_total", FloatField()) / F("weight_total"))


def weighted_score(*, application):
    annotated = with_scores(HostApplication.objects.filter(pk=application.pk)).first()
    return annotated.weighted_score if annotated else None


# What the applicant sees ---------------------------------------------------------------


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
    if application.withdrawn_at:
        steps.append(TimelineStep(application.withdrawn_at, gettext_lazy("Candidature withdrawn")))
    return sorted(steps, key=lambda step: step.date)


# Notifications -------------------------------------------------------------------------


def _email_applicant(application, kind, *, token=None, comment=""):
    context = {
        "application": application,
        "edition": application.edition,
        "comment": comment,
        "status_url": status_url(application=application, token=token) if token else "",
        "edit_url": edit_url(application=application, token=token) if token else "",
        "retention_days": settings.HOST_APPLICATION_RETENTION_DAYS,
    }
    queue_templated_email(
        to=application.contact_email,
        template=f"host_applications/emails/{kind}",
        context=context,
        language=application.language,
    )


# Dashboard -----------------------------------------------------------------------------


def current_call(*, now=None):
    """The call in the default language whose window is open, else the one that closed last."""
    from .models import HostCallPage

    now = now or timezone.now()
    calls = HostCallPage.objects.live().filter(locale=Locale.get_default())
    return (
        calls.filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at").first()
        or calls.filter(closes_at__lte=now).order_by("-closes_at").first()
        or calls.order_by("opens_at").first()
    )


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
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(HostApplication)
    states = TaskState.objects.reviewable_by(user).filter(
        workflow_state__base_content_type=content_type,
        workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
    )
    ids = states.values_list("workflow_state__object_id", flat=True)
    return HostApplication.objects.filter(pk__in=[int(pk) for pk in ids]).select_related("edition")


# Retention (Law 25) ------------------------------------------------------------------


def edition_end(edition):
    return edition.end_date or edition.start_date or date(edition.year, 12, 31)


def purgeable(*, today=None):
    """Candidatures not selected whose edition ended more than the retention delay ago."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.HOST_APPLICATION_RETENTION_DAYS)
    candidates = (
        HostApplication.objects.filter(personal_data_purged_at__isnull=True)
        .exclude(status=ApplicationStatus.SELECTED)
        .select_related("edition")
    )
    return [application for application in candidates if edition_end(application.edition) < cutoff]


def purge_application(*, application):
    """Erase a candidature's personal data everywhere we copied it; returns files removed."""
    from home.models import OutboxEmail

    with transaction.atomic():
        email = application.contact_email
        files = list(application.files.all())
        for attachment in files:
            attachment.file.delete(save=False)
            attachment.delete()
        for name in PERSONAL_FIELDS:
            setattr(application, name, "")
        application.token_hash = f"purged:{application.pk}:{secrets.token_hex(16)}"
        application.personal_data_purged_at = timezone.now()
        application.save()
        # Revisions are snapshots of the form: overwrite them with the erased version.
        Revision.objects.filter(pk__in=application.revisions.values("pk")).update(
            content=application.serializable_data()
        )
        TaskState.objects.for_instance(application).update(comment="")
        for entry in ModelLogEntry.objects.for_instance(application):
            if entry.data:
                entry.data = {key: value for key, value in entry.data.items() if key != "comment"}
                if "workflow" in entry.data and isinstance(entry.data["workflow"], dict):
                    entry.data["workflow"].pop("comment", None)
                entry.save(update_fields=["data"])
        Review.objects.filter(application=application).update(comment="")
        Score.objects.filter(review__application=application).update(comment="")
        if email:
            OutboxEmail.objects.filter(to__iexact=email).exclude(sent_at__isnull=True).delete()
    return len(files)


def purge_personal_data(*, today=None, dry_run=False):
    """Returns [(reference, files removed)] for every candidature purged (or to purge)."""
    report = []
    for application in purgeable(today=today):
        removed = (
            application.files.count() if dry_run else purge_application(application=application)
        )
        report.append((application.reference, removed))
    return report


# Spam ----------------------------------------------------------------------------------


def within_rate_limit(*, ip):
    from home.ratelimit import hit

    return hit(scope="host-application", ident=ip, limit=settings.HOST_APPLICATION_RATE_LIMIT)
