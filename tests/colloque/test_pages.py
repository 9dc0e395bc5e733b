import datetime

import pytest
from wagtail.models import Site
from wagtail.test.utils import WagtailPageTestCase

from colloque.models import ColloqueIndexPage, EditionPage, EditionStatus
from factories.colloque import (
    ColloqueIndexPageFactory,
    EditionPageFactory,
    ProgrammeItemFactory,
)
from home.models import HomePage, StandardPage
from host_applications.models import HostCallPage
from tests.pages import EditFormDataMixin


class ColloquePageTypesTest(EditFormDataMixin, WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        home = Site.objects.get(is_default_site=True).root_page.specific
        cls.series = ColloqueIndexPageFactory(parent=home)
        cls.edition = EditionPageFactory(parent=cls.series, year=2024)
        ProgrammeItemFactory(edition=cls.edition)
        cls.edition.save_revision().publish()

    def setUp(self):
        self.user = self.login()

    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(ColloqueIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ColloqueIndexPage, {EditionPage})
        self.assertAllowedParentPageTypes(EditionPage, {ColloqueIndexPage})
        self.assertAllowedSubpageTypes(EditionPage, {HostCallPage})
        self.assertCanNotCreateAt(StandardPage, EditionPage)

    def test_pages_render_edit_and_preview(self):
        for page in (self.series, self.edition):
            with self.subTest(page=type(page).__name__):
                self.assertPageIsRenderable(page)
                self.assertPageIsEditable(page, post_data=self.edit_post_data(page))
                self.assertPageIsPreviewable(page, post_data=self.edit_post_data(page))
        for route in ("programme/", "intervenants/"):
            self.assertPageIsRenderable(self.edition, route)


@pytest.mark.django_db
def test_edition_address_is_its_year(series):
    edition = EditionPageFactory(parent=series, year=2026, slug="autre-chose")
    edition.full_clean()
    assert edition.slug == "2026"


@pytest.mark.django_db
def test_series_highlights_the_upcoming_edition_then_past_ones(client, series):
    EditionPageFactory(parent=series, year=2023, status=EditionStatus.OVER)
    EditionPageFactory(parent=series, year=2024, status=EditionStatus.OVER)
    EditionPageFactory(parent=series, year=2026, status=EditionStatus.LOOKING_FOR_HOST)
    html = client.get("/colloque/").content.decode()
    upcoming, past = html.split('id="past-title"')
    assert "Colloque 2026" in upcoming and "Recherche d’un milieu hôte" in upcoming
    assert past.index("Colloque 2024") < past.index("Colloque 2023")


@pytest.mark.django_db
def test_edition_page_shows_status_venues_and_links(client, programme, edition):
    html = client.get("/colloque/2024/").content.decode()
    assert "Terminée" in html
    assert (
        "École Alpha" in html and "Bibliothèque Beta" not in html
    )  # venues are the edition's own list
    assert 'href="/colloque/2024/programme/"' in html
    assert 'href="/colloque/2024/programme.ics"' in html


@pytest.mark.django_db
def test_home_page_shows_the_featured_edition_status(client, home_page, series):
    edition = EditionPageFactory(parent=series, year=2026, status=EditionStatus.LOOKING_FOR_HOST)
    home_page.featured_page = edition
    home_page.featured_status = "texte ignoré"
    home_page.save_revision().publish()
    html = client.get("/").content.decode()
    assert "Recherche d’un milieu hôte" in html and "texte ignoré" not in html


@pytest.mark.django_db
def test_english_edition_under_en(client, english_home, series, edition):
    english_series = series.copy_for_translation(english_home.locale)
    english_series.save_revision().publish()
    english = edition.copy_for_translation(english_home.locale)
    english.title = "Colloque 2024 (EN)"
    english.save_revision().publish()
    response = client.get("/en/colloque/2024/programme/")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Programme — Colloque 2024 (EN)" in html


@pytest.mark.django_db
def test_edition_dates(edition):
    assert edition.start_date == datetime.date(2024, 11, 21)
