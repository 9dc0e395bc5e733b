"""Page lookups that Wagtail repeats within one request, made once per request.

Wagtail routes a URL one level at a time, two queries a level (the child, then its
specific row); it checks a page's view restrictions with two queries (the ancestors, then
their restrictions), and every ``.public()`` queryset reads all restrictions again.
``BasePage`` overrides ``route``, ``localized``, ``get_view_restrictions`` and its manager's
queryset, Wagtail's documented extension points, to use the helpers below. Nothing is kept
across requests.
"""

from collections import defaultdict

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import DisallowedHost
from django.db.models import Exists, Q
from django.http import Http404
from django.http.request import split_domain_port
from django.urls import Resolver404
from django.utils.translation import get_language
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.models.sites import SiteRootPath
from wagtail.query import PageQuerySet

from .locales import request_memo


def with_relations(model, **lookup):
    """The ``model`` pages matching ``lookup``, with what their template shows loaded with
    them (their locale and ``route_relations``), in one query."""
    relations = ["locale", *getattr(model, "route_relations", ())]
    # No ORDER BY: with one, Django's compiler hashes every selected column (a hundred here).
    return list(model._default_manager.select_related(*relations).filter(**lookup).order_by())


def route(*, root, components):
    """Wagtail's routing from ``root`` (a child per path component, unless a routable page
    on the way answers the rest of the path itself), from pages read in one query with what
    every page's chrome shows: the pages whose address is a prefix of the path (the
    breadcrumbs), the translations of the deepest (the language links) and the menu.
    Returns (the specific page, the rest of the path)."""
    prefixes = [root.url_path + "/".join(components[:n]) + "/" for n in range(1, len(components))]
    prefixes.append(root.url_path + "/".join(components) + "/")
    deepest = Page.objects.filter(url_path__in=prefixes).order_by("-depth")
    pages = sorted(  # in tree order, sorted here: an ORDER BY costs more to compile than this
        Page.objects.filter(
            Q(url_path__in=prefixes)
            | Q(translation_key__in=deepest.values("translation_key")[:1])
            | _chrome_q(root)
        )
        .select_related("locale")
        .order_by(),
        key=lambda page: page.path,
    )
    found = {page.url_path: page for page in pages if page.url_path in prefixes}
    # Children of root only: the translations read with the page sit at the same depth.
    children = [p for p in pages if p.depth == root.depth + 1 and p.path.startswith(root.path)]
    remember_chrome(root, children)
    page, depth, chain = root, 0, []
    while depth < len(components):
        model = page.specific_class
        if page.live and issubclass(model, RoutablePageMixin):
            rest = "/" + "/".join(components[depth:]) + "/"
            if hasattr(model, "answers"):  # routes in the page's language (home.routes)
                if model.answers(rest, language=page.locale.language_code):
                    break
            else:
                try:
                    model.get_resolver().resolve(rest)
                    break  # RoutablePageMixin.route answers it
                except Resolver404:
                    pass
        child = found.get(page.url_path + components[depth] + "/")
        if child is None:
            raise Http404
        child._cached_parent_obj = page  # get_parent() then costs no query
        chain.append(page)
        page, depth = child, depth + 1
    if page is root:
        return root, components
    remember_translations(page, [p for p in pages if p.translation_key == page.translation_key])
    [specific] = with_relations(page.specific_class, pk=page.pk)
    specific._cached_parent_obj, specific.route_ancestors = page._cached_parent_obj, chain
    return specific, components[depth:]


def _privacy_type():
    return ContentType.objects.get_for_model(apps.get_model("home", "PrivacyPage"))


def _chrome_q(root):
    """What every page's chrome shows under the home page ``root``: its live children shown
    in menus, and its privacy policy (the footer and consent texts link to it)."""
    return Q(path__startswith=root.path, depth=root.depth + 1, live=True) & (
        Q(show_in_menus=True) | Q(content_type=_privacy_type())
    )


