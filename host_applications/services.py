"""Rules for host candidatures: the call's window, submission, moderation, retention.

Views, signal receivers, the admin and the demo call these functions; none of them
decides anything about a candidature on its own.
"""

import base64
import contextlib
import logging
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import (
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log
from wagtail.models import Locale, ModelLogEntry, Revision, TaskState, WorkflowState

from caching import changes_at
from colloque.models import EditionPage, EditionStatus
from home.backup import storage_files
from home.mail import queue_templated_email
from home.models import OutboxEmail
from home.private_links import hash_token
from home.ratelimit import hit
from home.services import default_language_version, live_translation, page_url

from .models import (
    ATTACHMENTS_FOLDER,
    ApplicationFile,
    ApplicationStatus,
    HostApplication,
    HostCallPage,
    Review,
    Score,
    attachment_name,
)

logger = logging.getLogger(__name__)

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


class CallClosed(Exception):
    """A candidature arrived after the call closed (its window, or a host was chosen)."""


@dataclass
class CallWindow:
    state: str  # "upcoming", "open", "closed" or "host-chosen"
    opens_at: datetime
    closes_at: datetime

    @property
    def is_open(self):
        return self.state == "open"


def has_host(*, edition):
    """Whether a candidature is selected for the edition (in any of its languages)."""
    return HostApplication.objects.filter(
        edition__translation_key=edition.translation_key, status=ApplicationStatus.SELECTED
    ).exists()


def call_window(*, call, now=None):
    """Where the call stands. Choosing a host closes it, whatever its dates say.

    The edition is loaded here, so a cached call page depends on it: a selection (or its
    undoing) republishes the edition, and the page renders again.
    """
    now = now or timezone.now()
    changes_at(call.opens_at, call.closes_at)  # the page shows the form, or not, from then on
    if now < call.opens_at:
        state = "upcoming"
    elif has_host(edition=call.get_parent()):
        state = "host-chosen"
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
    ).exclude(status__in=ApplicationStatus.withdrawn_states())
    key = _name_key(institution_name)
    return next((app for app in candidates if _name_key(app.institution_name) == key), None)


def status_url(*, application, token):
    call = localized_call(call=application.call, language=application.language)
    return page_url(call) + call.reverse_subpage("status", kwargs={"token": token})


def edit_url(*, application, token):
    call = localized_call(call=application.call, language=application.language)
    return page_url(call) + call.reverse_subpage("edit", kwargs={"token": token})


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
    queryset = EditionPage.objects.filter(pk=edition.pk)
    if connection.features.has_select_for_update:
        if connection.features.has_select_for_update_of:
            queryset = queryset.select_for_update(of=("self",))
        else:
            queryset = queryset.select_for_update()
    queryset.values_list("pk", flat=True).get()


def attachment_storage():
    # The field's own storage: the one its rows name files in.
    return ApplicationFile._meta.get_field("file").storage


@contextlib.contextmanager
def atomic_with_files():
    """A transaction, yielding a list for the names of the files written in it: if the
    transaction rolls back, they are deleted, so a database failure mid-submission leaves no
    file that no row owns (retention, erasure and export would never find it).

    When the commit itself fails, whether it happened cannot be known here: the files stay,
    and the retention purge deletes them later if no row names them (``orphan_files``).
    """
    written = []
    committing = False
    try:
        with transaction.atomic():
            yield written
            committing = True
    except BaseException:
        if committing:
            logger.warning(
                "Commit failed with %d attachments written: left to the purge's sweep", len(written)
            )
        else:
            storage = attachment_storage()
            for name in written:
                try:
                    storage.delete(name)
                except Exception:  # the rollback's own error matters more
                    logger.exception("Could not delete attachment %s after a rollback", name)
        raise


def _delete_files(names):
    storage = attachment_storage()
    for name in names:
        storage.delete(name)


def _save_files(application, files, *, written=None):
    """Write each upload, then its row; ``written`` (from ``atomic_with_files``) collects the
    names, so a rollback removes them. Written before the row: an INSERT that fails then
    still has its file's name noted."""
    storage = attachment_storage()
    for upload in files:
        name = storage.save(attachment_name(edition_id=application.edition_id), upload)
        if written is not None:
            written.append(name)
        ApplicationFile.objects.create(
            application=application,
            file=name,
            original_name=upload.name[:255],
            size=upload.size,
        )


class AlreadyReceived(Exception):
    """The same institution and email already have a standing candidature for the edition.

    Nothing new was recorded; the private link went again to the address on file (at most
    once an hour). ``application`` is the candidature already received: never show its
    reference or link to whoever submitted again, who may not be the institution.
    """

    def __init__(self, application):
        super().__init__(application.pk)
        self.application = application


