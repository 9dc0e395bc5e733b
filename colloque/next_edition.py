"""Next year's edition, from this year's: one set of rules, whether staff use the "Prepare
the next edition" action or Wagtail's "Copy" of an edition (which asks for the year).

What carries over: the texts and picture, as a start; the programme as a skeleton, its days
moved by whole weeks so that each keeps its weekday; the partners, marked "to renew" (not
shown until renewed). What does not: the host and its venues, speakers and rooms,
documents, recordings, gallery, registration. The new edition is "in preparation", a
draft. Apps that hang things on an edition (the call for hosts) listen to
`next_edition_created`.
"""

import datetime

from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from .models import (
    EditionDocument,
    EditionPage,
    EditionPartner,
    EditionStatus,
    EditionVenue,
    ProgrammeItem,
)
from .services import edition_year_taken

# Sent once a next edition is ready, inside its transaction:
# sender=EditionPage, source, edition, shift (a timedelta of whole weeks), user.
next_edition_created = Signal()


class NextEditionRefused(Exception):
    pass


def same_weekday_shift(*, day, years):
    """The whole weeks that move `day` about `years` years on, to the same weekday
    (2024-11-21, a Thursday, + 1 year → 2025-11-20, a Thursday: 52 weeks)."""
    try:
        target = day.replace(year=day.year + years)
    except ValueError:  # 29 February
        target = day.replace(year=day.year + years, day=28)
    return datetime.timedelta(weeks=round((target - day).days / 7))


def _moved(day, shift):
    return day + shift if day else None


def next_year_title(*, source, year):
    """The source's title with its year moved on (« Colloque 2024 » → « Colloque 2025 »), or
    the title followed by the year when it does not name one."""
    old = str(source.year)
    if old in source.title:
        return source.title.replace(old, str(year))
    return f"{source.title} {year}"


def prepare_next_edition(*, source, edition, year, user=None):
    """Make `edition` (a fresh draft copy of `source`, with its relations) the edition of
    `year`, by the rules above. Saves it and a revision, which the editor opens on."""
    years = year - source.year
    anchor = source.start_date or datetime.date(source.year, 11, 1)
    shift = same_weekday_shift(day=anchor, years=years)
    with transaction.atomic():
        edition.year = year
        edition.status = EditionStatus.IN_PREPARATION
        edition.host_institution = ""
        edition.start_date = _moved(source.start_date, shift)
        edition.end_date = _moved(source.end_date, shift)
        edition.registration_url = ""
        edition.registration_text = ""
        edition.recordings = []
        edition.gallery_collection = None
        edition.save()
        # The relations as the copy saved them (rows of their own): changed in the database,
        # then the page is read back, so that the row and the revision say the same.
        EditionVenue.objects.filter(edition=edition).delete()
        EditionDocument.objects.filter(edition=edition).delete()
        items = list(ProgrammeItem.objects.filter(edition=edition))
        for item in items:
            item.day = item.day + shift
            item.venue = None
            item.room = ""
            item.recording_url = ""
            item.slides = None
        ProgrammeItem.objects.bulk_update(
            items, ["day", "venue", "room", "recording_url", "slides"]
        )
        ProgrammeItem.speakers.through.objects.filter(programmeitem__in=items).delete()
        EditionPartner.objects.filter(edition=edition).update(to_renew=True)
        edition = EditionPage.objects.get(pk=edition.pk)
        edition.save_revision(user=user)
        next_edition_created.send(
            sender=EditionPage, source=source, edition=edition, shift=shift, user=user
        )
    return edition


def next_year(*, edition):
    return edition.year + 1


def next_edition_problem(*, edition):
    """Why the next edition cannot be made from this one, or None."""
    parent = edition.get_parent()
    year = next_year(edition=edition)
    if edition_year_taken(parent=parent, year=year):
        return _("This series already has an edition in %(year)s.") % {"year": year}
    return None


def existing_next_edition(*, edition):
    return (
        EditionPage.objects.child_of(edition.get_parent())
        .filter(year=next_year(edition=edition))
        .first()
    )


def create_next_edition(*, edition, user):
    """Copy `edition` as next year's draft, by the rules above; returns the new edition.

    Raises NextEditionRefused when the series already has that year."""
    edition = edition.specific
    problem = next_edition_problem(edition=edition)
    if problem:
        raise NextEditionRefused(problem)
    year = next_year(edition=edition)
    with transaction.atomic():
        copy = edition.copy(
            to=edition.get_parent(),
            # The year is the address (EditionPage.clean).
            update_attrs={
                "title": next_year_title(source=edition, year=year),
                "slug": str(year),
                "year": year,
            },
            copy_revisions=False,
            keep_live=False,
            user=user,
        )
        return prepare_next_edition(source=edition, edition=copy.specific, year=year, user=user)
