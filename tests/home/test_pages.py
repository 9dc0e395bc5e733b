"""Wagtail's own checks for every page type: tree rules, creation, rendering, editing, preview."""

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    nested_form_data,
    rich_text,
    streamfield,
)

from factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory
from home.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from tests.pages import EditFormDataMixin


class PageTypesTest(EditFormDataMixin, WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = Site.objects.get(is_default_site=True).root_page.specific
        cls.standard = StandardPageFactory(parent=cls.home, title="À propos")
        cls.news_index = NewsIndexPageFactory(parent=cls.home)
        cls.news = NewsPageFactory(parent=cls.news_index, title="Appel aux milieux hôtes")

    def setUp(self):
        self.user = self.login()

    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(StandardPage, NewsIndexPage)

    def test_can_create_standard_page(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Nos objectifs",
                    "slug": "nos-objectifs",
                    "intro": "Ce que vise le colloque.",
                    "body": streamfield(
                        [("paragraph", rich_text("<p>Maintenir un lien avec les écoles.</p>"))]
                    ),
                }
            ),
        )
        page = StandardPage.objects.get(slug="nos-objectifs")
        self.assertEqual(page.get_parent().specific, self.home)
        self.assertIn("Maintenir un lien", str(page.body))

    def test_can_create_news_page(self):
        self.assertCanCreateAt(NewsIndexPage, NewsPage)
        self.assertCanCreate(
            self.news_index,
            NewsPage,
            nested_form_data(
                {
                    "title": "Étude dévoilée",
                    "slug": "etude-devoilee",
                    "date": "2024-11-21",
                    "intro": "Une étude sur le parascolaire.",
                    "body": streamfield([]),
                    "tags": "étude, colloque",
                    "related_pages-TOTAL_FORMS": "0",
                    "related_pages-INITIAL_FORMS": "0",
                    "related_pages-MIN_NUM_FORMS": "0",
                    "related_pages-MAX_NUM_FORMS": "1000",
                }
            ),
        )
        page = NewsPage.objects.get(slug="etude-devoilee")
        self.assertEqual(sorted(page.tags.names()), ["colloque", "étude"])

    def test_news_index_is_unique_under_home(self):
        self.assertFalse(NewsIndexPage.can_create_at(self.home))

    def test_every_page_renders_edits_and_previews(self):
        for page in (self.home, self.standard, self.news_index, self.news):
            with self.subTest(page=page.specific_class.__name__):
                self.assertPageIsRenderable(page)
                self.assertPageIsEditable(page, post_data=self.edit_post_data(page))
                self.assertPageIsPreviewable(page, post_data=self.edit_post_data(page))

    def test_news_rss_route_renders(self):
        self.assertPageIsRoutable(self.news_index, "rss/")
        self.assertPageIsRenderable(self.news_index, "rss/")
