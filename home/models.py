"""Site-wide models: users, media, editorial pages and site settings."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from caching import tag

from . import routing
from .blocks import BodyBlock, CallToActionBlock, SocialLinkBlock
from .routes import TranslatedRoutesMixin
from .services import paginate

NEWS_PER_PAGE = 10


class User(AbstractUser):
    """Our own user model from the first migration, so it can grow without a painful swap."""

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")


class CustomImage(AbstractImage):
    """An image with its credit, and its alt text and credit for English pages: the library
    is shared by both languages, and an English reader must not hear a French description."""

    credit = models.CharField(_("credit"), max_length=255, blank=True)
    description_en = models.CharField(
        _("description in English"),
        max_length=255,
        blank=True,
        help_text=_(
            "What the image shows, for English pages. Left empty, they use the description."
        ),
    )
    credit_en = models.CharField(
        _("credit in English"),
        max_length=255,
        blank=True,
        help_text=_("Left empty, English pages show the credit."),
    )

    admin_form_fields = (*Image.admin_form_fields, "description_en", "credit", "credit_en")

    @property
    def default_alt_text(self):
        """The alt text Wagtail's tags write, in the reader's language."""
        if self.description_en and _reading_english():
            return self.description_en
        return super().default_alt_text

    @property
    def shown_credit(self):
        """The credit in the reader's language."""
        return self.credit_en if self.credit_en and _reading_english() else self.credit

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_customimage", "Can choose image")]


def _reading_english():
    return (translation.get_language() or "").startswith("en")


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class CustomDocument(AbstractDocument):
    description = models.TextField(_("description"), blank=True)

    admin_form_fields = (*Document.admin_form_fields, "description")

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        permissions = [("choose_customdocument", "Can choose document")]


class BasePage(Page):
    """Every public page: social sharing image on top of Wagtail's SEO title and description."""

    og_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared on social networks (1200×630)."),
    )

    promote_panels = [
        *Page.promote_panels,
        FieldPanel("og_image"),
    ]

    objects = PageManager.from_queryset(routing.PublicPageQuerySet)()

    # Foreign keys the page's template shows, loaded with the routed page (home.routing).
    route_relations = ("og_image",)

    class Meta:
        abstract = True

    def get_sharing_image(self):
        return self.og_image or getattr(self, "image", None)

    def route(self, request, path_components):
        # Wagtail calls it on the site's home page with the whole path: every page on the
        # way is read at once (home.routing), then routed as Wagtail would.
        if not path_components:
            if not hasattr(self, "route_ancestors"):  # the site's home page: what it shows
                [self] = routing.with_relations(type(self), pk=self.pk)
                self.route_ancestors = []
            return super().route(request, path_components)
        page, rest = routing.route(root=self, components=path_components)
        return page.route(request, rest) if page is not self else super().route(request, rest)

    @property
    def localized(self):
        return routing.translation_in_request(self) or super().localized

    def get_breadcrumbs(self):
        """The pages above this one, from the site's home page down."""
        if hasattr(self, "route_ancestors"):  # read by the routing
            return self.route_ancestors
        return list(self.get_ancestors().filter(depth__gt=1))

    def get_view_restrictions(self):
        return routing.view_restrictions(page=self)