def submit_application(*, call, data, files, language, now=None):
    """Save a public candidature, start its moderation and queue the applicant's receipt.

    Returns (application, token). The token is shown once and emailed; only its hash is kept.
    Raises CallClosed once a host is chosen, and AlreadyReceived for a repeat of a standing
    candidature (same institution, edition and email): the check and the insert happen under
    the edition's lock, so two identical submissions at the same moment make one candidature.
    now: when it was submitted (the present by default; earlier for data built for the bench).
    """
    call = source_call(call=call)
    edition = call.get_parent().specific
    salt = secrets.token_hex(16)
    token = private_token(salt=salt)
    now = now or timezone.now()
    with atomic_with_files() as written:
        _lock_edition(edition)
        if has_host(edition=edition):
            raise CallClosed
        duplicate = find_duplicate(
            call=call,
            institution_name=data["institution_name"],
            contact_email=data["contact_email"],
        )
        if duplicate is None:
            number = _next_number(edition.pk)
            application = HostApplication.objects.create(
                call=call,
                edition=edition,
                number=number,
                reference=f"CAND-{edition.year}-{number:03d}",
                token_hash=hash_token(token),
                token_salt=salt,
                language=language,
                status=ApplicationStatus.RECEIVED,
                submitted_at=now,
                consented_at=now,
                live=False,
                **{name: data[name] for name in APPLICANT_FIELDS},
            )
            _save_files(application, files, written=written)
            revision = application.save_revision(user=None, log_action=False)
            log(instance=application, action="host_applications.submit", revision=revision)
            application.get_workflow().start(application, None)
            _email_applicant(application, "received", token=token)
        else:
            resend_link(application=duplicate, now=now)
    # Raised once the transaction has committed: the resent link's email must not roll back.
    if duplicate is not None:
        raise AlreadyReceived(duplicate)
    return application, token


