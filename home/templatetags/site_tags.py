"""Site-wide template tags: navigation, language switcher, the organisation's identity,
SEO helpers."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page

from home import identity, routing, structured_data
from home.routing import chrome
from home.services import site_url

register = template.Library()


@register.simple_tag(takes_context=True)
def site_root(context):
    request = context.get("request")
    return routing.site_root(request) if request else None


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The home page's children that editors marked "show in menus", in the current language."""
    request = context.get("request")
    root = routing.site_root(request) if request else None
    return chrome(root) if root is not None else []


@register.filter
def localized(page):
    """The page in the active language (``page.localized``), without a query when the
    request already read its translation."""
    return routing.localized(page) if page is not None else page


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language: the translated page when there is one, else that language's home.

    Each entry says whether the page really exists in that language, so `hreflang`
    alternates are only given for true translations.
    """
    request = context.get("request")
    page = context.get("page")
    memo = getattr(request, "_language_links", None)  # the head and the switcher share them
    if memo is not None and memo[0] is page:
        return memo[1]
    current = get_language()
    subpage_for = context.get("subpage_for")
    links = []
    translations = {}
    if isinstance(page, Page) and page.pk:
        found = routing.remembered("translations", page.translation_key)  # read with the page
        if found is None or getattr(request, "is_preview", False):
            found = page.get_translations(inclusive=True).live().select_related("locale")
        translations = {p.locale.language_code: p for p in found}
    root = routing.site_root(request) if request and translations else None
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        translated = translations.get(code)
        subpage_url = None
        if translated is not None and subpage_for is not None:
            # A sub-page (the programme, one item): the same sub-page in that language.
            subpage_url = subpage_for(translated)
        if subpage_url is not None:
            url, exact = subpage_url, True
        elif translated is not None:
            url, exact = translated.get_url(request), subpage_for is None
        elif translations and root is not None:
            homes = routing.remembered("translations", root.translation_key)
            if homes is None:
                homes = root.get_translations(inclusive=True).live().select_related("locale")
            home = next((h for h in homes if h.locale.language_code == code), None)
            url, exact = (home.get_url(request) if home else translate_url("/", code)), False
        else:
            url, exact = translate_url(request.get_full_path() if request else "/", code), True
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url,
                "exact": exact,
                "is_current": code == current,
            }
        )
    if request is not None:
        request._language_links = (page, links)
    return links


@register.filter
def absolute(url, _request=None):
    """Absolute URL for social cards and feeds, at SITE_URL whatever host the request named
    (``absolute:request`` still works: the argument is no longer needed)."""
    return site_url(url) if url else url


@register.simple_tag(takes_context=True)
def site_identity(context):
    """The organisation: name, contact email, logo and default sharing image."""
    return identity.site_identity(request=context.get("request"))


@register.simple_tag(takes_context=True)
def privacy_page(context):
    """The privacy policy in the current language (else the site's), or None."""
    request = context.get("request")
    return identity.privacy_page(request=request) if request is not None else None


def _organizer(context, organisation, logo_url=""):
    request = context.get("request")
    root = routing.site_root(request) if request else None
    url = absolute(root.get_url(request)) if root is not None and request is not None else ""
    logo = absolute(logo_url) if logo_url and request is not None else ""
    return structured_data.organization(
        name=organisation.name, url=url, logo=logo, email=organisation.email
    )


@register.simple_tag(takes_context=True)
def organisation_data(context, organisation, logo_url=""):
    """The organisation as schema.org structured data (JSON-LD)."""
    data = {"@context": structured_data.SCHEMA, **_organizer(context, organisation, logo_url)}
    return structured_data.json_ld(data)


@register.simple_tag(takes_context=True)
def event_data(context, obj, **shown):
    """``obj``'s events as schema.org structured data, organised by the site's organisation;
    ``shown`` is what the page already read (its venues, its sessions), not read again."""
    request = context.get("request")
    if obj is None or request is None:
        return ""
    identity = context.get("identity") or site_identity(context)
    organizer = _organizer(context, identity)
    data = obj.structured_data(request=request, organizer=organizer, **shown)
    return structured_data.json_ld(data) if data else ""
