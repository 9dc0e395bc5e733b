"""A person's data on request (Québec Law 25): find everything tied to an email address,
export it, erase it.

What is tied to an address, compared without regard to case:
- host candidatures whose contact it is, now or in an earlier version (revisions keep
  copies of the form), with their files, the reviews and scores about them, their
  moderation steps and log entries;
- community registrations, their session reminders and the draws that list them;
- outgoing emails to (or replying to) it; Wagtail form submissions that hold it as an
  answer; user accounts with that email.

Erasure reuses the retention purge (``host_applications.services.purge_application``,
``communities.services.erase_registration``):
- candidatures are kept, anonymised: their numbered reference, institution and scores are
  the edition's record (and a selected one names the host); the contact, what they wrote,
  the files, comments about them and every revision's copy are erased. One still under
  review is withdrawn first (its workflow cancelled, nobody emailed);
- registrations are deleted (their reminders with them); a seat they held goes to the
  waitlist; draws keep the registration number only, which says nothing once the row is
  gone, so they can still be replayed;
- outgoing emails and form submissions are deleted;
- user accounts are anonymised and deactivated rather than deleted, so the history of
  what they did keeps its shape.
An erasure leaves a ``PersonalDataErasure`` row: who, when, counts, and a keyed hash of
the address (never the address).
"""

import io
import json
import posixpath
import zipfile
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry, Revision, TaskState, WorkflowState

from .models import OutboxEmail, PersonalDataErasure

EXPORT_LANGUAGE = "fr-ca"


def normalize(email):
    return (email or "").strip().casefold()


def email_digest(email):
    """A keyed hash of the address: tells whether an address was erased, without keeping it."""
    return salted_hmac(
        "home.personal_data.erasure", normalize(email), algorithm="sha256"
    ).hexdigest()


# Finding ------------------------------------------------------------------------------------


@dataclass
class Holdings:
    email: str
    candidatures: list = field(default_factory=list)
    registrations: list = field(default_factory=list)
    emails: list = field(default_factory=list)
    users: list = field(default_factory=list)
    form_submissions: list = field(default_factory=list)

    @property
    def files(self):
        return [
            attachment
            for application in self.candidatures
            for attachment in application.files.all()
        ]

    def counts(self):
        """{kind: number}, in the order the admin shows them."""
        from communities.models import SessionReminder
        from host_applications.models import Review

        return {
            "candidatures": len(self.candidatures),
            "files": len(self.files),
            "reviews": Review.objects.filter(application__in=self.candidatures).count(),
            "revisions": sum(application.revisions.count() for application in self.candidatures),
            "registrations": len(self.registrations),
            "reminders": SessionReminder.objects.filter(
                registration__in=self.registrations
            ).count(),
            "emails": len(self.emails),
            "users": len(self.users),
            "form_submissions": len(self.form_submissions),
        }

    @property
    def empty(self):
        return not any(self.counts().values())


def kind_labels():
    return {
        "candidatures": _("Host candidatures"),
        "files": _("Attached files"),
        "reviews": _("Reviews of these candidatures"),
        "revisions": _("Versions of these candidatures"),
        "registrations": _("Community registrations"),
        "reminders": _("Session reminders"),
        "emails": _("Emails sent or queued"),
        "users": _("User accounts"),
        "form_submissions": _("Form submissions"),
    }


def _matches(value, wanted):
    return isinstance(value, str) and normalize(value) == wanted


def find_personal_data(*, email):
    """Everything held about one address (see the module's docstring)."""
    from wagtail.contrib.forms.models import FormSubmission

    from communities.models import Registration
    from host_applications.models import HostApplication

    wanted = normalize(email)
    holdings = Holdings(email=wanted)
    if not wanted:
        return holdings
    # Python compares what SQL cannot do alike everywhere (SQLite folds ASCII only).
    by_row = {
        pk
        for pk, contact in HostApplication.objects.exclude(contact_email="").values_list(
            "pk", "contact_email"
        )
        if _matches(contact, wanted)
    }
    by_revision = {
        int(object_id)
        for object_id, content in Revision.objects.filter(
            base_content_type=ContentType.objects.get_for_model(HostApplication)
        ).values_list("object_id", "content")
        if _matches((content or {}).get("contact_email"), wanted)
    }
    holdings.candidatures = list(
        HostApplication.objects.filter(pk__in=by_row | by_revision)
        .select_related("edition", "call")
        .order_by("submitted_at", "pk")
    )
    holdings.registrations = [
        registration
        for registration in Registration.objects.exclude(email="")
        .select_related("community")
        .order_by("submitted_at", "pk")
        if _matches(registration.email, wanted)
    ]
    holdings.emails = [
        message
        for message in OutboxEmail.objects.order_by("created_at", "pk")
        if _matches(message.to, wanted) or _matches(message.reply_to, wanted)
    ]
    holdings.users = [
        user
        for user in get_user_model().objects.exclude(email="").order_by("pk")
        if _matches(user.email, wanted)
    ]
    holdings.form_submissions = [
        submission
        for submission in FormSubmission.objects.select_related("page").order_by("pk")
        if any(_matches(value, wanted) for value in (submission.form_data or {}).values())
    ]
    return holdings