def private_token(*, salt):
    """The private link's secret: an HMAC of the candidature's salt with SECRET_KEY.

    Every email can carry it without it being stored; rotating SECRET_KEY retires every link.
    """
    digest = salted_hmac("host_applications.application", salt, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_of(application):
    """The candidature's private token, or None for one made before tokens were derived."""
    return private_token(salt=application.token_salt) if application.token_salt else None


# A repeat submission sends the private link again at most this often: a double click, a
# reload or a script must not fill the institution's mailbox.
LINK_RESEND_INTERVAL = timedelta(hours=1)


def resend_link(*, application, now=None):
    """A repeat submission of a standing candidature: its private link goes again to the
    address on file, unless it already went there within the last hour. Returns whether an
    email was queued.

    The link is never shown on screen (whoever knows an institution's name and email must
    not be able to read or withdraw its candidature) and never changes: a repeat submission
    revokes nothing. A candidature made before links were derived has only the hash of its
    link: it is told to use the link of its receipt, which still works.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Locked, so that repeats at the same moment send one email between them.
        rows = HostApplication.objects.filter(pk=application.pk)
        last = rows.select_for_update().values_list("link_resent_at", flat=True).get()
        if last is not None and now - last < LINK_RESEND_INTERVAL:
            return False
        # Written without save(): a record field, no revision, nothing a page shows.
        rows.update(link_resent_at=now)
        application.link_resent_at = now
        _email_applicant(application, "link_resent")
    return True


def can_edit(*, application):
    workflow_state = application.current_workflow_state
    return bool(workflow_state and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES)


def can_withdraw(*, application):
    return application.status in ApplicationStatus.open_states()


def resubmit_application(*, application, data, files):
    """The institution's changes: a new revision, and the workflow resumes where it stopped."""
    if not can_edit(application=application):
        raise ValueError("This candidature is not waiting for changes.")
    with atomic_with_files() as written:
        for name in APPLICANT_FIELDS:
            setattr(application, name, data[name])
        application.save()
        _save_files(application, files, written=written)
        revision = application.save_revision(user=None, log_action=False)
        log(instance=application, action="host_applications.resubmit", revision=revision)
        application.current_workflow_state.resume(user=None)
        _email_applicant(application, "resubmitted")
    return application


def withdraw_application(*, application):
    if not can_withdraw(application=application):
        raise ValueError("This candidature can no longer be withdrawn.")
    with transaction.atomic():
        # The state first: Wagtail's cancellation signal would otherwise read it as staff's.
        application.status = ApplicationStatus.WITHDRAWN
        application.withdrawn_at = timezone.now()
        application.save(update_fields=["status", "withdrawn_at"])
        workflow_state = application.current_workflow_state
        if workflow_state is not None:
            workflow_state.cancel(user=None)
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
        name = attachment.file.name
        attachment.delete()
        # The row first: a file without a row is swept later, a row without its file is not.
        transaction.on_commit(lambda: _delete_files([name]))


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


# Undoing or replacing a selection ------------------------------------------------------


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


# Staff ending a moderation -------------------------------------------------------------


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


def can_score(*, user):
    """Scores are the committee's: only its members (and superusers) give or see them."""
    return user.is_active and (
        user.is_superuser or user.has_perm("host_applications.review_hostapplication")
    )


def with_viewer(queryset, *, user):
    """Annotate scored_by_viewer: whether this user has scored each candidature."""
    return queryset.annotate(
        scored_by_viewer=Exists(
            Review.objects.filter(application=OuterRef("pk"), reviewer_id=user.pk)
        )
    )


def others_scores_visible(*, application, user, scored_by_viewer):
    """A juror sees the others' scores (and the average) once they have scored themselves,
    so no one scores to match, and once the candidature is decided; with the setting off,
    only after the decision."""
    if not can_score(user=user):
        return False
    if user.is_superuser or not application.is_open:
        return True
    return scored_by_viewer and settings.HOST_APPLICATION_SCORES_AFTER_SCORING


def visible_reviews(*, application, user):
    """The reviews this user may read on a candidature, their own first."""
    if not can_score(user=user):
        return [], False
    reviews = list(application.reviews.select_related("reviewer").prefetch_related("scores"))
    own = [review for review in reviews if review.reviewer_id == user.pk]
    if others_scores_visible(application=application, user=user, scored_by_viewer=bool(own)):
        return own + [review for review in reviews if review.reviewer_id != user.pk], True
    return own, False


def juror_progress(*, call):
    """Each committee member's count of scored candidatures among those of the call."""
    standing = HostApplication.objects.filter(call=call).exclude(
        status__in=ApplicationStatus.withdrawn_states()
    )
    total = standing.count()
    scored = dict(
        Review.objects.filter(application__in=standing)
        .values_list("reviewer_id")
        .annotate(n=Count("pk"))
        .values_list("reviewer_id", "n")
    )
    jurors = (
        get_user_model()
        .objects.filter(is_active=True, groups__permissions__codename="review_hostapplication")
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    return [(juror, scored.get(juror.pk, 0), total) for juror in jurors]


def weighted_score(*, application):
    annotated = with_scores(HostApplication.objects.filter(pk=application.pk)).first()
    return annotated.weighted_score if annotated else None


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


# Notifications -------------------------------------------------------------------------


def _email_applicant(application, kind, *, token=None, comment=""):
    # Every email carries the private link, so the institution can always see where its
    # candidature stands.
    token = token or token_of(application)
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
    with transaction.atomic():
        email = application.contact_email
        files = list(application.files.all())
        names = [attachment.file.name for attachment in files]
        application.files.all().delete()
        # Once the rows are gone for good: a rollback must not leave rows without their files.
        transaction.on_commit(lambda: _delete_files(names))
        for name in PERSONAL_FIELDS:
            setattr(application, name, "")
        application.token_hash = f"purged:{application.pk}:{secrets.token_hex(16)}"
        application.token_salt = ""
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


# A submission writes its files a moment before its rows commit: files younger than this
# are never taken for strays.
ORPHAN_GRACE = timedelta(hours=1)


def orphan_files(*, now=None):
    """Attachments in the private storage that no row names, older than ORPHAN_GRACE: left
    by a commit that failed, a process killed mid-submission, or a restore of older rows."""
    now = now or timezone.now()
    storage = attachment_storage()
    names = list(storage_files(storage, ATTACHMENTS_FOLDER))
    # Read after listing: a row committed meanwhile is seen, so its file is kept.
    owned = set(ApplicationFile.objects.values_list("file", flat=True))
    orphans = []
    for name in names:
        if name in owned:
            continue
        try:
            modified = storage.get_modified_time(name)
        except (NotImplementedError, OSError):
            continue  # no age to go by: kept, rather than risk a submission in progress
        if now - modified >= ORPHAN_GRACE:
            orphans.append(name)
    return orphans


def sweep_orphan_files(*, now=None, dry_run=False):
    """Delete the attachments no row owns (see orphan_files); returns their names."""
    orphans = orphan_files(now=now)
    if not dry_run:
        storage = attachment_storage()
        for name in orphans:
            storage.delete(name)
    return orphans


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
    return hit(scope="host-application", ident=ip, limit=settings.HOST_APPLICATION_RATE_LIMIT)