def remember_chrome(root, children):
    """The menu of ``root`` (its live children shown in menus, public only) and its privacy
    policy, for the request."""
    memo = request_memo()
    if memo is not None:
        restricted = tuple(r.page.path for r in all_view_restrictions())
        public = [p for p in children if p.live and not p.path.startswith(restricted)]
        memo[("menu", root.pk)] = [p for p in public if p.show_in_menus]
        privacy = _privacy_type().pk
        memo[("privacy", root.pk)] = next((p for p in public if p.content_type_id == privacy), None)


def chrome(root):
    """The menu of ``root``, read with the page or here once for the request (its privacy
    policy with it: ``remembered("privacy", root.pk)``)."""
    menu = remembered("menu", root.pk)
    if menu is None:
        children = sorted(  # in tree order, sorted here: cheaper than compiling an ORDER BY
            public_pages().filter(_chrome_q(root)).public().order_by(), key=lambda p: p.path
        )
        remember_chrome(root, children)
        menu = remembered("menu", root.pk)
        if menu is None:  # outside a request: nothing remembered
            menu = [p for p in children if p.show_in_menus]
    return menu


def site_root(request):
    """The home page in the active language; header, menu and footer share one lookup."""
    language = get_language()
    memo_name = f"_site_root_{language}"
    if not hasattr(request, memo_name):
        site = Site.find_for_request(request)
        setattr(request, memo_name, site.root_page.localized.specific if site else None)
    return getattr(request, memo_name)


def menu_page(model, *, locale_id):
    """A page of ``model`` in ``locale_id`` among the menus the request already read (live
    and public, as menus are), or None: such a page then costs no query of its own."""
    memo = request_memo()
    if memo is None:
        return None
    content_type = ContentType.objects.get_for_model(model).pk
    for key, pages in list(memo.items()):
        if isinstance(key, tuple) and key[:1] == ("menu",):
            for page in pages:
                if page.content_type_id == content_type and page.locale_id == locale_id:
                    return page
    return None


def remember_translations_of(pages):
    """The live translations in the active language of ``pages`` chosen in another one (a
    home page's featured page and links), read in one query for the request; ``localized``
    then finds them."""
    memo = request_memo()
    locale = active_locale()
    if memo is None or locale is None:
        return
    keys = {
        page.translation_key
        for page in pages
        if page is not None
        and page.locale_id != locale.pk
        and ("translation", page.translation_key, locale.pk) not in memo
    }
    if keys:
        found = Page.objects.filter(translation_key__in=keys, locale=locale, live=True).order_by()
        translated = {page.translation_key: page for page in found}
        for key in keys:
            memo[("translation", key, locale.pk)] = translated.get(key)


def localized(page):
    """``page.localized`` (its live translation in the active language, else itself), from
    what the request already read when it can."""
    locale = active_locale()
    if locale is None or page.locale_id == locale.pk:
        return page
    memo = request_memo()
    key = ("translation", page.translation_key, locale.pk)
    if memo is not None and key in memo:
        found = memo[key]
        return found if found is not None and found.live else page
    return page.localized


def active_locale():
    """The active language's Locale, or None outside one (management commands, tests)."""
    try:
        return Locale.get_active()
    except (LookupError, Locale.DoesNotExist):
        return None


def remember_translations(page, translations):
    """The live translations of ``page`` (itself included, with their locales) for the request."""
    memo = request_memo()
    if memo is not None:
        memo[("translations", page.translation_key)] = [p for p in translations if p.live]


def remembered(*key):
    memo = request_memo()
    return memo.get(key) if memo is not None else None


def all_view_restrictions():
    """Every page view restriction (a handful at most), read once per request; None outside one."""
    memo = request_memo()
    if memo is None:
        return None
    if "view_restrictions" not in memo:
        memo["view_restrictions"] = list(PageViewRestriction.objects.select_related("page"))
    return memo["view_restrictions"]


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


# The site and its home pages --------------------------------------------------------------
#
# Wagtail finds a request's site (a query), its settings (another), the URL of each page
# from the site root paths (two more, without a request at hand: again), the active and
# the default locale (one each) and the home page in the visitor's language (two more).
# ``load_site`` reads them in three queries and hands them to Wagtail's own per-request
# memos, which its lookups read first.


