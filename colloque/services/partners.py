"""Partners as the public sees them: the approved ones, by tier, in the reader's language;
the partners page, and the partners a visitor's search finds."""

from dataclasses import dataclass

from django.db.models import prefetch_related_objects
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

from caching import tag
from home.registry import SearchSection
from home.routing import menu_page
from home.services import fts_safe, paginate

# A partner's row holds its approved version (Wagtail's DraftStateMixin): proposals and
# pending changes live in revisions until the Comité de sélection approves them. Everything
# public reads approved rows only, through the functions below.


@dataclass
class PartnerGroup:
    """The approved partners of one tier on one edition, in the reader's language."""

    tier: object
    partners: list


def _in_language(listed, *, locale_id, default_locale_id, shown=lambda obj: True, related=()):
    """{pk of a listed object: the object to show}: itself when it is in the reader's language
    and may be ``shown``; otherwise its translation in the reader's language, else in the
    default language, among those that may be shown (one query, only for those)."""
    chosen = {obj.pk: obj for obj in listed if obj.locale_id == locale_id and shown(obj)}
    others = [obj for obj in listed if obj.pk not in chosen]
    if others:
        by_key = {}
        model = type(others[0])
        translations = model.objects.filter(translation_key__in={o.translation_key for o in others})
        if related:  # select_related() with no field is deprecated (Django 6.1)
            translations = translations.select_related(*related)
        for obj in translations:
            if shown(obj) and (
                obj.locale_id == locale_id
                or (obj.locale_id == default_locale_id and obj.translation_key not in by_key)
            ):
                by_key[obj.translation_key] = obj
        chosen.update({obj.pk: by_key.get(obj.translation_key) for obj in others})
    return chosen


def group_partner_listings(listings, *, locale_id):
    """{edition id: [PartnerGroup]}: approved partners only, grouped by tier, in order.

    A listing may point at any translation of a partner: it shows the approved version in the
    reader's language, else the approved one in the default language, else nothing. Works on
    saved listings (best read with their partner, its logo and tier) and on the unsaved ones
    of a page preview; a translation is looked for only when the listed one is not shown.
    """
    from ..models import Partner, PartnerTier  # noqa: PLC0415 (colloque.models imports this module)

    tag(Partner, PartnerTier)  # a translation approved since
    # A partner carried over to a next edition shows there once the partnership is renewed.
    listings = [
        listing
        for listing in listings
        if listing.partner_id and listing.tier_id and not listing.to_renew
    ]
    if not listings:
        return {}
    prefetch_related_objects(listings, "partner__logo", "tier")  # unless read with them
    default_locale_id = Locale.get_default().pk
    partners = _in_language(
        {listing.partner for listing in listings},
        locale_id=locale_id,
        default_locale_id=default_locale_id,
        shown=lambda partner: partner.live,  # approved
        related=("logo",),
    )
    tiers = _in_language(
        {listing.tier for listing in listings},
        locale_id=locale_id,
        default_locale_id=default_locale_id,
    )
    grouped = {}
    for listing in sorted(
        listings, key=lambda item: (item.edition_id or 0, item.sort_order or 0, item.pk or 0)
    ):
        partner, tier = partners.get(listing.partner_id), tiers.get(listing.tier_id)
        if partner is None or tier is None:  # not approved (yet, or any more)
            continue
        edition_groups = grouped.setdefault(listing.edition_id, {})
        if any(partner in group.partners for group in edition_groups.values()):
            continue  # listed twice: the first place counts
        edition_groups.setdefault(tier.translation_key, PartnerGroup(tier, [])).partners.append(
            partner
        )
    return {
        edition_id: sorted(groups.values(), key=lambda g: (g.tier.sort_order, g.tier.name))
        for edition_id, groups in grouped.items()
    }


def edition_partner_groups(*, edition):
    """The edition's approved partners by tier (its unsaved listings too, in a preview)."""
    listings = list(edition.partner_listings.select_related("partner__logo", "tier"))
    return group_partner_listings(listings, locale_id=edition.locale_id).get(edition.pk, [])


PAST_EDITIONS_PER_PAGE = 5


def partners_page_listing(*, locale_id, page_number=1):
    """(current, past) for the partners page: the newest edition with approved partners as
    (edition, groups), or an empty tuple; then a page of the older ones, newest first."""
    from ..models import EditionPage, EditionPartner  # noqa: PLC0415 (colloque.models imports this module)

    tag(EditionPage, locale=locale_id)
    editions = list(
        EditionPage.objects.live()
        .public()
        .filter(locale_id=locale_id, partner_listings__isnull=False)
        .distinct()
        .defer_streamfields()
        .order_by("-year", "-pk")
    )
    groups = group_partner_listings(
        EditionPartner.objects.filter(
            edition__in=[edition.pk for edition in editions]
        ).select_related("partner__logo", "tier"),
        locale_id=locale_id,
    )
    listing = [(edition, groups[edition.pk]) for edition in editions if groups.get(edition.pk)]
    past = paginate(listing[1:], page_number=page_number, per_page=PAST_EDITIONS_PER_PAGE)
    return (listing[0] if listing else ()), past


def partners_page(*, locale_id):
    """The live, public partners page of one language, if there is one."""
    from ..models import PartnersPage  # noqa: PLC0415 (colloque.models imports this module)

    tag(PartnersPage, locale=locale_id)
    in_menu = menu_page(PartnersPage, locale_id=locale_id)  # usually: the menu shows it
    if in_menu is not None:
        return in_menu
    return PartnersPage.objects.live().public().filter(locale_id=locale_id).first()


def partner_search_section(*, query, locale):
    """The partners a visitor's search finds, beside the pages (registered with the base's
    search, ``home.registry``), or None."""
    partners, page = search_partners(query=query, locale=locale)
    if not partners:
        return None
    return SearchSection(
        template="components/partner_search_results.html",
        items=partners,
        context={"partners_page": page},
    )


def search_partners(*, query, locale):
    """(partners, partners page): the approved partners of one language listed on a live
    edition that match a visitor's search, and the page that presents them."""
    from wagtail.search.models import IndexEntry  # noqa: PLC0415 (the search backend's models: once the app registry is ready)

    from ..models import EditionPage, Partner  # noqa: PLC0415 (colloque.models imports this module)

    page = partners_page(locale_id=locale.pk)
    searchable = fts_safe(query)
    if page is None or not searchable.strip():
        return [], page
    tag(Partner, EditionPage, IndexEntry)  # any language: a partner is listed by its key
    # A subquery, not a list read first: one query in all.
    listed = Partner.objects.filter(
        edition_listings__edition__in=EditionPage.objects.live().public(),
        edition_listings__to_renew=False,
    ).values("translation_key")
    found = get_search_backend().search(
        searchable, Partner.objects.filter(live=True, locale=locale, translation_key__in=listed)
    )
    return list(found[:10]), page
