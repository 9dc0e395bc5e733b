"""The organisation's identity from the site settings: its name in titles, Open Graph,
structured data and email signatures; its logo in the header; its default sharing image."""

import json

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from factories import ImageFactory, StandardPageFactory
from home.identity import organisation_name
from home.models import SiteSettings
from tests.pages import QUERY_BUDGET, count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def identity(site):
    settings = SiteSettings.for_site(site)
    settings.organisation_name = "ACLAM"
    settings.contact_email = "info@example.org"
    settings.logo = ImageFactory(title="Logo", file__width=360, file__height=120)
    settings.default_share_image = ImageFactory(
        title="Partage", description="Des élèves sur scène", file__width=1600, file__height=900
    )
    settings.save()
    return settings


@pytest.fixture
def about(home_page):
    return StandardPageFactory(parent=home_page, title="À propos", slug="a-propos")


def head_of(client, url):
    return client.get(url).content.decode().split("</head>")[0]


def structured_data(html):
    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    return json.loads(block)


def test_titles_and_site_name_use_the_organisation_name(client, about, identity):
    head = head_of(client, about.url)
    assert "<title>À propos · ACLAM</title>" in head
    assert '<meta property="og:site_name" content="ACLAM">' in head
    footer = client.get(about.url).content.decode().split('<footer class="site-footer">')[1]
    assert '<h2 id="footer-contact">ACLAM</h2>' in footer


def test_without_a_name_the_site_name_stands_in(client, about, site):
    site.site_name = "Écoles expressives"
    site.save()
    assert "<title>À propos · Écoles expressives</title>" in head_of(client, about.url)


def test_a_page_without_its_own_image_is_shared_with_the_default_one(client, about, identity):
    head = head_of(client, about.url)
    rendition = identity.default_share_image.get_rendition("fill-1200x630|format-jpeg")
    assert f'<meta property="og:image" content="http://testserver{rendition.url}">' in head
    assert '<meta property="og:image:alt" content="Des élèves sur scène">' in head
    assert '<meta name="twitter:card" content="summary_large_image">' in head


def test_a_page_with_its_own_image_keeps_it(client, home_page, identity):
    own = ImageFactory(title="Propre", file__width=1600, file__height=900)
    page = StandardPageFactory(parent=home_page, og_image=own)
    head = head_of(client, page.url)
    assert own.get_rendition("fill-1200x630|format-jpeg").url in head
    assert identity.default_share_image.get_rendition("fill-1200x630|format-jpeg").url not in head


def test_without_any_image_the_card_is_a_summary(client, about):
    head = head_of(client, about.url)
    assert "og:image" not in head
    assert '<meta name="twitter:card" content="summary">' in head


def test_the_header_shows_the_logo_named_by_the_organisation(client, home_page, about, identity):
    html = client.get(about.url).content.decode()
    brand = html.split('class="site-header__brand"')[1].split("</a>")[0]
    logo = identity.logo.get_rendition("max-400x200")
    assert f'src="{logo.url}"' in brand and 'alt="ACLAM"' in brand
    assert f'<span class="site-header__name">{home_page.title}</span>' in brand


def test_a_logo_beside_the_same_name_is_not_read_twice(client, home_page, about, identity):
    home_page.title = "ACLAM"
    home_page.save_revision().publish()
    brand = client.get(about.url).content.decode().split('class="site-header__brand"')[1]
    brand = brand.split("</a>")[0]
    assert 'alt=""' in brand and '<span class="site-header__name">ACLAM</span>' in brand


def test_structured_data_describes_the_organisation(client, about, identity):
    data = structured_data(client.get(about.url).content.decode())
    assert data == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "ACLAM",
        "url": "http://testserver/",
        "logo": "http://testserver" + identity.logo.get_rendition("max-400x200").url,
        "email": "info@example.org",
    }


def test_structured_data_cannot_be_broken_out_of(client, about, identity):
    identity.organisation_name = "</script><script>alert(1)</script> & cie"
    identity.save()
    html = client.get(about.url).content.decode()
    assert "<script>alert(1)" not in html
    assert structured_data(html)["name"] == "</script><script>alert(1)</script> & cie"


def test_emails_are_signed_with_the_organisation_name_or_the_site_name(site):
    assert organisation_name() == "Expressives"  # the site's name, from the first migration
    settings = SiteSettings.for_site(site)
    settings.organisation_name = "ACLAM"
    settings.save()
    assert organisation_name() == "ACLAM"
    with translation.override("fr-ca"):
        french = render_to_string("home/emails/signature.txt", {"organisation_name": "ACLAM"})
    with translation.override("en"):
        english = render_to_string("home/emails/signature.txt", {"organisation_name": "ACLAM"})
    assert (french.strip(), english.strip()) == ("L’équipe ACLAM", "The ACLAM team")


def test_identity_costs_at_most_two_queries(client, about, site):
    without = count_queries(client, about.url)
    settings = SiteSettings.for_site(site)
    settings.logo = ImageFactory(file__width=360, file__height=120)
    settings.default_share_image = ImageFactory(file__width=1600, file__height=900)
    settings.save()
    # The two images in one query, their renditions in another (shared with the page's).
    assert count_queries(client, about.url) <= min(without + 2, QUERY_BUDGET)