def _site_for(request, sites):
    """Wagtail's choice of site for a host and port (``get_site_for_hostname``), in Python."""
    hostname, port = split_domain_port(request._get_raw_host())[0], str(request.get_port())

    def match(site):
        if site.hostname == hostname:
            return 0 if str(site.port) == port else 1 if site.is_default_site else 3
        return 2

    candidates = sorted(
        (site for site in sites if site.hostname == hostname or site.is_default_site), key=match
    )
    if len(candidates) == 1 or (candidates and match(candidates[0]) in (0, 1)):
        return candidates[0]
    if candidates and match(candidates[0]) == 2:
        return candidates[len(candidates) == 2]
    return None


def load_site(request):
    memo = request_memo()
    any_restriction = Exists(PageViewRestriction.objects.all())
    sites = sorted(  # sorted here rather than by SQL, cheaper for a handful of rows
        # The settings' images too: every page's header and sharing card show them.
        Site.objects.select_related(
            "root_page",
            "sitesettings",
            "sitesettings__logo",
            "sitesettings__default_share_image",
        )
        .annotate(any_restriction=any_restriction)
        .order_by(),
        key=lambda site: site.pk,
    )
    if sites and not sites[0].any_restriction:
        memo["view_restrictions"] = []  # nothing private anywhere: no query for it
    keys = defaultdict(set)  # translations share their page type
    for site in sites:
        keys[site.root_page.specific_class].add(site.root_page.translation_key)
    homes = sorted(  # with their locales only: what they show is read if one is asked for
        (
            home
            for model, translation_keys in keys.items()
            for home in model._default_manager.filter(translation_key__in=translation_keys)
            .select_related("locale")
            .order_by()
        ),
        key=lambda home: home.path,
    )
    by_key = {}
    for home in homes:
        by_key.setdefault(home.translation_key, []).append(home)
        remember_translations(home, [h for h in homes if h.translation_key == home.translation_key])
        memo[(Locale, home.locale.language_code)] = home.locale
        memo[("translation", home.translation_key, home.locale_id)] = home
    order = sorted(sites, key=lambda site: site.hostname)  # as Wagtail orders them
    order.sort(key=lambda site: site.is_default_site, reverse=True)
    order.sort(key=lambda site: site.root_page.url_path, reverse=True)
    memo["site_root_paths"] = request._wagtail_cached_site_root_paths = [
        SiteRootPath(site.pk, home.url_path, site.root_url, home.locale.language_code)
        for site in order
        for home in by_key.get(site.root_page.translation_key, [])
    ]
    site = request._wagtail_site = _site_for(request, sites)
    if site is not None:
        site.root_page = next(
            (home for home in homes if home.pk == site.root_page_id), site.root_page
        )
        if hasattr(site, "sitesettings"):  # created by Wagtail on the first visit otherwise
            site.sitesettings._request = request
            setattr(request, type(site.sitesettings).get_cache_attr_name(), site.sitesettings)
    return site


def translation_in_request(page):
    """The page's live translation in the active language when the request already read it
    (the home pages), else None."""
    memo = request_memo()
    locale = active_locale()
    if memo is None or locale is None:
        return None
    found = memo.get(("translation", page.translation_key, locale.pk))
    return found if found is not None and found.live else None


def install():
    """Page URLs built without the request at hand (``page.url``, in blocks and services)
    read the request's site root paths too: Wagtail would read them again each time."""
    original = Site.get_site_root_paths
    if getattr(original, "memoised", False):
        return

    def get_site_root_paths():
        memo = request_memo()
        return memo["site_root_paths"] if memo and "site_root_paths" in memo else original()

    get_site_root_paths.memoised = True
    Site.get_site_root_paths = staticmethod(get_site_root_paths)


class SiteMiddleware:
    """Reads the request's site before anything asks for it (inside the page cache: a
    stored page needs none of it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.get_host()
        except DisallowedHost:
            return self.get_response(request)  # Django answers 400
        load_site(request)
        return self.get_response(request)
