"""What the institution does: submit a candidature (one standing per institution, edition and
email; a repeat only sends the private link again), make the changes asked for, withdraw it.
The public form's rate limit too."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import WorkflowState

from home.private_links import hash_token
from home.ratelimit import hit

from ..models import ApplicationStatus, HostApplication
from .attachments import _save_files, atomic_with_files
from .base import _lock_edition, source_call
from .notifications import _email_applicant
from .tokens import private_token
from .window import CallClosed, has_host

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


def _next_number(edition_id):
    last = (
        HostApplication.objects.filter(edition_id=edition_id)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return (last or 0) + 1


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


def within_rate_limit(*, ip):
    return hit(scope="host-application", ident=ip, limit=settings.HOST_APPLICATION_RATE_LIMIT)
