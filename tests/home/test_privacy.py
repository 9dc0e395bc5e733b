"""The privacy policy (Law 25): one page per language, naming the person responsible from
the site settings, stating the configured retention periods, linked from every page."""

import pytest
from wagtail.models import Page

from factories import PrivacyPageFactory, StandardPageFactory
from home.models import PrivacyPage, SiteSettings
from tests.pages import QUERY_BUDGET, count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(site):
    settings = SiteSettings.for_site(site)
    settings.organisation_name = "Réseau des écoles"
    settings.privacy_officer_name = "Hélène Fortin"
    settings.privacy_officer_title = "Directrice générale"
    settings.privacy_officer_email = "protection@example.org"
    settings.save()
    return settings


@pytest.fixture
def privacy(home_page):
    return PrivacyPageFactory(parent=home_page)


def english_privacy(privacy, english_home):
    page = privacy.copy_for_translation(english_home.locale)
    page.title, page.slug = "Privacy policy", "privacy"
    page.save_revision().publish()
    return PrivacyPage.objects.get(pk=page.pk)


def footer(html):
    return html.split('<footer class="site-footer">')[1].split("</footer>")[0]


def test_retention_periods_and_rights_come_from_the_configuration(
    client, privacy, officer, settings
):
    settings.COMMUNITY_RETENTION_DAYS = 200
    settings.HOST_APPLICATION_RETENTION_DAYS = 90
    html = client.get("/confidentialite/").content.decode()
    assert "Chez Réseau des écoles, la personne responsable" in html
    assert "<strong>Hélène Fortin</strong>, Directrice générale" in html
    assert "effacées 200 jours après la dernière rencontre de la communauté" in html
    assert "effacés 90 jours après l’édition" in html
    # French typography: a non-breaking space before the colon (home.formatting).
    for right in ("Accès", "Rectification", "Retrait du consentement", "Effacement"):
        assert f"<li>{right}\u00a0:" in html
    assert "<li>Portabilité\u00a0:" in html and "porter plainte auprès de la" in html
    assert 'Pour toute autre demande, écrivez à <a href="mailto:protection@example.org">' in html


def test_without_a_named_person_the_highest_authority_answers(client, privacy, site):
    settings = SiteSettings.for_site(site)
    settings.contact_email = "info@example.org"
    settings.save()
    html = client.get("/confidentialite/").content.decode()
    assert "la personne ayant la plus haute autorité est responsable" in html
    assert 'href="mailto:info@example.org"' in html


def test_one_policy_per_language_under_the_home_page(home_page, privacy, english_home):
    assert not PrivacyPage.can_create_at(home_page)  # the French one exists
    assert PrivacyPage.can_create_at(english_home)
    about = StandardPageFactory(parent=home_page)
    assert not PrivacyPage.can_create_at(about)
    assert PrivacyPage.parent_page_types == ["home.HomePage"]


def test_every_page_links_to_the_policy_of_its_language(
    client, home_page, privacy, english_home, officer
):
    about = StandardPageFactory(parent=home_page, title="À propos", slug="a-propos")
    for url in ("/", about.url):
        assert '<a href="/confidentialite/">' in footer(client.get(url).content.decode()), url
    # No English policy yet: the English pages link to the French one rather than to none.
    assert '<a href="/confidentialite/">' in footer(client.get("/en/").content.decode())
    english_privacy(privacy, english_home)
    assert '<a href="/en/privacy/">Privacy policy</a>' in footer(
        client.get("/en/").content.decode()
    )


def test_no_link_to_a_policy_that_is_not_live(client, home_page, privacy):
    privacy.unpublish()
    html = client.get("/").content.decode()
    assert "/confidentialite/" not in html
    assert client.get("/confidentialite/").status_code == 404


def test_the_footer_link_costs_one_query(client, home_page):
    about = StandardPageFactory(parent=home_page, title="À propos", slug="a-propos")
    without = count_queries(client, about.url)
    PrivacyPageFactory(parent=home_page)
    for url in ("/", about.url, "/confidentialite/"):
        assert count_queries(client, url) <= QUERY_BUDGET, url
    assert count_queries(client, about.url) == without  # found or not, the same query


def test_the_policy_is_listed_in_the_sitemap_and_translatable(client, privacy, english_home):
    english_privacy(privacy, english_home)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/confidentialite/" in sitemap and "/en/privacy/" in sitemap
    assert Page.objects.filter(translation_key=privacy.translation_key).count() == 2


def test_the_persons_title_is_in_the_readers_language(client, officer, privacy, english_home):
    officer.privacy_officer_title_en = "Executive director"
    officer.save()
    english = english_privacy(privacy, english_home)

    assert "Hélène Fortin</strong>, Directrice générale" in client.get(privacy.url).text
    assert "Hélène Fortin</strong>, Executive director" in client.get(english.url).text

    officer.privacy_officer_title_en = ""  # not given: the French title rather than none
    officer.save()
    assert "Hélène Fortin</strong>, Directrice générale" in client.get(english.url).text
