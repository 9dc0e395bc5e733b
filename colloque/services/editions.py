"""Editions: those to come and those over, what an edition's editor may pick, one a year."""

from django.db import models


def split_editions(*, editions):
    """Editions still to come (soonest first), then those that are over (newest first)."""
    from ..models import EditionStatus  # noqa: PLC0415 (colloque.models imports this module)

    editions = list(editions)
    upcoming = sorted((e for e in editions if e.status != EditionStatus.OVER), key=lambda e: e.year)
    past = [e for e in editions if e.status == EditionStatus.OVER]
    return upcoming, past


def choices_in_language(*, queryset, locale_id, chosen=()):
    """What an edition's editor may pick (a speaker, venue, theme): those of the edition's
    language only, so each appears once, plus whatever is already chosen, so an item linked
    across languages before still saves unchanged."""
    return queryset.filter(models.Q(locale_id=locale_id) | models.Q(pk__in=list(chosen)))


def edition_year_taken(*, parent, year, exclude_pk=None):
    """Whether the series under ``parent`` already has an edition that year."""
    from ..models import EditionPage  # noqa: PLC0415 (colloque.models imports this module)

    siblings = EditionPage.objects.child_of(parent).filter(year=year)
    if exclude_pk:
        siblings = siblings.exclude(pk=exclude_pk)
    return siblings.exists()