# Export -------------------------------------------------------------------------------------


def _display(obj, model_field):
    if model_field.choices:
        return getattr(obj, f"get_{model_field.name}_display")()
    value = getattr(obj, model_field.attname)
    if value is None or value == "":
        return None
    if hasattr(value, "isoformat"):
        if hasattr(value, "tzinfo") and timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat()
    if isinstance(model_field, models.FileField):
        return value.name if hasattr(value, "name") else str(value)
    return value


def _record(obj, names):
    """{French label: shown value} for the named fields that hold something."""
    record = {}
    for name in names:
        model_field = obj._meta.get_field(name)
        value = _display(obj, model_field)
        if value is not None:
            record[str(model_field.verbose_name).capitalize()] = value
    return record


def _moment(value):
    return timezone.localtime(value).isoformat() if value else None


def _candidature(application):
    from host_applications.services import APPLICANT_FIELDS

    record = {
        _("Reference"): application.reference,
        _("Edition"): application.edition.title,
        **_record(
            application,
            ["status", "submitted_at", "consented_at", "decided_at", "withdrawn_at", "language"],
        ),
        **_record(application, APPLICANT_FIELDS),
    }
    record[_("Attached files")] = [
        {
            _("File name"): attachment.original_name,
            _("Size"): attachment.size,
            _("Uploaded at"): _moment(attachment.uploaded_at),
            _("In this export"): attachment_path(application, attachment),
        }
        for attachment in application.files.all()
    ]
    record[_("Reviews")] = [
        {
            _("General comment"): review.comment,
            _("Scores"): [
                {
                    _("Criterion"): score.criterion.title,
                    _("Score out of 5"): score.score,
                    _("Comment"): score.comment,
                }
                for score in review.scores.select_related("criterion")
            ],
        }
        for review in application.reviews.prefetch_related("scores")
    ]
    record[_("Moderation steps")] = [
        {
            _("Step"): state.task.name,
            _("State"): state.get_status_display(),
            _("Started at"): _moment(state.started_at),
            _("Finished at"): _moment(state.finished_at),
            _("Comment"): state.comment,
        }
        for state in TaskState.objects.for_instance(application)
        .select_related("task")
        .order_by("started_at", "pk")
    ]
    record[_("History")] = [
        {_("Date"): _moment(entry.timestamp), _("Action"): entry.action, _("Details"): entry.data}
        for entry in ModelLogEntry.objects.for_instance(application).order_by("timestamp", "pk")
    ]
    record[_("Versions")] = [
        {
            _("Date"): _moment(revision.created_at),
            **_record(revision.as_object(), APPLICANT_FIELDS),
        }
        for revision in application.revisions.order_by("created_at", "pk")
    ]
    return record


def _registration(registration):
    from communities.models import Lottery
    from communities.services import REGISTRANT_FIELDS

    record = {
        _("Community"): registration.community.title,
        **_record(
            registration,
            [
                "state",
                "submitted_at",
                "consented_at",
                "state_changed_at",
                "eligible",
                "waitlist_position",
                "language",
            ],
        ),
        **_record(registration, REGISTRANT_FIELDS),
    }
    record[_("Session reminders")] = [
        {
            _("Session"): reminder.session.date.isoformat(),
            _("Sent at"): _moment(reminder.sent_at),
        }
        for reminder in registration.reminders.select_related("session").order_by("sent_at")
    ]
    record[_("Attendance")] = [
        {
            _("Session"): attendance.session.date.isoformat(),
            _("State"): attendance.get_status_display(),
            _("Recorded at"): _moment(attendance.recorded_at),
        }
        for attendance in registration.attendances.select_related("session").order_by(
            "session__date", "session__start_time"
        )
    ]
    lottery = Lottery.objects.filter(community=registration.community).first()
    if lottery is not None and registration.pk in lottery.order:
        record[_("Draw")] = {
            _("Run at"): _moment(lottery.ran_at),
            _("Seed"): lottery.seed,
            _("Rank"): lottery.order.index(registration.pk) + 1,
            _("Selected"): registration.pk in lottery.winner_ids,
        }
    return record


