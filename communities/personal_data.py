"""Community registrations in a person's data on request (Québec Law 25), registered with
the base (``home.registry``): the registrations of an address, their session reminders and
the draws that list them.

Erasure deletes a registration (its reminders with it); a seat it held goes to the
waitlist; draws keep the registration number only, which says nothing once the row is
gone, so they can still be replayed.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.models import ModelLogEntry

from home.personal_data import matches, moment, record
from home.registry import (
    PersonalDataSource,
    RetentionPurge,
    RetentionReport,
    register_personal_data,
    register_retention,
)

from .models import Lottery, Registration, SessionReminder
from .services import REGISTRANT_FIELDS, erase_registration, purge_personal_data


def find(wanted):
    return [
        registration
        for registration in Registration.objects.exclude(email="")
        .select_related("community")
        .order_by("submitted_at", "pk")
        if matches(registration.email, wanted)
    ]


def counts(registrations):
    return {
        "registrations": len(registrations),
        "reminders": SessionReminder.objects.filter(registration__in=registrations).count(),
    }


def export(registration):
    shown = {
        _("Community"): registration.community.title,
        **record(
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
        **record(registration, REGISTRANT_FIELDS),
    }
    shown[_("Session reminders")] = [
        {
            _("Session"): reminder.session.date.isoformat(),
            _("Sent at"): moment(reminder.sent_at),
        }
        for reminder in registration.reminders.select_related("session").order_by("sent_at")
    ]
    shown[_("Attendance")] = [
        {
            _("Session"): attendance.session.date.isoformat(),
            _("State"): attendance.get_status_display(),
            _("Recorded at"): moment(attendance.recorded_at),
        }
        for attendance in registration.attendances.select_related("session").order_by(
            "session__date", "session__start_time"
        )
    ]
    lottery = Lottery.objects.filter(community=registration.community).first()
    if lottery is not None and registration.pk in lottery.order:
        shown[_("Draw")] = {
            _("Run at"): moment(lottery.ran_at),
            _("Seed"): lottery.seed,
            _("Rank"): lottery.order.index(registration.pk) + 1,
            _("Selected"): registration.pk in lottery.winner_ids,
        }
    return shown


def erase(registration):
    # The history keeps that something happened, not to whom.
    for entry in ModelLogEntry.objects.for_instance(registration):
        entry.label = f"#{registration.pk}"
        entry.data = {}
        entry.save(update_fields=["label", "data"])
    erase_registration(registration=registration, delete=registration.delete)


def purge_expired(*, dry_run=False):
    """Registrations, once COMMUNITY_RETENTION_DAYS have passed after their community's last
    session (``services.purge_personal_data``)."""
    report = purge_personal_data(dry_run=dry_run)
    lines = [
        ngettext(
            "%(community)s: %(count)d registration erased",
            "%(community)s: %(count)d registrations erased",
            count,
        )
        % {"community": title, "count": count}
        for title, count in report
    ]
    total = sum(count for _title, count in report)
    summary = ngettext(
        "%(count)d registration purged (retention: %(days)d days after the last session).",
        "%(count)d registrations purged (retention: %(days)d days after the last session).",
        total,
    ) % {"count": total, "days": settings.COMMUNITY_RETENTION_DAYS}
    return RetentionReport(
        lines=lines, summary=summary, nothing=_("No community registration to purge.")
    )


def register():
    register_personal_data(
        PersonalDataSource(
            name="registrations",
            label=gettext_lazy("Community registrations"),
            find=find,
            export=export,
            erase=erase,
            counts=counts,
            labels={"reminders": gettext_lazy("Session reminders")},
            order=20,
        )
    )
    register_retention(RetentionPurge(name="registrations", run=purge_expired, order=20))
