"""Rules of the programme: what the admin refuses, how visitors filter it, calendar export."""

import datetime
import itertools
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Exists, OuterRef, Prefetch, prefetch_related_objects
from django.db.models.functions import Cast
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Event
from wagtail.models import Locale, WorkflowState
from wagtail.search.backends import get_search_backend

from caching import tag
from home import ics
from home.formatting import format_date, format_time, format_time_range, typography
from home.registry import SearchSection
from home.routing import menu_page
from home.services import calendar_domain, fts_safe, page_url, paginate

PROGRAMME_TIME_ZONE = ZoneInfo("America/Toronto")


@dataclass(frozen=True)
class ProgrammeSlot:
    """The part of a programme item the rules look at, from a saved item or a form."""

    title: str
    day: datetime.date | None
    start: datetime.time | None
    end: datetime.time | None
    venue: object = None
    room: str = ""
    speakers: tuple = ()

    @classmethod
    def from_data(cls, data):
        return cls(
            title=data.get("title") or "?",
            day=data.get("day"),
            start=data.get("start_time"),
            end=data.get("end_time"),
            venue=data.get("venue"),
            room=(data.get("room") or "").strip(),
            speakers=tuple(data.get("speakers") or ()),
        )

    @property
    def is_timed(self):
        return bool(self.day and self.start and self.end and self.end > self.start)

    def overlaps(self, other):
        return (
            self.is_timed
            and other.is_timed
            and self.day == other.day
            and self.start < other.end
            and other.start < self.end
        )


def _when(slot):
    day = format_date(slot.day, year=False)
    return f"{day}, {format_time_range(slot.start, slot.end)}"


def programme_problems(*, start_date, end_date, items):
    """Every reason the programme cannot happen, each naming the items involved."""
    problems = []
    for item in items:
        if item.start and item.end and item.end <= item.start:
            problems.append(
                _("“%(title)s” ends before it starts (%(start)s–%(end)s).")
                % {
                    "title": item.title,
                    "start": format_time(item.start),
                    "end": format_time(item.end),
                }
            )
        if item.day and start_date and end_date and not start_date <= item.day <= end_date:
            problems.append(
                _("“%(title)s” is on %(day)s, outside the edition (%(start)s to %(end)s).")
                % {
                    "title": item.title,
                    "day": format_date(item.day),
                    "start": format_date(start_date),
                    "end": format_date(end_date),
                }
            )
    for first, second in itertools.combinations(items, 2):
        if not first.overlaps(second):
            continue
        same_room = (
            first.venue is not None
            and first.venue == second.venue
            and first.room
            and first.room.casefold() == second.room.casefold()
        )
        if same_room:
            problems.append(
                _("“%(first)s” and “%(second)s” overlap in the same room (%(room)s, %(when)s).")
                % {
                    "first": first.title,
                    "second": second.title,
                    "room": first.room,
                    "when": _when(first),
                }
            )
        for speaker in set(first.speakers) & set(second.speakers):
            problems.append(
                _(
                    "%(speaker)s cannot be at “%(first)s” and “%(second)s” "
                    "at the same time (%(when)s)."
                )
                % {
                    "speaker": speaker,
                    "first": first.title,
                    "second": second.title,
                    "when": _when(first),
                }
            )
    return problems


def split_editions(*, editions):
    """Editions still to come (soonest first), then those that are over (newest first)."""
    from .models import EditionStatus  # noqa: PLC0415 (colloque.models imports this module)

    editions = list(editions)
    upcoming = sorted((e for e in editions if e.status != EditionStatus.OVER), key=lambda e: e.year)
    past = [e for e in editions if e.status == EditionStatus.OVER]
    return upcoming, past


@dataclass
class FilterOption:
    value: str
    label: str
    query: str
    selected: bool
    count: int = 0  # items shown once chosen, the other filters kept


# Each filter: its GET parameter, heading, and how many options make it worth showing
# (a single venue is no choice at all).
FILTER_GROUPS = (
    ("day", gettext_lazy("Day"), 2),
    ("kind", gettext_lazy("Kind"), 1),
    ("theme", gettext_lazy("Theme"), 1),
    ("venue", gettext_lazy("Venue"), 2),
    ("room", gettext_lazy("Room"), 2),
)
FILTER_NAMES = tuple(name for name, _heading, _minimum in FILTER_GROUPS)