def attachment_path(application, attachment):
    return posixpath.join(
        _("files"), application.reference, f"{attachment.pk}-{attachment.original_name}"
    )


def export_personal_data(*, email, holdings=None):
    """A document a person can read: every record held about the address, with French labels."""
    holdings = holdings or find_personal_data(email=email)
    with translation.override(EXPORT_LANGUAGE):
        labels = kind_labels()
        return {
            _("Email address"): holdings.email,
            _("Exported at"): _moment(timezone.now()),
            labels["candidatures"]: [_candidature(app) for app in holdings.candidatures],
            labels["registrations"]: [_registration(reg) for reg in holdings.registrations],
            labels["emails"]: [
                _record(message, ["to", "reply_to", "subject", "body", "created_at", "sent_at"])
                for message in holdings.emails
            ],
            labels["users"]: [
                _record(
                    user,
                    ["username", "first_name", "last_name", "email", "date_joined", "last_login"],
                )
                for user in holdings.users
            ],
            labels["form_submissions"]: [
                {
                    _("Form"): submission.page.title,
                    _("Sent at"): _moment(submission.submit_time),
                    _("Answers"): submission.form_data,
                }
                for submission in holdings.form_submissions
            ],
        }


def write_export(*, email, stream):
    """A zip: the document as JSON, and every file the person sent. Returns the Holdings."""
    holdings = find_personal_data(email=email)
    document = export_personal_data(email=email, holdings=holdings)
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "donnees-personnelles.json", json.dumps(document, ensure_ascii=False, indent=2)
        )
        with translation.override(EXPORT_LANGUAGE):
            for application in holdings.candidatures:
                for attachment in application.files.all():
                    with attachment.file.open("rb") as source:
                        archive.writestr(attachment_path(application, attachment), source.read())
    return holdings


def export_bytes(*, email):
    buffer = io.BytesIO()
    write_export(email=email, stream=buffer)
    return buffer.getvalue()


# Erasure ------------------------------------------------------------------------------------


class ErasureRefused(Exception):
    pass


def _withdraw_quietly(application):
    """Moderation stops: nobody is left to write to, and nobody is emailed."""
    from host_applications.models import ApplicationStatus

    if application.status not in ApplicationStatus.open_states():
        return
    workflow_state = application.current_workflow_state
    if workflow_state is not None and workflow_state.status in (
        WorkflowState.STATUS_IN_PROGRESS,
        WorkflowState.STATUS_NEEDS_CHANGES,
    ):
        workflow_state.cancel(user=None)
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["status", "withdrawn_at"])


def _anonymise_user(user):
    user.username = f"efface-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()


def erase_personal_data(*, email, by=None):
    """Erase (or anonymise) everything held about the address; returns the erasure record.

    by: the user who asked for it (None from the command line).
    """
    from communities.services import erase_registration
    from host_applications.services import purge_application

    holdings = find_personal_data(email=email)
    if not holdings.email:
        raise ErasureRefused(_("An email address is needed."))
    if by is not None and any(user.pk == by.pk for user in holdings.users):
        raise ErasureRefused(_("You cannot erase your own account's data."))
    counts = holdings.counts()
    with transaction.atomic():
        for application in holdings.candidatures:
            _withdraw_quietly(application)
            purge_application(application=application)
        for registration in holdings.registrations:
            for entry in ModelLogEntry.objects.for_instance(registration):
                entry.label = f"#{registration.pk}"
                entry.data = {}
                entry.save(update_fields=["label", "data"])
            erase_registration(registration=registration, delete=registration.delete)
        OutboxEmail.objects.filter(pk__in=[message.pk for message in holdings.emails]).delete()
        for submission in holdings.form_submissions:
            submission.delete()
        for user in holdings.users:
            _anonymise_user(user)
        return PersonalDataErasure.objects.create(
            email_digest=email_digest(holdings.email),
            erased_by=by,
            erased_by_name=by.get_username() if by is not None else _("command line"),
            counts=counts,
        )
