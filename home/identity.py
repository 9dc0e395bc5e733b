"""The organisation behind the site, as its settings name it: its name, logo, contact
email and default sharing image (titles, header, Open Graph, structured data, emails), and
its privacy policy (footer, consent texts).

Every public page shows them, so each is read at most once per request: the settings come
with the site (``home.routing.load_site``), the two images in one query when either is set,
the privacy policy in one query. Nothing is kept after the request.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from wagtail.images import get_image_model
from wagtail.models import Site

from . import routing
from .locales import request_memo
from .models import PrivacyPage, SiteSettings
from .routing import remembered

# What the site is called when its settings do not say.
FALLBACK_NAME = "Expressives"


@dataclass(frozen=True)
class Identity:
    name: str
    email: str = ""
    logo: object = None  # an image, or None
    share_image: object = None  # an image, or None
    settings: SiteSettings | None = None


def _name(site_settings, site):
    return (
        (site_settings.organisation_name if site_settings else "")
        or (site.site_name if site else "")
        or getattr(settings, "WAGTAIL_SITE_NAME", "")
        or FALLBACK_NAME
    )


def _load_images(site_settings):
    """The logo and the default sharing image, in one query (none when neither is set, or
    when whoever read the settings loaded them with it)."""
    fields = {
        "logo": site_settings.logo_id,
        "default_share_image": site_settings.default_share_image_id,
    }
    wanted = {
        name: pk
        for name, pk in fields.items()
        if pk is not None and not SiteSettings._meta.get_field(name).is_cached(site_settings)
    }
    if wanted:
        found = {
            image.pk: image for image in get_image_model().objects.filter(pk__in=wanted.values())
        }
        for name, pk in wanted.items():
            setattr(site_settings, name, found.get(pk))
    return site_settings.logo if fields["logo"] else None, (
        site_settings.default_share_image if fields["default_share_image"] else None
    )


def site_identity(*, request=None):
    """The identity of the request's site (of the default site without a request)."""
    if request is not None and hasattr(request, "_site_identity"):
        return request._site_identity
    if request is not None:
        site = Site.find_for_request(request)
        site_settings = SiteSettings.for_request(request) if site is not None else None
    else:
        site = Site.objects.filter(is_default_site=True).first()
        site_settings = SiteSettings.for_site(site) if site is not None else None
    logo, share_image = _load_images(site_settings) if site_settings else (None, None)
    identity = Identity(
        name=_name(site_settings, site),
        email=site_settings.contact_email if site_settings else "",
        logo=logo,
        share_image=share_image,
        settings=site_settings,
    )
    if request is not None:
        request._site_identity = identity
        memo = request_memo()
        if memo is not None:
            memo["organisation_name"] = identity.name
    return identity


def organisation_name():
    """The name emails are signed with: the default site's organisation, read once per
    request (a request that queues several emails, or showed a page, reads it no more)."""
    memo = request_memo()
    if memo is not None and "organisation_name" in memo:
        return memo["organisation_name"]
    row = (
        Site.objects.filter(is_default_site=True)
        .values_list("sitesettings__organisation_name", "site_name")
        .first()
    )
    name = (
        (row and (row[0] or row[1])) or getattr(settings, "WAGTAIL_SITE_NAME", "") or FALLBACK_NAME
    )
    if memo is not None:
        memo["organisation_name"] = name
    return name


def privacy_page(*, request):
    """The live, public privacy policy of the request's site in the active language, else
    in the site's own language, else None: read with the menu, else one query."""
    if hasattr(request, "_privacy_page"):
        return request._privacy_page
    site = Site.find_for_request(request)
    page = None
    if site is not None:
        home = site.root_page
        # Read with the menu of the home page in the active language (home.routing.chrome).
        local_home = routing.translation_in_request(home) or home
        page = remembered("privacy", local_home.pk)
        memo = request_memo()
        known = memo is not None and ("privacy", local_home.pk) in memo
        if page is None and known and local_home.locale_id == home.locale_id:
            request._privacy_page = None  # the site's own language has none: no fallback
            return None
    if site is not None and page is None:
        homes = remembered("translations", home.translation_key) or [home]
        under_a_home = Q(pk__in=[])
        for each in homes:
            under_a_home |= Q(path__startswith=each.path, depth=each.depth + 1)
        pages = list(PrivacyPage.objects.live().public().filter(under_a_home).order_by("path"))
        active = routing.active_locale()
        page = next((p for p in pages if active and p.locale_id == active.pk), None) or next(
            (p for p in pages if p.locale_id == home.locale_id), None
        )
    request._privacy_page = page
    return page
