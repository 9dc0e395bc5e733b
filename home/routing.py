"""Page lookups that Wagtail repeats on every request, made once per request or version.

Wagtail routes a URL one level at a time, with two queries a level (the child, then its
specific row); it checks a page's view restrictions with two more (the ancestors, then
their restrictions), and every ``.public()`` queryset reads all restrictions again.
``BasePage`` overrides ``route``, ``get_view_restrictions`` and its manager's queryset,
Wagtail's documented extension points, to use the helpers below.

Routed pages, the site and the view restrictions are kept under ``content_version()``,
which every publish, move or deletion bumps, and so does any change to a site or a
restriction (``home.signals``): a kept value is never used once it has changed, and making
a page private takes effect at once. Nothing here depends on the visitor.
"""

import hashlib

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db.models import Q, prefetch_related_objects
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.query import PageQuerySet

from .cache import VERSIONED_SECONDS, content_version, versioned
from .locales import request_memo


def _unloaded_relations(page):
    return [
        name
        for name in getattr(page, "route_relations", ())
        if getattr(page, f"{name}_id") and not page._meta.get_field(name).is_cached(page)
    ]


def load_relations(page):
    """Give ``page`` the related objects its template shows (``route_relations``), kept under
    the content version: none of them costs a query once warm."""
    names = _unloaded_relations(page)
    if names:
        related = versioned(
            f"page-relations:{page.pk}:{','.join(names)}",
            lambda: {name: getattr(page, name) for name in names},
        )
        for name, obj in related.items():
            setattr(page, name, obj)
    return page


def child_page(*, parent, slug):
    """The specific child of ``parent`` with this slug (live or not, as Wagtail routes), or None."""
    # Slugs come from the URL: hashed, so any text makes a valid cache key.
    digest = hashlib.sha256(slug.encode()).hexdigest()[:32]

    def load():
        child = parent.get_children().filter(slug=slug).specific().first()
        if child is not None and (names := _unloaded_relations(child)):
            prefetch_related_objects([child], *names)  # kept with the page itself
        return child

    # Misses are not kept: any URL a bot tries would fill the cache.
    return versioned(f"route-child:{parent.pk}:{digest}", load)


def specific_pages(pages):
    """The specific form of each page, in order: kept under the content version, so a list
    of pages of many types (search results) costs no query per type once warm."""
    return pages_by_id([page.pk for page in pages])


def pages_by_id(ids):
    """The specific pages with these ids, in this order (``specific_pages``), kept alike."""
    version = content_version()
    keys = {pk: f"specific-page:{version}:{pk}" for pk in ids}
    found = cache.get_many(keys.values())
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        loaded = {page.pk: page for page in Page.objects.filter(pk__in=missing).specific()}
        fresh = {keys[pk]: page for pk, page in loaded.items()}
        cache.set_many(fresh, VERSIONED_SECONDS)
        found.update(fresh)
    return [found[keys[pk]] for pk in ids if keys[pk] in found]


def all_view_restrictions():
    """Every page view restriction (a handful at most), kept under the content version and
    read once per request; None outside one."""
    memo = request_memo()
    if memo is None:
        return None
    if "view_restrictions" not in memo:
        # Kept as a tuple: versioned() does not keep None, and an empty list must be kept.
        memo["view_restrictions"] = list(
            versioned(
                "view-restrictions",
                lambda: (tuple(PageViewRestriction.objects.select_related("page")),),
            )[0]
        )
    return memo["view_restrictions"]


def find_site(request):
    """The Wagtail site of this request, kept under the content version by host and port.

    Wagtail looks it up with a query on every request and memoises it on the request as
    ``request._wagtail_site`` (its documented cache), which this fills first.
    """
    try:
        request.get_host()
    except DisallowedHost:  # Django answers 400; only allowed hosts get a cache entry
        return None
    host, port = split_domain_port(request._get_raw_host())[0], request.get_port()
    digest = hashlib.sha256(f"{host}:{port}".encode()).hexdigest()[:32]
    # A host with no site gives None, which is not kept; Wagtail then looks it up itself.

    def load():
        site = Site._find_for_request(request)
        if site is not None:
            # Kept with it in its specific form: every request's routing starts there.
            site.root_page = site.root_page.specific
        return site

    site = versioned(f"site:{digest}", load)
    if site is not None:
        request._wagtail_site = site
    return site


def view_restrictions(*, page):
    """The restrictions on ``page`` and its ancestors, as a queryset (the admin orders it).

    When the request already knows there are none anywhere, that costs no query; otherwise
    one query rather than Wagtail's two: the ancestors' paths are prefixes of the page's
    own, and an alias follows its source's restrictions, as in Wagtail.
    """
    if all_view_restrictions() == []:
        return PageViewRestriction.objects.none()
    steplen = page.steplen
    paths = [page.path[:end] for end in range(steplen, len(page.path) + 1, steplen)]
    return PageViewRestriction.objects.filter(
        Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
    ).distinct()


class PublicPageQuerySet(PageQuerySet):
    """``.public()`` from the request's restrictions rather than a query per call."""

    def private_q(self):
        restrictions = all_view_restrictions()
        if restrictions is None:
            return super().private_q()
        q = Q()
        for restriction in restrictions:
            q |= self.descendant_of_q(restriction.page, inclusive=True)
        return q if q else Q(pk__in=[])  # as Wagtail's: no private section matches nothing


def public_pages():
    """All pages, for lookups across page types that then call ``.public()``."""
    return PublicPageQuerySet(Page).order_by("path")


class SiteMiddleware:
    """Finds the request's site from the kept copy (after the page cache: a hit needs none)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        find_site(request)
        return self.get_response(request)
