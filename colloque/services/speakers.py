"""Speakers across editions: each speaker's address (slug), their page under a colloque
series (what they took part in, edition by edition), the series' list of speakers, and the
sitemap's entries. Only the live, public editions of the series count: a speaker of a
draft edition alone has no page."""

import unicodedata
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q
from django.utils.text import slugify

from caching import tag


def _models():
    from ..models import EditionPage, ProgrammeItem, Speaker  # noqa: PLC0415 (colloque.models imports this module)

    return EditionPage, ProgrammeItem, Speaker


def speaker_slug(*, speaker):
    """The speaker's slug, or one made from their name, made unique in their language by a
    number (two "Équipe Canopé" are equipe-canope and equipe-canope-2). A translation
    keeps its original's slug unless another speaker of its language has it."""
    _edition, _item, Speaker = _models()
    base = slugify(speaker.slug or speaker.name)[:70].strip("-") or "intervenant"
    others = Speaker.objects.filter(locale_id=speaker.locale_id).exclude(pk=speaker.pk)
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _children_of(*series):
    """Pages directly under any of ``series`` (a path prefix and a depth: no join)."""
    q = Q(pk__in=[])
    for page in series:
        q |= Q(path__startswith=page.path, depth=page.depth + 1)
    return q


def series_editions(*, series):
    """The live, public editions of ``series``, newest first: what its speakers' pages show.
    Says what it lists: an edition published in the series' language, or a programme item
    of one of these editions changed (a speaker added or taken off), changes them."""
    EditionPage, ProgrammeItem, _speaker = _models()
    tag(EditionPage, locale=series.locale_id)
    editions = list(
        EditionPage.objects.filter(_children_of(series))
        .live()
        .public()
        .select_related("locale")  # their items' addresses are in their language
        .defer_streamfields()
        .order_by("-year")
    )
    for edition in editions:
        tag(ProgrammeItem, edition=edition.pk)
    return editions


def _sort_key(name):
    # "Équipe" sorts with "Equipe", not after "Z".
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@dataclass
class SpeakerEditions:
    """A speaker and the editions of a series they spoke at, newest first."""

    speaker: object
    editions: list = field(default_factory=list)


def series_speakers(*, series):
    """Every speaker of the series' live editions, alphabetical, each with the editions they
    spoke at (newest first): two queries, whatever the number of speakers and editions."""
    _edition, _item, Speaker = _models()
    editions = series_editions(series=series)
    by_pk = {edition.pk: edition for edition in editions}
    rows = (
        Speaker.objects.filter(programme_items__edition_id__in=by_pk)
        .annotate(edition_pk=F("programme_items__edition_id"))
        .distinct()
        .order_by()
    )
    speakers = {}
    for speaker in rows:
        entry = speakers.setdefault(speaker.pk, SpeakerEditions(speaker))
        entry.editions.append(by_pk[speaker.edition_pk])
    for entry in speakers.values():
        entry.editions.sort(key=lambda edition: -edition.year)
    return sorted(speakers.values(), key=lambda entry: _sort_key(entry.speaker.name))


def speaker_programme(*, series, slug):
    """(speaker, [(edition, [items in programme order])], newest edition first) for the
    speaker of ``slug`` in the series' language, or None when there is none or they took
    part in no live edition of the series. Three queries."""
    _edition, ProgrammeItem, Speaker = _models()
    speaker = (
        Speaker.objects.select_related("photo")
        .filter(locale_id=series.locale_id, slug=slug)
        .first()
    )
    if speaker is None:
        return None
    editions = series_editions(series=series)
    by_pk = {edition.pk: edition for edition in editions}
    items = ProgrammeItem.objects.filter(edition_id__in=by_pk, speakers=speaker).order_by(
        "day", "start_time", "sort_order"
    )
    grouped = {}
    for item in items:
        item.edition = by_pk[item.edition_id]  # read above: no query per item
        grouped.setdefault(item.edition_id, []).append(item)
    if not grouped:
        return None
    return speaker, [
        (edition, grouped[edition.pk]) for edition in editions if edition.pk in grouped
    ]


def speaker_in_translations(*, speaker, series_translations):
    """{locale id: the speaker's translation} in the languages where the series'
    translation has a page for them (they took part in one of its live editions): the
    speaker page's hreflang alternates, in one query."""
    EditionPage, ProgrammeItem, Speaker = _models()
    others = [page for page in series_translations if page.locale_id != speaker.locale_id]
    if not others:
        return {}
    for page in others:  # an edition published there gives the speaker a page there
        tag(EditionPage, locale=page.locale_id)
    editions = EditionPage.objects.filter(_children_of(*others)).live().public()
    spoke = ProgrammeItem.objects.filter(speakers=OuterRef("pk"), edition__in=editions)
    found = Speaker.objects.filter(
        translation_key=speaker.translation_key, locale_id__in=[p.locale_id for p in others]
    ).filter(Exists(spoke))
    return {translated.locale_id: translated for translated in found}


def speaker_pages_by_series(*, series):
    """{series id: {speaker's translation key: (slug, last publication of their editions)}}
    for every series of ``series``: the sitemap's speaker pages, in one query."""
    EditionPage, ProgrammeItem, Speaker = _models()
    series = list(series)
    if not series:
        return {}
    tag(Speaker, ProgrammeItem)  # read as values: no row tags itself
    by_path = {page.path: page for page in series}
    editions = EditionPage.objects.filter(_children_of(*series)).live().public()
    links = ProgrammeItem.speakers.through.objects.filter(programmeitem__edition__in=editions)
    pages = {page.pk: {} for page in series}
    for slug, key, path, published in links.values_list(
        "speaker__slug",
        "speaker__translation_key",
        "programmeitem__edition__path",
        "programmeitem__edition__last_published_at",
    ).order_by():
        parent = by_path[path[: -EditionPage.steplen]]
        known = pages[parent.pk].get(key)
        if known is None or (published and (known[1] is None or published > known[1])):
            pages[parent.pk][key] = (slug, published)
    return pages
