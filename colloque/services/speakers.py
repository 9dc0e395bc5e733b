"""Speakers across editions: each speaker's address (slug), their page (what they took part
in, edition by edition, in every series: the colloque and the ECLORE week alike), the list
of speakers, and the sitemap's entries. One series per language carries these pages, the
speakers' series (``speakers_series``: the one in the menu, else the first); the others send
their visitors there. Only live, public editions count: a speaker of a draft edition alone
has no page."""

import unicodedata
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef

from caching import tag
from home.locales import request_memo
from home.routing import menu_page

from .programme import unique_slug


def _models():
    from ..models import EditionPage, ProgrammeItem, Speaker  # noqa: PLC0415 (colloque.models imports this module)

    return EditionPage, ProgrammeItem, Speaker


def speakers_series(*, locale_id):
    """The series whose pages list every speaker of a language: the one the menu shows (read
    with the page, no query), else the first live one (read once per request)."""
    from ..models import ColloqueIndexPage  # noqa: PLC0415 (colloque.models imports this module)

    tag(ColloqueIndexPage, locale=locale_id)
    in_menu = menu_page(ColloqueIndexPage, locale_id=locale_id)
    if in_menu is not None:
        return in_menu
    memo, key = request_memo(), ("speakers_series", locale_id)
    if memo is not None and key in memo:
        return memo[key]
    found = (
        ColloqueIndexPage.objects.live()
        .public()
        .filter(locale_id=locale_id)
        .select_related("locale")
        .order_by("-show_in_menus", "path")
        .first()
    )
    if memo is not None:
        memo[key] = found
    return found


def _editions_in(*locale_ids):
    """The editions of every series in these languages (an edition is always a series'
    child): a speaker's page gathers all they took part in."""
    EditionPage, _item, _speaker = _models()
    return EditionPage.objects.filter(locale_id__in=locale_ids)


def speaker_slug(*, speaker):
    """The speaker's slug, or one made from their name, made unique in their language by a
    number (two "Équipe Canopé" are equipe-canope and equipe-canope-2). A translation
    keeps its original's slug unless another speaker of its language has it."""
    _edition, _item, Speaker = _models()
    others = Speaker.objects.filter(locale_id=speaker.locale_id).exclude(pk=speaker.pk)
    return unique_slug(source=speaker.slug or speaker.name, siblings=others, fallback="intervenant")


def series_editions(*, series):
    """The live, public editions in the language of ``series`` (every series), newest
    first: what the speakers' pages show.
    Says what it lists: an edition published in the series' language, or a programme item
    of one of these editions changed (a speaker added or taken off), changes them."""
    EditionPage, ProgrammeItem, _speaker = _models()
    tag(EditionPage, locale=series.locale_id)
    editions = list(
        _editions_in(series.locale_id)
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
    items = (
        ProgrammeItem.objects.filter(edition_id__in=by_pk, speakers=speaker)
        .select_related("venue")
        .order_by("day", "start_time", "sort_order")
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
    editions = _editions_in(*(page.locale_id for page in others)).live().public()
    spoke = ProgrammeItem.objects.filter(speakers=OuterRef("pk"), edition__in=editions)
    found = Speaker.objects.filter(
        translation_key=speaker.translation_key, locale_id__in=[p.locale_id for p in others]
    ).filter(Exists(spoke))
    return {translated.locale_id: translated for translated in found}


def speaker_pages_by_series(*, series):
    """{series id: {speaker's translation key: (slug, last publication of their editions)}}
    for every series of ``series``: the sitemap's speaker pages, in one query. Only the
    speakers' series of each language (the first of ``series`` in the menu, else the first)
    has any: the others send their visitors there."""
    _edition, ProgrammeItem, Speaker = _models()
    series = list(series)
    if not series:
        return {}
    tag(Speaker, ProgrammeItem)  # read as values: no row tags itself
    carrying = {}
    for page in sorted(series, key=lambda page: (not page.show_in_menus, page.path)):
        carrying.setdefault(page.locale_id, page)
    editions = _editions_in(*carrying).live().public()
    links = ProgrammeItem.speakers.through.objects.filter(programmeitem__edition__in=editions)
    pages = {page.pk: {} for page in series}
    for slug, key, locale_id, published in links.values_list(
        "speaker__slug",
        "speaker__translation_key",
        "programmeitem__edition__locale_id",
        "programmeitem__edition__last_published_at",
    ).order_by():
        found = pages[carrying[locale_id].pk]
        known = found.get(key)
        if known is None or (published and (known[1] is None or published > known[1])):
            found[key] = (slug, published)
    return pages