def _facets(item):
    """{filter: {value: label}} for one programme item: what each filter can find it by."""
    from .models import ProgrammeItemKind  # noqa: PLC0415 (colloque.models imports this module)

    return {
        "day": {item.day.isoformat(): format_date(item.day, weekday=True, year=False)},
        "kind": {item.kind: ProgrammeItemKind(item.kind).label},
        "theme": {theme.slug: theme.name for theme in item.themes.all()},
        "venue": {str(item.venue_id): item.venue.name} if item.venue_id else {},
        "room": {item.room: item.room} if item.room else {},
    }


@dataclass
class ProgrammeFilters:
    chosen: dict = field(default_factory=dict)  # {filter: value}, only those in use
    options: dict = field(default_factory=dict)

    @property
    def groups(self):
        """(name, heading, options) for each filter worth showing, in display order."""
        return [
            (name, heading, self.options[name])
            for name, heading, minimum in FILTER_GROUPS
            if len(self.options.get(name, ())) >= minimum or name in self.chosen
        ]

    @property
    def active(self):
        return bool(self.chosen)

    def matches(self, item, *, facets=None, ignoring=None):
        facets = facets or _facets(item)
        return all(value in facets[name] for name, value in self.chosen.items() if name != ignoring)


def programme_filters(*, items, params):
    """Filters offered as plain links, each with the number of items it would show: only
    values present in the programme, each link keeping the other filters and toggling its
    own. Several filters combine (a day and a room); an unknown value is ignored."""
    facets = [(item, _facets(item)) for item in items]
    values = {name: {} for name in FILTER_NAMES}
    for _item, found in facets:
        for name, labels in found.items():
            values[name].update(labels)
    chosen = {name: (params.get(name) or "").strip() for name in FILTER_NAMES}
    filters = ProgrammeFilters(
        chosen={name: value for name, value in chosen.items() if value in values[name]}
    )
    for name in FILTER_NAMES:
        # What each value would show with the other filters as they are.
        counts = Counter(
            value
            for item, found in facets
            if filters.matches(item, facets=found, ignoring=name)
            for value in found[name]
        )
        by_label = sorted(values[name].items(), key=lambda pair: str(pair[1]))
        ordered = sorted(values[name].items()) if name == "day" else by_label
        options = []
        for value, label in ordered:
            selected = filters.chosen.get(name) == value
            if not counts[value] and not selected:
                continue  # a link to an empty programme is no choice
            query = {k: v for k, v in filters.chosen.items() if k != name}
            if not selected:
                query[name] = value
            options.append(
                FilterOption(value, str(label), urlencode(query), selected, counts[value])
            )
        filters.options[name] = options
    return filters


def filter_programme(*, items, filters):
    """The items that match, grouped by day then ordered by time: [(day, [items])]."""
    matching = [item for item in items if filters.matches(item)]
    return [(day, list(group)) for day, group in itertools.groupby(matching, key=lambda i: i.day)]