class HomePage(BasePage):
    intro = models.TextField(_("tagline"), blank=True)
    hero_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured_heading = models.CharField(_("featured heading"), max_length=200, blank=True)
    featured_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("next edition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page of the next edition, shown first on the home page."),
    )
    featured_status = models.CharField(
        _("status of the next edition"),
        max_length=120,
        blank=True,
        help_text=_("For example: looking for a host institution."),
    )
    featured_text = models.TextField(_("featured text"), blank=True)
    featured_actions = StreamField(
        [("call_to_action", CallToActionBlock())],
        verbose_name=_("calls to action"),
        blank=True,
        max_num=2,
    )
    news_heading = models.CharField(_("news heading"), max_length=120, blank=True)
    news_count = models.PositiveSmallIntegerField(_("number of news items"), default=3)
    communities_heading = models.CharField(_("communities heading"), max_length=120, blank=True)
    publication_heading = models.CharField(_("publication heading"), max_length=120, blank=True)
    publication_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("highlighted publication"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    publication_document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("publication document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    publication_text = models.TextField(_("publication summary"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        MultiFieldPanel(
            [
                FieldPanel("featured_heading"),
                FieldPanel("featured_page"),
                FieldPanel("featured_status"),
                FieldPanel("featured_text"),
                FieldPanel("featured_actions"),
            ],
            heading=_("Next edition"),
        ),
        MultiFieldPanel([FieldPanel("news_heading"), FieldPanel("news_count")], heading=_("News")),
        MultiFieldPanel(
            [FieldPanel("communities_heading"), InlinePanel("featured_links", label=_("Page"))],
            heading=_("Featured communities"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("publication_heading"),
                FieldPanel("publication_page"),
                FieldPanel("publication_document"),
                FieldPanel("publication_text"),
            ],
            heading=_("Highlighted publication"),
        ),
        FieldPanel("body"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("featured_text"),
        index.SearchField("body"),
    ]
    api_fields = [APIField("intro"), APIField("featured_status"), APIField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1
    route_relations = (
        *BasePage.route_relations,
        *("hero_image", "publication_page", "publication_document", "featured_page"),
    )

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_latest_news(self):
        tag(NewsPage, locale=self.locale_id)
        return (
            NewsPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .select_related("image")
            .order_by("-date", "-pk")[: self.news_count]
        )

    def get_featured_links(self):
        return [
            link for link in self.featured_links.select_related("page", "image") if link.page.live
        ]

    def get_featured_page(self):
        """The featured page in the current language; an edition brings its own status."""
        if self.featured_page is None:
            return None
        page = routing.localized(self.featured_page)
        pages = routing.with_relations(page.specific_class, pk=page.pk, live=True)
        return pages[0] if pages else None

    def chosen_pages(self):
        """The pages this home page links to, as editors chose them (often before
        translating it): their translations are read at once (``routing.localized``)."""
        actions = [block.value.get("link", {}) for block in self.featured_actions]
        return [
            self.featured_page,
            self.publication_page,
            *(link.get("page") for link in actions if hasattr(link, "get")),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.get_shared_context())
        return context

    def get_shared_context(self):
        links = self.get_featured_links()
        routing.remember_translations_of([*self.chosen_pages(), *(link.page for link in links)])
        featured = self.get_featured_page()
        latest_news = list(self.get_latest_news())
        return {
            "featured": featured,
            "featured_status": (
                featured.get_status_display()
                if hasattr(featured, "get_status_display")
                else self.featured_status
            ),
            "latest_news": latest_news,
            # The "All news" link: the parent of the latest news item.
            "news_index": self._news_index(latest_news[0]) if latest_news else None,
            "featured_links": links,
        }

    def _news_index(self, news):
        """The news item's parent: in the menu the page shows anyway, else read."""
        parent_path = news.path[: -news.steplen]
        menu = routing.chrome(self)
        return next((p for p in menu if p.path == parent_path), None) or news.get_parent()


class HomePageFeaturedLink(Orderable):
    home_page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_links")
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Defaults to the page title.")
    )
    summary = models.TextField(_("summary"), blank=True)
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("page"), FieldPanel("title"), FieldPanel("summary"), FieldPanel("image")]

    @property
    def display_title(self):
        return self.title or self.page.title


class StandardPage(BasePage):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


