"""Site-wide rules: what a visitor may find, in which language."""

import functools
import hashlib
from collections.abc import Sequence
from urllib.parse import urlparse

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.models import Locale, Site
from wagtail.search.utils import normalise_query_string

from .cache import versioned
from .routing import public_pages, specific_pages

SEARCH_RESULTS_PER_PAGE = 10


def paginate(items, *, page_number, per_page):
    """One page of ``items``; a missing or bad number gives the first page, too big the last.

    ``page.links`` are the page numbers to offer, elided around the current one (None where
    numbers are left out): 300 pages of news must not mean 300 links on every page.
    """
    paginator = Paginator(items, per_page)
    try:
        page = paginator.page(page_number or 1)
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    page.links = [
        None if number == paginator.ELLIPSIS else number
        for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    return page


class Deferred(Sequence):
    """A list read on first use: a listing whose HTML is kept need not read its items."""

    def __init__(self, load):
        self._load = load

    @functools.cached_property
    def _items(self):
        return self._load()

    def __getitem__(self, index):
        return self._items[index]

    def __len__(self):
        return len(self._items)


def kept_page(*, name, items, page_number, per_page, load=list):
    """``paginate(items, ...)``, kept under the content version: for listings every visitor
    sees alike. ``name`` identifies ``items`` (their owner, filters, language...).

    The count is kept first, so a page number past the end is resolved before anything
    else is kept: a bot trying numbers adds no entry. ``load`` turns one page's slice
    into what is shown (kept with it). ``items``, a query or a list, may be a function that
    returns them, so that a listing kept whole does not even build its query. The items are
    read only when used: ``page.key`` names this page of this listing, for a template to
    keep its HTML (with the content version) and then show a full page at the cost of an
    empty one.
    """
    query = functools.cache(items) if callable(items) else lambda: items

    def count_items():
        found = query()  # a list by its length; a query or search results by the database
        return (len(found) if isinstance(found, list | tuple) else found.count(),)

    count = versioned(f"page-count:{name}", count_items)[0]
    page = paginate([None] * count, page_number=page_number, per_page=per_page)
    start = (page.number - 1) * per_page
    page.key = f"{name}:{per_page}:{page.number}"
    page.object_list = Deferred(
        lambda: versioned(
            f"page-items:{page.key}", lambda: (load(query()[start : start + per_page]),)
        )[0]
    )
    return page


def fts_safe(query):
    """The search backend on SQLite (FTS5) wraps each term in double quotes without doubling
    the quotes inside it: a stray quote breaks the MATCH syntax (a 500). On SQLite, quotes
    are dropped (no phrase search there); PostgreSQL takes the query as typed."""
    return query.replace('"', " ") if connection.vendor == "sqlite" else query


def search_pages(*, query, page_number=1, locale=None, per_page=SEARCH_RESULTS_PER_PAGE):
    """Search the live, public pages of one language; returns a page of results.

    What a query finds is the same for every visitor until the content or the search index
    changes (both bump the content version): kept under it. Results show fields of their
    own type (intro): their specific pages come from ``specific_pages``, kept as well.
    """
    locale = locale or Locale.get_active()
    digest = hashlib.blake2b(query.encode(), digest_size=16).hexdigest()
    pages = public_pages().live().public().filter(locale=locale)
    searchable = fts_safe(query)
    return kept_page(
        name=f"search:{locale.pk}:{digest}",
        items=pages.search(searchable) if searchable.strip() else pages.none(),
        page_number=page_number,
        per_page=per_page,
        load=lambda found: specific_pages(list(found)),
    )


def record_search_hit(*, query):
    """Count a search for Wagtail's "popular searches" report: one UPDATE once the day's
    row exists, rather than Wagtail's three queries (``Query.get(query).add_hit()``)."""
    today = timezone.now().date()
    counted = QueryDailyHits.objects.filter(
        query__query_string=normalise_query_string(query), date=today
    ).update(hits=F("hits") + 1)
    if not counted:
        Query.get(query).add_hit(date=today)


def default_language_version(*, page):
    """The page in the default language (records such as registrations hang on it)."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return page
    translation = page.get_translation_or_none(default)
    return translation.specific if translation is not None else page


def live_translation(*, page, language):
    """The live page in a language (for links sent to someone), else the page itself."""
    try:
        locale = Locale.objects.get_for_language(language)
    except Locale.DoesNotExist:
        return page
    translation = page.get_translation_or_none(locale)
    if translation is not None and translation.live:
        return translation.specific
    return page


def routed_page(request, path):
    """The live, public page at ``path`` through Wagtail's routing, with its route arguments.

    For plain Django views (such as .ics files) that sit beside pages: Wagtail's own page
    routes all end with a slash.
    """
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    root = site.root_page.localized.specific
    components = [component for component in path.split("/") if component]
    page, args, _kwargs = root.route(request, components)
    page = page.specific
    if page.get_view_restrictions().exists():
        raise Http404
    return page, args


def calendar_domain():
    """The domain in calendar event UIDs."""
    return urlparse(settings.WAGTAILADMIN_BASE_URL).hostname or "expressives.localhost"