def item_slug(*, item):
    """The item's slug, or one made from its title, made unique within its edition by a
    number (two "Pause" on two days are pause and pause-2)."""
    from .models import ProgrammeItem  # noqa: PLC0415 (colloque.models imports this module)

    base = slugify(item.slug or item.title)[:70].strip("-") or "activite"
    siblings = ProgrammeItem.objects.filter(edition_id=item.edition_id).exclude(pk=item.pk)
    taken = set(siblings.filter(slug__startswith=base).values_list("slug", flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def item_in_translation(*, item, edition_id):
    """The same programme item in another language's edition, matched by position in the
    programme as calendars match them (``_shared_item_ids``); None if they differ."""
    from .models import ProgrammeItem  # noqa: PLC0415 (colloque.models imports this module)

    if edition_id == item.edition_id:
        return item
    both = ProgrammeItem.objects.filter(edition_id__in=(item.edition_id, edition_id))
    by_edition = {item.edition_id: [], edition_id: []}
    for row in both.order_by("day", "start_time", "sort_order").only("slug", "edition_id"):
        by_edition[row.edition_id].append(row)
    own, twins = by_edition[item.edition_id], by_edition[edition_id]
    if len(own) != len(twins):
        return None
    return twins[[row.pk for row in own].index(item.pk)]


def day_neighbours(*, item):
    """(previous, next) items of the same day, by time: a visitor reads a day in order."""
    day = list(
        item.edition.programme_items.filter(day=item.day)
        .order_by("start_time", "sort_order", "pk")
        .only("pk", "title", "slug", "start_time", "end_time", "edition_id")
    )
    at = next(index for index, other in enumerate(day) if other.pk == item.pk)
    return (day[at - 1] if at else None, day[at + 1] if at + 1 < len(day) else None)


def edition_speakers(*, edition):
    from .models import ProgrammeItem, Speaker  # noqa: PLC0415 (colloque.models imports this module)

    return (
        Speaker.objects.filter(programme_items__edition=edition)
        .distinct()
        .select_related("photo")
        .prefetch_related(
            Prefetch(
                "programme_items",
                queryset=ProgrammeItem.objects.filter(edition=edition).order_by(
                    "day", "start_time"
                ),
                to_attr="edition_items",
            ),
        )
        .order_by("name")
    )


def choices_in_language(*, queryset, locale_id, chosen=()):
    """What an edition's editor may pick (a speaker, venue, theme): those of the edition's
    language only, so each appears once, plus whatever is already chosen, so an item linked
    across languages before still saves unchanged."""
    return queryset.filter(models.Q(locale_id=locale_id) | models.Q(pk__in=list(chosen)))


def edition_year_taken(*, parent, year, exclude_pk=None):
    """Whether the series under ``parent`` already has an edition that year."""
    from .models import EditionPage  # noqa: PLC0415 (colloque.models imports this module)

    siblings = EditionPage.objects.child_of(parent).filter(year=year)
    if exclude_pk:
        siblings = siblings.exclude(pk=exclude_pk)
    return siblings.exists()


def _shared_item_ids(edition):
    """Each programme item's id in the default-language edition, matched by position, so
    that the French and English copies of one event share their UID."""
    own = list(edition.get_programme().values_list("pk", flat=True))
    source = edition.get_translation_or_none(Locale.get_default())
    if source is None or source.pk == edition.pk:
        return {pk: pk for pk in own}
    twins = list(source.specific.get_programme().values_list("pk", flat=True))
    if len(twins) != len(own):  # the translation has its own programme: its own ids
        return {pk: pk for pk in own}
    return dict(zip(own, twins, strict=True))


def build_calendar(*, edition, items, request=None):
    """An RFC 5545 calendar of programme items, in America/Toronto time with its VTIMEZONE."""
    calendar = ics.new_calendar(
        name=edition.title, product="Colloque", time_zone=PROGRAMME_TIME_ZONE
    )
    stamp = edition.last_published_at or timezone.now()
    edition_url = page_url(edition)
    domain = calendar_domain()
    shared_ids = _shared_item_ids(edition)
    for item in items:
        event = Event()
        # Stable across exports, edits and languages: the item's identity, not its content.
        event.add("uid", f"programme-item-{shared_ids.get(item.pk, item.pk)}@{domain}")
        event.add("dtstamp", stamp)
        ics.versioned(event, changed_at=stamp)
        event.add("dtstart", item.starts_at)
        event.add("dtend", item.ends_at)
        # Text for people, in the page's (active) language and its typography.
        event.add("summary", typography(item.title))
        speakers = ", ".join(speaker.name for speaker in item.speakers.all())
        description = "\n\n".join(part for part in (item.description, speakers) if part)
        if description:
            event.add("description", typography(description))
        if item.location_text:
            event.add("location", item.location_text)
        event.add("url", edition_url + edition.reverse_subpage("programme_item", args=(item.slug,)))
        event.add("categories", [str(item.get_kind_display())])
        calendar.add_component(event)
    return ics.add_timezones(calendar)


def calendar_response(*, edition, items, request):
    items = list(items)
    calendar = build_calendar(edition=edition, items=items, request=request)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    name = (
        f"programme-{edition.year}"
        if len(items) != 1
        else f"programme-{edition.year}-{items[0].pk}"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    return response


# Partners ---------------------------------------------------------------------------------
#
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
    from .models import Partner, PartnerTier  # noqa: PLC0415 (colloque.models imports this module)

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
    from .models import EditionPage, EditionPartner  # noqa: PLC0415 (colloque.models imports this module)

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
    from .models import PartnersPage  # noqa: PLC0415 (colloque.models imports this module)

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

    from .models import EditionPage, Partner  # noqa: PLC0415 (colloque.models imports this module)

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


class PartnerState(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft, not yet proposed")
    AWAITING = "awaiting", gettext_lazy("Awaiting approval")
    SENT_BACK = "sent-back", gettext_lazy("Sent back for changes")
    APPROVED = "approved", gettext_lazy("Approved")
    APPROVED_WITH_DRAFT = "approved-draft", gettext_lazy("Approved, with unproposed changes")
    APPROVED_CHANGES_SENT_BACK = "approved-sent-back", gettext_lazy("Approved, changes sent back")


def _workflow_states(queryset, status):
    return Exists(
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(queryset.model),
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
            status=status,
        )
    )


def with_partner_state(queryset):
    """Annotate ``in_moderation`` (a workflow is under way) and ``sent_back`` (the committee
    asked for changes) in the same query."""
    return queryset.annotate(
        in_moderation=_workflow_states(queryset, WorkflowState.STATUS_IN_PROGRESS),
        sent_back=_workflow_states(queryset, WorkflowState.STATUS_NEEDS_CHANGES),
    )


def partner_state(*, partner):
    in_moderation = getattr(partner, "in_moderation", None)
    sent_back = getattr(partner, "sent_back", None)
    if in_moderation is None or sent_back is None:
        current = partner.current_workflow_state
        status = current.status if current else None
        in_moderation = status == WorkflowState.STATUS_IN_PROGRESS
        sent_back = status == WorkflowState.STATUS_NEEDS_CHANGES
    if in_moderation:
        return PartnerState.AWAITING
    if sent_back:
        return PartnerState.APPROVED_CHANGES_SENT_BACK if partner.live else PartnerState.SENT_BACK
    if not partner.live:
        return PartnerState.DRAFT
    if partner.has_unpublished_changes:
        return PartnerState.APPROVED_WITH_DRAFT
    return PartnerState.APPROVED


def filter_by_partner_state(queryset, state):
    queryset = with_partner_state(queryset)
    if state == PartnerState.AWAITING:
        return queryset.filter(in_moderation=True)
    queryset = queryset.filter(in_moderation=False)
    if state == PartnerState.SENT_BACK:
        return queryset.filter(sent_back=True, live=False)
    if state == PartnerState.APPROVED_CHANGES_SENT_BACK:
        return queryset.filter(sent_back=True, live=True)
    queryset = queryset.filter(sent_back=False)
    if state == PartnerState.DRAFT:
        return queryset.filter(live=False)
    if state == PartnerState.APPROVED_WITH_DRAFT:
        return queryset.filter(live=True, has_unpublished_changes=True)
    if state == PartnerState.APPROVED:
        return queryset.filter(live=True, has_unpublished_changes=False)
    return queryset


class PartnerProblem(Exception):
    pass


def propose_partner(*, partner, user):
    """Send the partner as it stands (new, or an approved one with changes) to the committee.

    The approved version stays public until the committee approves this one.
    """
    if partner.pk and partner.workflow_in_progress:
        raise PartnerProblem(_("This partner is already awaiting approval."))
    if partner.pk is None:
        partner.live = False
        partner.save()
    elif not partner.live:
        partner.save()
    # An approved row is left as it is: the proposal lives in the revision.
    partner.save_revision(user=user)
    sent_back = partner.current_workflow_state
    if sent_back is not None and sent_back.status == sent_back.STATUS_NEEDS_CHANGES:
        # Sent back for changes: the same workflow resumes (a second one may not start).
        sent_back.resume(user)
        return sent_back
    workflow = partner.get_workflow()
    if workflow is None:
        raise PartnerProblem(_("No approval workflow is set up for partners."))
    return workflow.start(partner, user)


def _decide(partner, *, user, action, comment):
    partner.refresh_from_db()
    task_state = partner.current_workflow_task_state
    if task_state is None:
        raise PartnerProblem(_("This partner is not awaiting approval."))
    task_state.task.specific.on_action(task_state, user, action, comment=comment)
    partner.refresh_from_db()
    return partner


def approve_partner(*, partner, user, comment=""):
    return _decide(partner, user=user, action="approve", comment=comment)


def reject_partner(*, partner, user, comment=""):
    return _decide(partner, user=user, action="reject", comment=comment)


def partners_for_admin():
    """Every partner with its state and editions, in a constant number of queries."""
    from .models import EditionPartner, Partner  # noqa: PLC0415 (colloque.models imports this module)

    return with_partner_state(
        Partner.objects.select_related("locale").prefetch_related(
            Prefetch(
                "edition_listings",
                queryset=EditionPartner.objects.select_related("edition"),
            )
        )
    ).order_by("name", "locale_id")