class PrivacyPage(BasePage):
    """The privacy policy (Québec Law 25): one per language, under the home page. The
    template adds what the site settings and configuration know — the person responsible
    for personal information and the retention periods — so the page never contradicts them."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(
        BodyBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_(
            "What is collected and why. The person responsible, the retention periods and "
            "the rights are added from the site settings."
        ),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1  # a home page per language: one policy per language

    class Meta:
        verbose_name = _("privacy policy")
        verbose_name_plural = _("privacy policies")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["retention_days"] = {
            "communities": settings.COMMUNITY_RETENTION_DAYS,
            "host_applications": settings.HOST_APPLICATION_RETENTION_DAYS,
        }
        return context


class NewsIndexPage(TranslatedRoutesMixin, BasePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def get_news(self, *, topic=None):
        tag(NewsPage, locale=self.locale_id)
        news = (
            NewsPage.objects.child_of(self)
            .live()
            .public()
            .select_related("image")
            .prefetch_related("tags")
            .order_by("-date", "-pk")
        )
        if topic:
            news = news.filter(tags__slug=topic)
        return news

    def get_tags(self):
        tag(NewsPage, locale=self.locale_id)
        return (
            NewsPageTag.tag_model()
            .objects.filter(
                home_newspagetag_items__content_object__in=NewsPage.objects.child_of(self)
                .live()
                .public()
            )
            .distinct()
            .order_by("name")
        )

    @path("")
    def news_list(self, request):
        tags = list(self.get_tags())
        tag_slug = request.GET.get("tag") or None
        current_tag = next((t for t in tags if t.slug == tag_slug), None)
        news_page = paginate(
            self.get_news(topic=tag_slug) if current_tag or not tag_slug else [],
            page_number=request.GET.get("page"),
            per_page=NEWS_PER_PAGE,
        )
        return self.render(
            request,
            context_overrides={"news_page": news_page, "tags": tags, "current_tag": current_tag},
        )

    @path("rss/", name="rss")
    def rss(self, request):
        from .feeds import NewsFeed  # noqa: PLC0415 (home.feeds imports this module)

        return NewsFeed(self)(request)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "home.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(BasePage):
    date = models.DateField(_("date"))
    intro = models.TextField(_("introduction"))
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("tags"),
        InlinePanel("related_pages", label=_("Related page"), heading=_("Related pages")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("date"),
        APIField("intro"),
        APIField("image"),
        APIField("body"),
        APIField("tags"),
    ]

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []
    route_relations = (*BasePage.route_relations, "image")

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    @cached_property
    def related_live_pages(self):
        """The related pages in this page's language where they are translated (editors
        often pick them before translating), live only."""
        pages = [link.page for link in self.related_pages.select_related("page")]
        elsewhere = [page for page in pages if page.locale_id != self.locale_id]
        translations = {}
        if elsewhere:  # one query, only for an item whose choices are in another language
            translations = {
                page.translation_key: page
                for page in Page.objects.filter(
                    translation_key__in=[page.translation_key for page in elsewhere],
                    locale_id=self.locale_id,
                    live=True,
                )
            }
        pages = [translations.get(page.translation_key, page) for page in pages]
        return [page for page in pages if page.live]


class NewsPageRelatedPage(Orderable):
    news_page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="related_pages")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("page")]


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    social_links = StreamField(
        [("link", SocialLinkBlock())], verbose_name=_("social links"), blank=True
    )
    attestation_signer_name = models.CharField(
        _("signer of attestations"),
        max_length=200,
        blank=True,
        help_text=_("The person whose name signs attestations of participation."),
    )
    attestation_signer_title = models.CharField(
        _("signer's title"),
        max_length=200,
        blank=True,
        help_text=_("For example: Coordinator of the network."),
    )
    attestation_signer_title_en = models.CharField(
        _("signer's title in English"),
        max_length=200,
        blank=True,
        help_text=_("On attestations in English. Left empty, they show the title above."),
    )
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown in the header, with the organisation name as its text alternative. "
            "A PNG or JPEG, wider than tall, at least 120 pixels high."
        ),
    )
    default_share_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("default sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown when a page without its own sharing image is shared on social networks "
            "(1200×630)."
        ),
    )
    privacy_officer_name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_(
            "The person responsible for the protection of personal information (Law 25), "
            "named on the privacy policy."
        ),
    )
    privacy_officer_title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("For example: Executive director.")
    )
    privacy_officer_title_en = models.CharField(
        _("title in English"),
        max_length=200,
        blank=True,
        help_text=_("On the English privacy policy. Left empty, it shows the title above."),
    )
    privacy_officer_email = models.EmailField(
        _("email"),
        blank=True,
        help_text=_("Where people write to see, correct or erase their information."),
    )

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("logo"),
        FieldPanel("address"),
        FieldPanel("contact_email"),
        FieldPanel("phone"),
        FieldPanel("social_links"),
        FieldPanel("default_share_image"),
        MultiFieldPanel(
            [
                FieldPanel("privacy_officer_name"),
                FieldPanel("privacy_officer_title"),
                FieldPanel("privacy_officer_title_en"),
                FieldPanel("privacy_officer_email"),
            ],
            heading=_("Person responsible for personal information"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("attestation_signer_name"),
                FieldPanel("attestation_signer_title"),
                FieldPanel("attestation_signer_title_en"),
            ],
            heading=_("Attestations of participation"),
        ),
    ]

    # A person's title is said in the reader's language; the settings are one per site.
    def officer_title(self, language=None):
        return self._in_language("privacy_officer_title", language)

    def signer_title(self, language=None):
        return self._in_language("attestation_signer_title", language)

    def _in_language(self, field, language):
        english = getattr(self, f"{field}_en")
        if english and (language or translation.get_language() or "").startswith("en"):
            return english
        return getattr(self, field)

    class Meta:
        verbose_name = _("site settings")


class OutboxEmail(models.Model):
    """An email written in the same transaction as the change it tells about.

    Sending happens after commit, in a task; a failed send stays here and is retried, so
    a mail server that is down never loses a message nor the submission behind it.
    """

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    reply_to = models.EmailField(_("reply to"), blank=True)
    # [{"filename", "content" (text), "mimetype"}]: small text parts such as calendar invitations.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # Set, in a committed write, while an attempt is with the mail server: no other worker
    # sends the email meanwhile (home.mail.deliver).
    sending_since = models.DateTimeField(_("sending since"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"], name="outbox_pending_idx")]

    def __str__(self):
        return f"{self.to}: {self.subject}"


class PersonalDataErasure(models.Model):
    """That an erasure on request took place (Law 25): who, when, how much — never the
    address itself, only a keyed hash of it (``home.personal_data.email_digest``)."""

    email_digest = models.CharField(_("email digest"), max_length=64, db_index=True)
    erased_at = models.DateTimeField(_("erased at"), auto_now_add=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erased by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too: the account may be deleted later, or the erasure run from a shell.
    erased_by_name = models.CharField(_("erased by (name)"), max_length=255, blank=True)
    counts = models.JSONField(_("records erased, by kind"), default=dict)

    class Meta:
        verbose_name = _("personal data erasure")
        verbose_name_plural = _("personal data erasures")
        ordering = ["-erased_at", "-pk"]
        default_permissions = ()
        permissions = [
            ("manage_personal_data", "Can export and erase a person's data on request"),
        ]

    def __str__(self):
        return f"{self.erased_at:%Y-%m-%d %H:%M} · {self.email_digest[:12]}"


class Counter(models.Model):
    """A count every process and machine shares: rate limits and sign-in failures
    (``home.ratelimit``), incremented in one atomic statement."""

    key = models.CharField(_("key"), max_length=64, primary_key=True)  # a digest
    hits = models.PositiveIntegerField(_("hits"), default=0)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        default_permissions = ()

    def __str__(self):
        return f"{self.key[:12]}: {self.hits}"
