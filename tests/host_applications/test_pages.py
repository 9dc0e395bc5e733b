"""The call page as a Wagtail page type, its demo content and its query budget."""

import pytest
from wagtail.models import Site
from wagtail.test.utils import WagtailPageTestCase

from colloque.models import EditionPage
from factories.colloque import ColloqueIndexPageFactory, EditionPageFactory
from factories.host_applications import HostCallPageFactory, SelectionCriterionFactory
from home.demo_utils import demo_dates
from host_applications.models import ApplicationStatus, HostApplication, HostCallPage
from tests.pages import QUERY_BUDGET, EditFormDataMixin, count_queries


class HostCallPageTypeTest(EditFormDataMixin, WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        home = Site.objects.get(is_default_site=True).root_page.specific
        series = ColloqueIndexPageFactory(parent=home)
        cls.edition = EditionPageFactory(parent=series, year=2026)
        cls.call = HostCallPageFactory(parent=cls.edition)
        SelectionCriterionFactory(call=cls.call, title="Capacité", weight=50)
        cls.call.save_revision().publish()

    def setUp(self):
        self.user = self.login()

    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(HostCallPage, {EditionPage})
        self.assertAllowedSubpageTypes(HostCallPage, set())
        self.assertCanCreateAt(EditionPage, HostCallPage)

    def test_renders_edits_and_previews(self):
        self.assertPageIsRenderable(self.call)
        data = self.edit_post_data(self.call)
        self.assertPageIsEditable(self.call, post_data=data)
        self.assertPageIsPreviewable(self.call, post_data=data)

    def test_address_is_under_the_edition(self):
        assert self.call.url == "/colloque/2026/candidature/"


@pytest.mark.django_db
def test_call_page_queries_do_not_grow_with_criteria(client, call):
    one = count_queries(client, call.url)
    for n in range(8):
        SelectionCriterionFactory(call=call, title=f"Critère {n}", weight=5)
    # Warmed again: the new criteria rightly invalidated the cached pages and fragments.
    assert count_queries(client, call.url) == one <= QUERY_BUDGET
    assert "Critère 7" in client.get(call.url).content.decode()


@pytest.mark.django_db
def test_demo_call_is_open_with_candidatures_at_each_step(client, demo):
    year = demo_dates().upcoming_year  # the demo's upcoming edition follows the day it loads
    call = HostCallPage.objects.get(
        url_path__endswith=f"/colloque/{year}/candidature/", locale__language_code="fr-ca"
    )
    html = client.get(call.url).content.decode()
    assert 'name="institution_name"' in html  # open
    english = client.get(f"/en/colloque/{year}/candidature/").content.decode()
    assert 'name="institution_name"' in english
    states = set(HostApplication.objects.filter(call=call).values_list("status", flat=True))
    assert {
        ApplicationStatus.RECEIVED,
        ApplicationStatus.SCREENED,
        ApplicationStatus.CHANGES_REQUESTED,
        ApplicationStatus.REJECTED,
    } <= states
    # The home page's call to action leads to the call itself.
    assert call.url in client.get("/").content.decode()
    # Loading again changes nothing: tests/home/test_demo.py, for every app at once.


@pytest.mark.django_db
def test_the_upload_help_is_in_the_visitors_language(client, demo):
    year = demo_dates().upcoming_year
    french = client.get(f"/colloque/{year}/candidature/").content.decode()
    english = client.get(f"/en/colloque/{year}/candidature/").content.decode()
    assert "fichiers PDF" in french
    assert "Up to 3 PDF files of" in english and "fichiers PDF" not in english
