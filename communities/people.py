"""Community registrations in the people view (home.people): found by address or by name,
merged onto one address and name, for the Animation group."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from home.people import MergeRefused, PeopleSource, PersonRecord, name_key
from home.personal_data import normalize

from .admin.access import can_manage, can_view
from .models import Registration, RegistrationState


def _held():
    return Registration.objects.filter(personal_data_purged_at__isnull=True).exclude(email="")


def _records(pks):
    return [
        PersonRecord(
            source="registrations",
            pk=registration.pk,
            about=registration.community.title,
            year=timezone.localtime(registration.submitted_at).year,
            state=registration.get_state_display(),
            name=registration.name,
            email=registration.email,
            submitted_at=registration.submitted_at,
            url=reverse("registrations:inspect", args=[registration.pk]),
        )
        for registration in _held()
        .filter(pk__in=pks)
        .select_related("community")
        .order_by("submitted_at", "pk")
    ]


def find(*, emails):
    # Compared in Python, as the export on request does: SQLite folds ASCII case only.
    rows = _held().values_list("pk", "email")
    return _records([pk for pk, email in rows if normalize(email) in emails])


def near(*, names, exclude):
    rows = _held().values_list("pk", "name", "email")
    return _records(
        [
            pk
            for pk, name, email in rows
            if name_key(name) in names and normalize(email) not in exclude
        ]
    )


def merge(*, pks, email, name, by):
    """One address and one name for these registrations. Refused (nothing changes) where two
    registrations under way in one community would share the address."""
    registrations = list(_held().filter(pk__in=pks).select_related("community"))
    active = RegistrationState.active()
    seen = {}
    for registration in registrations:
        if registration.state not in active:
            continue
        other = seen.get(registration.community_id) or (
            Registration.objects.filter(
                community_id=registration.community_id,
                state__in=active,
                email__iexact=email,
                personal_data_purged_at__isnull=True,
            )
            .exclude(pk__in=pks)
            .first()
        )
        if other is not None:
            raise MergeRefused(
                _(
                    "Two registrations under way in “%(community)s” would share this address: "
                    "withdraw one of them first."
                )
                % {"community": registration.community.title}
            )
        seen[registration.community_id] = registration
    changed = 0
    for registration in registrations:
        if (registration.email, registration.name) == (email, name):
            continue
        registration.email, registration.name = email, name
        registration.save(update_fields=["email", "name"])
        # The history says it was merged, and by whom; the old address is not kept there.
        log(instance=registration, action="communities.merged", user=by)
        changed += 1
    return changed


def source():
    return PeopleSource(
        name="registrations",
        label=gettext_lazy("Community registrations"),
        is_shown=can_view,
        may_merge=can_manage,
        find=find,
        near=near,
        merge=merge,
    )
