"""Site-wide rules: what a visitor may find, in which language."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import F, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.models import Locale, Page, Site, get_page_models
from wagtail.search.utils import normalise_query_string

from caching import tag

from .routing import public_pages

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


def fts_safe(query):
    """The search backend on SQLite (FTS5) wraps each term in double quotes without doubling
    the quotes inside it: a stray quote breaks the MATCH syntax (a 500). On SQLite, quotes
    are dropped (no phrase search there); PostgreSQL takes the query as typed."""
    return query.replace('"', " ") if connection.vendor == "sqlite" else query


def search_pages(*, query, page_number=1, locale=None, per_page=SEARCH_RESULTS_PER_PAGE):
    """Search the live, public pages of one language; returns a page of results.

    Results show the introduction of their own type (``with_intros``). What a query finds
    changes with any page and with the search index.
    """
    from wagtail.search.models import IndexEntry  # noqa: PLC0415 (the search backend's models: once the app registry is ready)

    locale = locale or Locale.get_active()
    tag(Page, IndexEntry, locale=locale)
    pages = with_intros(public_pages().live().public().filter(locale=locale))
    searchable = fts_safe(query)
    found = pages.search(searchable) if searchable.strip() else pages.none()
    return paginate(found, page_number=page_number, per_page=per_page)


def _intro_models():
    """Page types that have an introduction (``intro``)."""
    return [
        model
        for model in get_page_models()
        if any(field.name == "intro" for field in model._meta.concrete_fields)
    ]


def with_intros(pages):
    """``pages`` annotated with the introduction of their own type (``intro``, else ""),
    read with the pages: one subquery per type that has one, where loading each result in
    its specific form would take a query per type."""
    intros = [
        Subquery(
            model.objects.filter(pk=OuterRef("pk")).order_by().values("intro")[:1],
            output_field=TextField(),
        )
        for model in _intro_models()
    ]
    return (
        pages.annotate(intro=Coalesce(*intros, Value(""), output_field=TextField()))
        if intros
        else pages
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
    return urlsplit(settings.SITE_URL).hostname


def site_url(path=""):
    """An absolute link to ``path`` on the public site: every absolute URL the site gives
    (emails, calendars, feeds, social cards, robots.txt) is built here, from SITE_URL.

    An absolute ``path`` (media on a CDN) is returned as it is.
    """
    if path.startswith(("http://", "https://")):
        return path
    if path.startswith("//"):  # protocol-relative: another host, the site's scheme
        return urlsplit(settings.SITE_URL).scheme + ":" + path
    return settings.SITE_URL + "/" + path.lstrip("/")


def follow_site_url(*, using="default"):
    """Point the default Wagtail Site at SITE_URL (host and port), so that the addresses
    Wagtail builds itself (canonical links, sitemap, the API's html_url) use it too.

    Run after every ``migrate`` (home.apps): changing SITE_URL and migrating again moves the
    Site. Saves only when something changed (a save invalidates every stored page). Returns
    the Site, or None when there is no default Site yet.
    """
    address = urlsplit(settings.SITE_URL)
    hostname = address.hostname
    port = address.port or (443 if address.scheme == "https" else 80)
    site = Site.objects.using(using).filter(is_default_site=True).first()
    if site is None:
        return None
    if (site.hostname, site.port) != (hostname, port):
        taken = Site.objects.using(using).filter(hostname=hostname, port=port).first()
        if taken is not None:
            raise ImproperlyConfigured(
                f"SITE_URL={settings.SITE_URL}: the Wagtail Site “{taken}” already has this "
                "address; change or delete it in the admin (Settings, Sites) first."
            )
        site.hostname, site.port = hostname, port
        site.save(using=using, update_fields=["hostname", "port"])
    return site


def page_url(page):
    """A page's absolute link (see ``site_url``), in its own language."""
    parts = page.get_url_parts()
    if parts is None:  # not routable: under no site
        return ""
    return site_url(parts[2])
