"""What a visitor's search finds in the programmes, beside the pages: sessions (programme
items) of the live editions in the visitor's language, and the speakers they name, each
saying what it is. Registered with the base's search (``home.registry``) by ``colloque.apps``.

One full-text search covers both: a session's index holds its speakers' names and
organisations, so a speaker is found with their sessions, at the cost of one query."""

import unicodedata

from django.db.models import Prefetch
from wagtail.search import index
from wagtail.search.backends import get_search_backend

from caching import tag
from home.registry import SearchSection
from home.services import fts_safe

RESULTS = 10  # a section beside the pages, not a second result list


def _folded(text):
    """Lower case without accents: "Équipe" and "equipe" are one word to a visitor."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def programme_search_section(*, query, locale):
    """The programme items of live editions whose words or speakers match, and those
    speakers, or None."""
    from wagtail.search.models import IndexEntry  # noqa: PLC0415 (the search backend's models: once the app registry is ready)

    from ..models import EditionPage, ProgrammeItem, Speaker  # noqa: PLC0415 (colloque.models imports this module)

    searchable = fts_safe(query)
    if not searchable.strip():
        return None
    tag(ProgrammeItem, Speaker, EditionPage, IndexEntry)
    editions = EditionPage.objects.live().public().filter(locale=locale)
    items = (
        ProgrammeItem.objects.filter(edition__in=editions)
        .select_related("edition__locale")
        .prefetch_related(Prefetch("speakers", queryset=Speaker.objects.order_by("name")))
    )
    found = list(get_search_backend().search(searchable, items)[:RESULTS])
    if not found:
        return None
    words = [_folded(word) for word in query.split() if len(word) > 1]
    speakers = {}
    for item in found:
        for speaker in item.speakers.all():
            said = _folded(f"{speaker.name} {speaker.organisation}")
            if any(word in said for word in words):
                speakers.setdefault(speaker.pk, (speaker, []))[1].append(item)
    return SearchSection(
        template="components/programme_search_results.html",
        items=found,
        context={"speakers": list(speakers.values())},
    )


def reindex_speakers_of(sender, instance, action, reverse, pk_set, **kwargs):
    """``m2m_changed`` on a session's speakers: its index holds their names, and they are
    set after the session is saved (and indexed)."""
    from ..models import ProgrammeItem  # noqa: PLC0415 (colloque.models imports this module)

    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # a speaker's sessions changed
        for item in ProgrammeItem.objects.filter(pk__in=pk_set or ()):
            index.insert_or_update_object(item)
    else:
        index.insert_or_update_object(instance)
