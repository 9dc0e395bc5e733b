"""A person's data on request (Québec Law 25): find everything tied to an email address,
export it, erase it.

What is tied to an address, compared without regard to case:
- host candidatures whose contact it is, now or in an earlier version (revisions keep
  copies of the form), with their files, the reviews and scores about them, their
  moderation steps and log entries;
- community registrations, their session reminders and the draws that list them;
- outgoing emails to (or replying to) it; Wagtail form submissions that hold it as an
  answer; user accounts with that email.

Each app registers what it holds (``home.registry.PersonalDataSource``, from its
``personal_data`` module); this module finds, exports and erases through them. Erasure
reuses the apps' retention purges:
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
import zipfile
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import registry
from .models import OutboxEmail, PersonalDataErasure

EXPORT_LANGUAGE = "fr-ca"


def normalize(email):
    return (email or "").strip().casefold()


def email_digest(email):
    """A keyed hash of the address: tells whether an address was erased, without keeping it."""
    return salted_hmac(
        "home.personal_data.erasure", normalize(email), algorithm="sha256"
    ).hexdigest()


def matches(value, wanted):
    """Whether a stored address is the wanted one. Python compares, since SQL cannot do it
    alike everywhere (SQLite folds ASCII only)."""
    return isinstance(value, str) and normalize(value) == wanted


# Finding ------------------------------------------------------------------------------------


@dataclass
class Holdings:
    """What is held about one address: ``records[source name]``, also read as attributes
    (``holdings.candidatures``)."""

    email: str
    records: dict = field(default_factory=dict)

    def __getattr__(self, name):
        records = self.__dict__.get("records", {})
        if name in records:
            return records[name]
        raise AttributeError(name)

    def counts(self):
        """{kind: number}, in the order the admin shows them."""
        counts = {}
        for source in registry.personal_data_sources():
            counts.update(source.count(self.records.get(source.name, [])))
        return counts

    @property
    def empty(self):
        return not any(self.counts().values())


def kind_labels():
    labels = {}
    for source in registry.personal_data_sources():
        labels.update(source.kind_labels())
    return labels


def find_personal_data(*, email):
    """Everything held about one address (see the module's docstring)."""
    wanted = normalize(email)
    holdings = Holdings(email=wanted)
    for source in registry.personal_data_sources():
        holdings.records[source.name] = source.find(wanted) if wanted else []
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


def record(obj, names):
    """{French label: shown value} for the named fields that hold something."""
    shown = {}
    for name in names:
        model_field = obj._meta.get_field(name)
        value = _display(obj, model_field)
        if value is not None:
            shown[str(model_field.verbose_name).capitalize()] = value
    return shown


def moment(value):
    return timezone.localtime(value).isoformat() if value else None


def export_personal_data(*, email, holdings=None):
    """A document a person can read: every record held about the address, with French labels."""
    holdings = holdings or find_personal_data(email=email)
    with translation.override(EXPORT_LANGUAGE):
        document = {_("Email address"): holdings.email, _("Exported at"): moment(timezone.now())}
        for source in registry.personal_data_sources():
            records = holdings.records.get(source.name, [])
            document[str(source.label)] = [source.export(item) for item in records]
        return document


def write_export(*, email, stream):
    """A zip: the document as JSON, and every file the person sent. Returns the Holdings."""
    holdings = find_personal_data(email=email)
    document = export_personal_data(email=email, holdings=holdings)
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "donnees-personnelles.json", json.dumps(document, ensure_ascii=False, indent=2)
        )
        with translation.override(EXPORT_LANGUAGE):
            for source in registry.personal_data_sources():
                if source.files is None:
                    continue
                for item in holdings.records.get(source.name, []):
                    for path, stored in source.files(item):
                        with stored.open("rb") as content:
                            archive.writestr(path, content.read())
    return holdings


def export_bytes(*, email):
    buffer = io.BytesIO()
    write_export(email=email, stream=buffer)
    return buffer.getvalue()


# Erasure ------------------------------------------------------------------------------------


class ErasureRefused(Exception):
    pass


def erase_personal_data(*, email, by=None):
    """Erase (or anonymise) everything held about the address; returns the erasure record.

    by: the user who asked for it (None from the command line).
    """
    holdings = find_personal_data(email=email)
    if not holdings.email:
        raise ErasureRefused(_("An email address is needed."))
    if by is not None and any(user.pk == by.pk for user in holdings.records.get("users", [])):
        raise ErasureRefused(_("You cannot erase your own account's data."))
    counts = holdings.counts()
    with transaction.atomic():
        for source in registry.personal_data_sources():
            for item in holdings.records.get(source.name, []):
                source.erase(item)
        return PersonalDataErasure.objects.create(
            email_digest=email_digest(holdings.email),
            erased_by=by,
            erased_by_name=by.get_username() if by is not None else _("command line"),
            counts=counts,
        )


# What the base itself holds: emails, user accounts, Wagtail form submissions -----------------


def _find_emails(wanted):
    return [
        message
        for message in OutboxEmail.objects.order_by("created_at", "pk")
        if matches(message.to, wanted) or matches(message.reply_to, wanted)
    ]


def _find_users(wanted):
    return [
        user
        for user in get_user_model().objects.exclude(email="").order_by("pk")
        if matches(user.email, wanted)
    ]


def _find_form_submissions(wanted):
    from wagtail.contrib.forms.models import FormSubmission  # noqa: PLC0415 (the app registry must be ready)

    return [
        submission
        for submission in FormSubmission.objects.select_related("page").order_by("pk")
        if any(matches(value, wanted) for value in (submission.form_data or {}).values())
    ]


def _anonymise_user(user):
    """Anonymised and deactivated rather than deleted: the history of what the account did
    keeps its shape."""
    user.username = f"efface-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()


def register():
    registry.register_personal_data(
        registry.PersonalDataSource(
            name="emails",
            label=gettext_lazy("Emails sent or queued"),
            find=_find_emails,
            export=lambda message: record(
                message, ["to", "reply_to", "subject", "body", "created_at", "sent_at"]
            ),
            erase=lambda message: message.delete(),
            order=80,
        )
    )
    registry.register_personal_data(
        registry.PersonalDataSource(
            name="users",
            label=gettext_lazy("User accounts"),
            find=_find_users,
            export=lambda user: record(
                user, ["username", "first_name", "last_name", "email", "date_joined", "last_login"]
            ),
            erase=_anonymise_user,
            order=90,
        )
    )
    registry.register_personal_data(
        registry.PersonalDataSource(
            name="form_submissions",
            label=gettext_lazy("Form submissions"),
            find=_find_form_submissions,
            export=lambda submission: {
                _("Form"): submission.page.title,
                _("Sent at"): moment(submission.submit_time),
                _("Answers"): submission.form_data,
            },
            erase=lambda submission: submission.delete(),
            order=95,
        )
    )
