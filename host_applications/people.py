"""Host candidatures in the people view (home.people): their contact person found by
address or by name, merged onto one address and name, for those who read candidatures."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from home.people import PeopleSource, PersonRecord, name_key
from home.personal_data import normalize

from .models import HostApplication

INSPECT_URL_NAME = "wagtailsnippets_host_applications_hostapplication:inspect"


def can_view(user):
    return user.is_active and (
        user.is_superuser
        or user.has_perm("host_applications.view_hostapplication")
        or user.has_perm("host_applications.change_hostapplication")
    )


def can_change(user):
    return user.is_active and (
        user.is_superuser or user.has_perm("host_applications.change_hostapplication")
    )


def _held():
    return HostApplication.objects.filter(personal_data_purged_at__isnull=True).exclude(
        contact_email=""
    )


def _records(pks):
    return [
        PersonRecord(
            source="candidatures",
            pk=application.pk,
            about=f"{application.reference} · {application.institution_name} "
            f"({application.edition.title})",
            year=application.edition.year,
            state=application.get_status_display(),
            name=application.contact_name,
            email=application.contact_email,
            submitted_at=application.submitted_at,
            url=reverse(INSPECT_URL_NAME, args=[application.pk]),
        )
        for application in _held()
        .filter(pk__in=pks)
        .select_related("edition")
        .order_by("submitted_at", "pk")
    ]


def find(*, emails):
    rows = _held().values_list("pk", "contact_email")
    return _records([pk for pk, email in rows if normalize(email) in emails])


def near(*, names, exclude):
    rows = _held().values_list("pk", "contact_name", "contact_email")
    return _records(
        [
            pk
            for pk, name, email in rows
            if name_key(name) in names and normalize(email) not in exclude
        ]
    )


def merge(*, pks, email, name, by):
    """One address and one name for these candidatures' contact person: on the record and
    on its latest version, which the editor opens (earlier versions keep what was sent, and
    the export on request still finds them under the old address)."""
    changed = 0
    for application in _held().filter(pk__in=pks).select_related("latest_revision"):
        if (application.contact_email, application.contact_name) == (email, name):
            continue
        HostApplication.objects.filter(pk=application.pk).update(
            contact_email=email, contact_name=name
        )
        revision = application.latest_revision
        if revision is not None:
            revision.content = {**revision.content, "contact_email": email, "contact_name": name}
            revision.save(update_fields=["content"])
        log(instance=application, action="host_applications.merged", user=by)
        changed += 1
    return changed


def source():
    return PeopleSource(
        name="candidatures",
        label=gettext_lazy("Host candidatures"),
        is_shown=can_view,
        may_merge=can_change,
        find=find,
        near=near,
        merge=merge,
    )
