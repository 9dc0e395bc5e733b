"""The colloque series, their yearly editions and each edition's programme."""

import datetime
from functools import partial
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    Page,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from caching import tag
from home import routing
from home.blocks import BodyBlock, RecordingLinkBlock, VideoBlock
from home.choices import time_zone_choices
from home.links import LinkField
from home.models import BasePage
from home.routes import TranslatedRoutesMixin, translated_regex
from home.services import site_url
from home.structured_data import event, place

from .forms import EditionCopyForm, EditionPageForm
from .serializers import PublicPartnersField
from .services import (
    PROGRAMME_TIME_ZONE,
    day_neighbours,
    edition_partner_groups,
    edition_speakers,
    filter_programme,
    item_in_translation,
    item_slug,
    item_time_zone,
    partners_page,
    partners_page_listing,
    programme_filters,
    programmes_by_edition,
    series_speakers,
    speaker_in_translations,
    speaker_pages_by_series,
    speaker_programme,
    speaker_slug,
    speakers_series,
    split_editions,
)


class Theme(TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, allow_unicode=False)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Speaker(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        blank=True,
        help_text=_(
            "The end of their page's address (…/speakers/<slug>/). Left empty, it is made "
            "from the name."
        ),
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    bio = models.TextField(_("short biography"), blank=True)
    photo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("role"), FieldPanel("organisation")]),
        FieldPanel("bio"),
        FieldPanel("photo"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("organisation"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]
        constraints = [
            # One address per speaker and language; a translation may keep the slug.
            models.UniqueConstraint(
                fields=["locale", "slug"], name="unique_speaker_slug_per_locale"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Every speaker has an address, unique in their language, from the start.
        self.slug = speaker_slug(speaker=self)
        super().save(*args, **kwargs)


class Venue(TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=255, blank=True)
    town = models.CharField(_("town"), max_length=120)
    map_url = models.URLField(_("map link"), blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=time_zone_choices,
        default=PROGRAMME_TIME_ZONE.key,
        help_text=_(
            "The venue's time zone (Europe, then Paris, for a venue in France). Programme "
            "times at this venue are its local times: pages name the zone when it is not "
            "Québec's, and calendars place them at the right moment for everyone."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("address"),
        FieldPanel("town"),
        FieldPanel("time_zone"),
        FieldPanel("map_url"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["town", "name"]

    def __str__(self):
        return f"{self.name} ({self.town})"

    @property
    def postal_address(self):
        return ", ".join(part for part in (self.address, self.town) if part)

    @property
    def location(self):
        """One line for calendars and maps."""
        return ", ".join(part for part in (self.name, self.address, self.town) if part)

    @property
    def zone(self):
        """The venue's time zone, in which its programme times are written."""
        return ZoneInfo(self.time_zone)


class PartnerKind(models.TextChoices):
    FUNDING = "funding", _("Funding")
    INSTITUTIONAL = "institutional", _("Institutional")
    COMMUNITY = "community", _("Community")
    MEDIA = "media", _("Media")


class PartnerTier(TranslatableMixin, models.Model):
    """A level of partnership on an edition (presenting, major…): an editable list."""

    name = models.CharField(_("name"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Tiers are shown from the lowest number up.")
    )

    panels = [FieldPanel("name"), FieldPanel("sort_order")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("partner tier")
        verbose_name_plural = _("partner tiers")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Partner(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    index.Indexed,
    models.Model,
):
    """An organisation that supports an edition. Public only once the committee approves it:
    the row holds the approved version, drafts and proposed changes live in revisions."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    logo_alt = models.CharField(
        _("logo text alternative"),
        max_length=255,
        blank=True,
        help_text=_(
            "What the logo says, for people who cannot see it: usually the organisation's "
            "name as written in the logo."
        ),
    )
    website = LinkField(_("website"), blank=True)
    description = models.TextField(_("short description"), max_length=400, blank=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="partner")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="partner",
        for_concrete_model=False,
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        MultiFieldPanel([FieldPanel("logo"), FieldPanel("logo_alt")], heading=_("Logo")),
        FieldPanel("website"),
        FieldPanel("description"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("live"),
        index.FilterField("locale"),
        index.FilterField("kind"),
        index.FilterField("translation_key"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        super().clean()
        if self.logo_id and not self.logo_alt.strip():
            raise ValidationError(
                {"logo_alt": _("Write what the logo says, for people who cannot see it.")}
            )

    @property
    def state_label(self):
        from .services import partner_state  # noqa: PLC0415 (colloque.services imports this module)

        return partner_state(partner=self).label

    @property
    def edition_years(self):
        years = sorted({listing.edition.year for listing in self.edition_listings.all()})
        return ", ".join(str(year) for year in years)

    def get_preview_template(self, request, mode_name, **kwargs):
        return "colloque/partner.html"

    def get_preview_context(self, request, mode_name, **kwargs):
        context = super().get_preview_context(request, mode_name, **kwargs)
        context["partner"] = self
        return context


class ColloqueIndexPage(TranslatedRoutesMixin, BasePage):
    """A colloque series (/colloque/): its editions, and its speakers across editions
    (/colloque/intervenants/, /colloque/intervenants/<slug>/)."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(
        BodyBlock(),
        verbose_name=_("history and objectives"),
        blank=True,
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["colloque.EditionPage"]

    class Meta:
        verbose_name = _("colloque series")
        verbose_name_plural = _("colloque series")

    def get_editions(self):
        return (
            EditionPage.objects.child_of(self)
            .live()
            .public()
            .select_related("hero_image")
            .order_by("-year")
        )

    # Routes answer before child pages (home.routing): editions' slugs are years, which
    # these never match.
    @path("")
    def series(self, request):
        upcoming, past = split_editions(editions=self.get_editions())
        return self.render(request, context_overrides={"upcoming": upcoming, "past": past})

    def speakers_url(self, request=None):
        """The list of every speaker, under the speakers' series of this language."""
        carrying = speakers_series(locale_id=self.locale_id)
        return self._route_url(carrying, "speakers", request=request) if carrying else ""

    def _speakers_elsewhere(self, request, name, args=()):
        """A permanent redirect to the same speakers' page under the language's speakers'
        series when it is another series (one address per speaker), else None."""
        carrying = speakers_series(locale_id=self.locale_id)
        if carrying is None:
            raise Http404
        if carrying.pk == self.pk:
            return None
        return redirect(self._route_url(carrying, name, *args, request=request), permanent=True)

    @path(_("speakers/"), name="speakers")
    def speakers(self, request):
        if elsewhere := self._speakers_elsewhere(request, "speakers"):
            return elsewhere
        return self.render(
            request,
            template="colloque/series_speakers.html",
            context_overrides={
                "speakers": series_speakers(series=self),
                **self._subpage(
                    request,
                    "speakers",
                    _("Speakers — %(title)s") % {"title": self.title},
                    crumb=_("Speakers"),
                ),
            },
        )

    @re_path(
        translated_regex(r"^%s(?P<speaker_slug>[-a-zA-Z0-9_]+)/$", _("speakers/")), name="speaker"
    )
    def speaker(self, request, speaker_slug):
        if elsewhere := self._speakers_elsewhere(request, "speaker", args=(speaker_slug,)):
            return elsewhere
        found = speaker_programme(series=self, slug=speaker_slug)
        if found is None:
            raise Http404
        speaker, editions = found
        return self.render(
            request,
            template="colloque/speaker.html",
            context_overrides={
                "speaker": speaker,
                "editions": editions,
                "speakers_url": self.speakers_url(request),
                **self._subpage(
                    request,
                    "speaker",
                    speaker.name,
                    crumb=speaker.name,
                    args=(speaker.slug,),
                    description=speaker.bio,
                ),
                "subpage_for": partial(self._speaker_in, speaker=speaker, request=request),
            },
        )

    def _subpage(self, request, name, title, *, crumb, args=(), description=""):
        """A sub-page's own address, title and name in the breadcrumbs, and its address in
        each translation (hreflang)."""
        return {
            "subpage_title": title,
            "subpage_crumb": crumb,
            "subpage_description": description,
            "subpage_url": self.get_url(request) + self.reverse_subpage(name, args=args),
            "subpage_for": partial(self.subpage_url_in, name=name, args=args, request=request),
        }

    def _speaker_in(self, translated, *, speaker, request):
        """The speaker's page under ``translated`` (this series in another language), or
        None when they have none there; their translations are read once, for every language."""
        if translated.pk == self.pk:
            return self.subpage_url_in(self, "speaker", args=(speaker.slug,), request=request)
        if not hasattr(speaker, "_in_translations"):
            series = routing.remembered("translations", self.translation_key)
            if series is None:
                series = self.get_translations(inclusive=True).live()
            speaker._in_translations = speaker_in_translations(
                speaker=speaker, series_translations=series
            )
        twin = speaker._in_translations.get(translated.locale_id)
        if twin is None:
            return None
        return self.subpage_url_in(translated, "speaker", args=(twin.slug,), request=request)

    @classmethod
    def speaker_path(cls, slug, *, language):
        """The end of a speaker's address under a series, in ``language``."""
        return cls.route_path("speaker", slug, language=language)

    @classmethod
    def route_path(cls, name, *args, language):
        """The end of a route's address under a series, in ``language`` (for a series read
        as a plain page, such as the menu's)."""
        with translation.override(language):
            return cls.get_resolver().reverse(name, *args)

    @staticmethod
    def _route_url(series, name, *args, request=None):
        language = series.locale.language_code  # the menu's pages come with their locale
        return series.get_url(request) + ColloqueIndexPage.route_path(
            name, *args, language=language
        )

    @classmethod
    def prepare_sitemap(cls, series, *, translations):
        """The speaker pages of every listed series and of their translations, in one query."""
        everyone = {page.pk: page for page in series}
        for page in series:
            everyone.update(
                {other.pk: other for other in translations[page.translation_key].values()}
            )
        pages = speaker_pages_by_series(series=everyone.values())
        for page in series:
            page._sitemap_speakers = (translations[page.translation_key], pages)

    def get_sitemap_urls(self, request=None):
        """The series, its speakers and each speaker's page, each with the same page in the
        series' other languages (hreflang) when there is one."""
        urls = super().get_sitemap_urls(request)
        if not urls:
            return urls
        prepared = getattr(self, "_sitemap_speakers", None)
        if prepared is None:
            languages = self.live_translations_by_language()
            prepared = (languages, speaker_pages_by_series(series=languages.values()))
        languages, pages = prepared
        own = pages.get(self.pk, {})
        if not own:
            return urls
        lastmod = urls[0].get("lastmod")

        def entry(name, args_by_page, modified):
            return self.sitemap_entry(
                name,
                args_by_page=args_by_page,
                languages=languages,
                lastmod=modified,
                request=request,
            )

        every = {page.pk: () for page in languages.values()}
        urls.append(entry("speakers", every, lastmod))
        for key, (_slug, published) in sorted(own.items(), key=lambda pair: pair[1][0]):
            slugs = {
                page.pk: (pages[page.pk][key][0],)
                for page in languages.values()
                if key in pages.get(page.pk, {})
            }
            urls.append(entry("speaker", slugs, published or lastmod))
        return urls


class EditionStatus(models.TextChoices):
    IN_PREPARATION = "preparation", _("In preparation")
    LOOKING_FOR_HOST = "host-call", _("Looking for a host")
    REGISTRATION_OPEN = "registration", _("Registration open")
    UNDER_WAY = "under-way", _("Under way")
    OVER = "over", _("Over")


class EditionPage(TranslatedRoutesMixin, BasePage):
    year = models.PositiveSmallIntegerField(_("year"))
    theme = models.CharField(_("theme"), max_length=255, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EditionStatus.choices,
        default=EditionStatus.IN_PREPARATION,
    )
    host_institution = models.CharField(_("host institution"), max_length=255, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    hero_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registration_url = LinkField(_("registration link"), blank=True)
    registration_text = RichTextField(
        _("how to register"), blank=True, features=["bold", "italic", "link", "ul"]
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    gallery_collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("photo gallery"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The images of this collection form the edition's gallery."),
    )
    recordings = StreamField(
        [("video", VideoBlock()), ("link", RecordingLinkBlock())],
        verbose_name=_("recordings"),
        blank=True,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("year"),
        FieldPanel("theme"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("status"),
        FieldPanel("host_institution"),
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        InlinePanel("venues", label=_("Venue"), heading=_("Venues")),
        MultiFieldPanel(
            [FieldPanel("registration_url"), FieldPanel("registration_text")],
            heading=_("Registration"),
        ),
        FieldPanel("body"),
        InlinePanel("documents", label=_("Document"), heading=_("Documents")),
        FieldPanel("gallery_collection"),
        FieldPanel("recordings"),
    ]
    programme_panels = [InlinePanel("programme_items", label=_("Programme item"))]
    partner_panels = [
        InlinePanel(
            "partner_listings",
            label=_("Partner"),
            heading=_("Partners"),
            help_text=_(
                "A partner appears on the site only once the selection committee has approved "
                "it; a change waits for approval in the same way."
            ),
        )
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(programme_panels, heading=_("Programme")),
            ObjectList(partner_panels, heading=_("Partners")),
            ObjectList(BasePage.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    base_form_class = EditionPageForm
    copy_form_class = EditionCopyForm  # asks the new edition's year

    search_fields = [
        *Page.search_fields,
        index.SearchField("theme"),
        index.SearchField("intro"),
        index.SearchField("host_institution"),
        index.SearchField("body"),
        index.FilterField("year"),
    ]
    api_fields = [
        APIField("year"),
        APIField("theme"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("status"),
        APIField("host_institution"),
        APIField("intro"),
        APIField("body"),
        APIField("partners", serializer=PublicPartnersField(source="*")),
    ]

    parent_page_types = ["colloque.ColloqueIndexPage"]
    subpage_types = ["host_applications.HostCallPage"]
    route_relations = (*BasePage.route_relations, "hero_image")

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")

    def clean(self):
        # The year is the address: /colloque/<year>/.
        if self.year:
            self.slug = str(self.year)
        super().clean()

    def get_sharing_image(self):
        return self.og_image or self.hero_image

    @classmethod
    def prepare_sitemap(cls, editions, *, translations):
        """Every listed edition's programme, and its translations', in one query."""
        programmes = programmes_by_edition(editions=editions)
        for edition in editions:
            languages = translations[edition.translation_key]  # {language code: edition}
            edition._sitemap_programmes = (
                languages,
                {other.pk: programmes.get(other.pk, []) for other in languages.values()},
            )

    def get_sitemap_urls(self, request=None):
        """The edition, its programme, its speakers and each programme item, each with the
        same sub-page in the edition's other languages (hreflang)."""
        urls = super().get_sitemap_urls(request)
        prepared = getattr(self, "_sitemap_programmes", None)
        if prepared is None:
            languages = self.live_translations_by_language()
            prepared = (languages, programmes_by_edition(editions=languages.values()))
        languages, programmes = prepared
        if not urls or not programmes.get(self.pk):
            return urls
        lastmod = urls[0].get("lastmod")

        def entry(name, args_by_page):
            return self.sitemap_entry(
                name,
                args_by_page=args_by_page,
                languages=languages,
                lastmod=lastmod,
                request=request,
            )

        no_args = {edition.pk: () for edition in languages.values()}
        urls += [entry("programme", no_args), entry("speakers", no_args)]
        for position, item in enumerate(programmes[self.pk]):
            slugs = {
                pk: (items[position].slug,)
                for pk, items in programmes.items()
                if len(items) == len(programmes[self.pk])  # matched by position, as calendars
            }
            slugs[self.pk] = (item.slug,)
            urls.append(entry("programme_item", slugs))
        return urls

    def structured_data(self, *, request, organizer, venues=()):
        """The edition as a schema.org Event, at the venues the page lists."""
        if not self.start_date:
            return None
        return event(
            name=f"{self.title} — {self.theme}" if self.theme else self.title,
            start=self.start_date,
            end=self.end_date or self.start_date,
            url=site_url(self.get_url(request)),
            organizer=organizer,
            places=[place(name=v.venue.name, address=v.venue.postal_address) for v in venues],
            description=self.intro,
        )

    def speaker_url(self, speaker, request=None):
        """A speaker's page, in the edition's language: under the speakers' series of that
        language (found in the menu the page shows: no query)."""
        series = speakers_series(locale_id=self.locale_id)
        if series is None:
            return ""
        return series.get_url(request) + ColloqueIndexPage.speaker_path(
            speaker.slug, language=self.locale.language_code
        )

    def get_calendar_url(self, request=None):
        # Served by colloque.views: Wagtail's page routes all end with a slash.
        return f"{self.get_url(request)}programme.ics"

    def get_printable_url(self, request=None):
        # The printable programme (PDF), served by colloque.views like the calendar.
        return f"{self.get_url(request)}programme.pdf"

    @cached_property
    def is_over(self):
        return self.status == EditionStatus.OVER

    def get_programme(self):
        return (
            self.programme_items.select_related("venue", "slides")
            .prefetch_related("speakers", "themes")
            .order_by("day", "start_time", "sort_order")
        )

    def get_gallery(self):
        if not self.gallery_collection_id:
            return []
        tag(get_image_model(), collection=self.gallery_collection_id)
        return (
            get_image_model()
            .objects.filter(collection_id=self.gallery_collection_id)
            .order_by("created_at", "pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            {
                "venues": list(self.venues.select_related("venue")),
                "edition_documents": list(self.documents.select_related("document")),
            }
        )
        return context

    @path("")
    def edition(self, request):
        return self.render(
            request,
            context_overrides=self.get_page_context(),
        )

    def get_page_context(self):
        partner_groups = edition_partner_groups(edition=self)
        return {
            "gallery": list(self.get_gallery()),
            "partner_groups": partner_groups,
            # The link to every partner only matters under this edition's own partners.
            "partners_page": partners_page(locale_id=self.locale_id) if partner_groups else None,
        }

    @path("programme/", name="programme")
    def programme(self, request):
        items = list(self.get_programme())
        filters = programme_filters(items=items, params=request.GET)
        return self.render(
            request,
            template="colloque/programme_page.html",
            context_overrides={
                "days": filter_programme(items=items, filters=filters),
                "filters": filters,
                # Offered once there is something to print, whatever the filters show.
                "printable_url": self.get_printable_url(request) if items else "",
                **self._subpage(
                    request, "programme", _("Programme — %(title)s"), crumb=_("Programme")
                ),
            },
        )

    @path("programme/<slug:item_slug>/", name="programme_item")
    def programme_item(self, request, item_slug):
        item = (
            self.programme_items.select_related("venue", "slides")
            .prefetch_related("speakers", "themes")
            .filter(slug=item_slug)
            .first()
        )
        if item is None:
            raise Http404
        previous, following = day_neighbours(item=item)
        return self.render(
            request,
            template="colloque/programme_item.html",
            context_overrides={
                "item": item,
                "previous": previous,
                "next": following,
                "subpage_url": item.get_url(request),
                "subpage_for": partial(self._item_in, item=item, request=request),
                "subpage_title": item.title,
                "subpage_description": item.description,
            },
        )

    def _subpage(self, request, name, title, *, crumb):
        """A sub-page's own address, title and name in the breadcrumbs (where it, not the
        edition, is the current page), and its address in each translation (hreflang)."""
        return {
            "subpage_title": str(title) % {"title": self.title},
            "subpage_crumb": crumb,
            "subpage_url": self.get_url(request) + self.reverse_subpage(name),
            "subpage_for": partial(self.subpage_url_in, name=name, request=request),
        }

    def _item_in(self, translated, *, item, request):
        twin = item_in_translation(item=item, edition_id=translated.pk)
        if twin is None:
            return None
        return self.subpage_url_in(translated, "programme_item", args=(twin.slug,), request=request)

    @path(_("speakers/"), name="speakers")
    def speakers(self, request):
        return self.render(
            request,
            template="colloque/speakers_page.html",
            context_overrides={
                "speakers": list(edition_speakers(edition=self)),
                **self._subpage(
                    request, "speakers", _("Speakers — %(title)s"), crumb=_("Speakers")
                ),
            },
        )


class EditionVenue(Orderable):
    edition = ParentalKey(EditionPage, on_delete=models.CASCADE, related_name="venues")
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="+"
    )
    first_day = models.DateField(_("first day"), null=True, blank=True)
    last_day = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("Leave empty for a single day.")
    )

    panels = [FieldPanel("venue"), FieldRowPanel([FieldPanel("first_day"), FieldPanel("last_day")])]


class EditionDocument(Orderable):
    edition = ParentalKey(EditionPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    label = models.CharField(_("link text"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("label")]


class EditionPartner(Orderable):
    """A partner's place on one edition: its tier there, and its order within the tier."""

    edition = ParentalKey(EditionPage, on_delete=models.CASCADE, related_name="partner_listings")
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="edition_listings",
    )
    tier = models.ForeignKey(
        PartnerTier, verbose_name=_("tier"), on_delete=models.PROTECT, related_name="+"
    )
    to_renew = models.BooleanField(
        _("to renew"),
        default=False,
        help_text=_(
            "Carried over from the previous edition: not shown on the site until the "
            "partnership is renewed (untick it then)."
        ),
    )

    panels = [FieldPanel("partner"), FieldPanel("tier"), FieldPanel("to_renew")]

    class Meta(Orderable.Meta):
        verbose_name = _("edition partner")
        verbose_name_plural = _("edition partners")


class PartnersPage(BasePage):
    """/partenaires/: the current edition's approved partners, then past editions'."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("partners page")
        verbose_name_plural = _("partners pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["current"], context["past"] = partners_page_listing(
            locale_id=self.locale_id, page_number=request.GET.get("page")
        )
        return context


class ProgrammeItemKind(models.TextChoices):
    TALK = "talk", _("Talk")
    WORKSHOP = "workshop", _("Workshop")
    ROUND_TABLE = "round-table", _("Round table")
    PECHA_KUCHA = "pecha-kucha", _("Pecha Kucha")
    PLENARY = "plenary", _("Plenary")
    EXHIBITION = "exhibition", _("Exhibition")
    NETWORKING = "networking", _("Networking")
    BREAK = "break", _("Break")


class ProgrammeItem(index.Indexed, ClusterableModel, Orderable):
    edition = ParentalKey(EditionPage, on_delete=models.CASCADE, related_name="programme_items")
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeItemKind.choices)
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        blank=True,
        help_text=_(
            "The end of its address (…/programme/<slug>/). Left empty, it is made from the title."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    day = models.DateField(_("day"))
    start_time = models.TimeField(_("start"))
    end_time = models.TimeField(_("end"))
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    room = models.CharField(_("room"), max_length=120, blank=True)
    speakers = ParentalManyToManyField(
        Speaker, verbose_name=_("speakers"), blank=True, related_name="programme_items"
    )
    themes = ParentalManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="programme_items"
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    recording_url = models.URLField(_("recording (video address)"), blank=True)
    slides = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("slides"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Visitors find a session by its words (search folds accents); only live editions'.
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.SearchField("room"),
        index.RelatedFields(
            "speakers", [index.SearchField("name"), index.SearchField("organisation")]
        ),
        index.FilterField("edition"),
    ]

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("capacity")]),
        FieldRowPanel([FieldPanel("title"), FieldPanel("slug")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("day"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("room")]),
        FieldPanel("speakers", widget=forms.CheckboxSelectMultiple),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("recording_url"),
        FieldPanel("slides"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")

    def __str__(self):
        return self.title

    def copy_cluster(self, exclude_fields=None):
        # The search index's generic relation (added to indexed models) is no content: a
        # copied edition's items are indexed on saving, like any other.
        return super().copy_cluster(exclude_fields=[*(exclude_fields or []), "index_entries"])

    def save(self, *args, **kwargs):
        # Every item has an address, unique within its edition, from the start.
        self.slug = item_slug(item=self)
        super().save(*args, **kwargs)

    def get_url(self, request=None):
        return self.edition.get_url(request) + self.edition.reverse_subpage(
            "programme_item", args=(self.slug,)
        )

    @property
    def anchor(self):
        return f"item-{self.pk}"

    def get_calendar_url(self, request=None):
        return f"{self.edition.get_url(request)}programme/{self.pk}.ics"

    # Programme times are written in the venue's zone (the colloque's without a venue):
    # these are the instants they mean.
    @property
    def zone(self):
        return item_time_zone(item=self)

    @property
    def starts_at(self):
        return datetime.datetime.combine(self.day, self.start_time, self.zone)

    @property
    def ends_at(self):
        return datetime.datetime.combine(self.day, self.end_time, self.zone)

    def structured_data(self, *, request, organizer):
        """The item as a schema.org Event within its edition, in its venue's zone."""
        edition = self.edition
        places = []
        if self.venue:
            name = ", ".join(part for part in (self.room, self.venue.name) if part)
            places.append(place(name=name, address=self.venue.postal_address))
        return event(
            name=self.title,
            start=self.starts_at,
            end=self.ends_at,
            url=site_url(self.get_url(request)),
            organizer=organizer,
            places=places,
            description=self.description,
            performers=[speaker.name for speaker in self.speakers.all()],
            super_event={
                "@type": "Event",
                "name": edition.title,
                "url": site_url(edition.get_url(request)),
            },
        )

    @property
    def location_text(self):
        """Room, then venue and its address: where calendars send people."""
        venue = self.venue.location if self.venue else ""
        return ", ".join(part for part in (self.room, venue) if part)
