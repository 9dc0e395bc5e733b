"""SITE_URL, the public address (issue 22): the default Wagtail Site follows it at `migrate`,
and every absolute link the site gives is at it, whatever host a request named."""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db.models.signals import post_save
from django.urls import reverse
from icalendar import Calendar
from wagtail.models import Site

from config.settings.env import site_url as check_site_url
from factories import ImageFactory, NewsIndexPageFactory, NewsPageFactory, StandardPageFactory
from factories.colloque import ColloqueIndexPageFactory, EditionPageFactory, ProgrammeItemFactory
from home.services import follow_site_url
from tests.conftest import PUBLIC_ADDRESS

ROOT = Path(__file__).resolve().parents[2]
OTHER_HOST = "other.example"  # what a request may name: never where links point


def assert_public(text):
    assert f"{PUBLIC_ADDRESS}/" in text
    for wrong in ("localhost", "127.0.0.1", "testserver", OTHER_HOST):
        assert wrong not in text, wrong


# The setting ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://colloque.example.org", "https://colloque.example.org"),
        ("https://Colloque.Example.org/", "https://colloque.example.org"),
        ("https://colloque.example.org:443", "https://colloque.example.org"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("http://localhost:80/", "http://localhost"),
    ],
)
def test_site_url_is_written_one_way(value, expected):
    assert check_site_url(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("colloque.example.org", "must start with https:// or http://"),
        ("ftp://colloque.example.org", "must start with https:// or http://"),
        ("https://", "needs a host name"),
        ("https://colloque example.org", "needs a host name"),
        ("http://[::1]:8000", "needs a host name"),
        ("https://colloque.example.org/colloque/", "must not have a path"),
        ("https://colloque.example.org/?a=1", "must not have a path"),
        ("https://admin:secret@colloque.example.org", "must not carry a user name"),
        ("http://colloque.example.org:99999", "port must be a number"),
        ("http://colloque.example.org:port", "port must be a number"),
        ("https://colloque.example.org:8443", "https must be on port 443"),
        ("http://colloque.example.org:443", "port 443 is for https"),
    ],
)
def test_a_wrong_site_url_is_refused_with_the_reason(value, reason):
    with pytest.raises(ImproperlyConfigured, match="SITE_URL=") as refused:
        check_site_url(value)
    assert reason in str(refused.value)


def test_the_site_does_not_start_with_a_wrong_site_url():
    environment = dict(os.environ, SITE_URL="https://colloque.example.org/fr/")
    environment.pop("DJANGO_SETTINGS_MODULE", None)  # manage.py's own: development
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: SITE_URL='https://colloque.example.org/fr/'" in result.stderr
    assert "must not have a path" in result.stderr


def test_wagtail_and_the_api_take_the_same_address():
    from django.conf import settings

    assert settings.WAGTAILADMIN_BASE_URL == settings.SITE_URL
    assert settings.WAGTAILAPI_BASE_URL == settings.SITE_URL


# The Wagtail Site ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_test_database_site_follows_the_test_setting(site):
    assert (site.hostname, site.port) == ("testserver", 80)


@pytest.mark.django_db
def test_migrate_moves_the_default_site_to_site_url_and_back(settings, site):
    settings.SITE_URL = PUBLIC_ADDRESS
    call_command("migrate", verbosity=0)
    site.refresh_from_db()
    assert (site.hostname, site.port, site.is_default_site) == ("colloque.example.org", 443, True)
    assert site.root_url == PUBLIC_ADDRESS

    settings.SITE_URL = "http://127.0.0.1:8123"
    call_command("migrate", verbosity=0)
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("127.0.0.1", 8123)
    assert Site.objects.count() == 1


@pytest.mark.django_db
def test_following_site_url_saves_only_a_change(settings, site):
    saves = []

    def saved(sender, instance, **kwargs):
        saves.append(instance.pk)

    post_save.connect(saved, sender=Site)
    try:
        follow_site_url()  # already there (the test database's migrate)
        assert saves == []
        settings.SITE_URL = PUBLIC_ADDRESS
        follow_site_url()
        follow_site_url()
    finally:
        post_save.disconnect(saved, sender=Site)
    assert saves == [site.pk]  # a save invalidates every stored page: once


@pytest.mark.django_db
def test_another_site_at_the_address_is_a_clear_error(settings, home_page):
    Site.objects.create(hostname="colloque.example.org", port=443, root_page=home_page)
    settings.SITE_URL = PUBLIC_ADDRESS
    with pytest.raises(ImproperlyConfigured, match="already has this address"):
        follow_site_url()


# Every absolute link -------------------------------------------------------------------


@pytest.mark.django_db
def test_canonical_og_url_and_alternates_are_at_site_url(client, public_address, home_page):
    page = StandardPageFactory(
        parent=home_page,
        title="À propos",
        slug="a-propos",
        og_image=ImageFactory(file__width=1600, file__height=900),
    )
    head = client.get(page.url, HTTP_HOST=OTHER_HOST).content.decode().split("</head>")[0]
    assert f'<link rel="canonical" href="{PUBLIC_ADDRESS}/a-propos/">' in head
    assert f'<meta property="og:url" content="{PUBLIC_ADDRESS}/a-propos/">' in head
    assert f'hreflang="fr-ca" href="{PUBLIC_ADDRESS}/a-propos/"' in head
    assert f'<meta property="og:image" content="{PUBLIC_ADDRESS}/media/' in head
    assert_public(head)


@pytest.mark.django_db
def test_sitemap_and_robots_txt_are_at_site_url(client, public_address, home_page):
    StandardPageFactory(parent=home_page, title="À propos", slug="a-propos")
    sitemap = client.get("/sitemap.xml", HTTP_HOST=OTHER_HOST).content
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {loc.text for loc in ET.fromstring(sitemap).findall("s:url/s:loc", namespace)}
    assert locations == {f"{PUBLIC_ADDRESS}/", f"{PUBLIC_ADDRESS}/a-propos/"}
    assert_public(sitemap.decode())

    robots = client.get("/robots.txt", HTTP_HOST=OTHER_HOST).content.decode()
    assert f"Sitemap: {PUBLIC_ADDRESS}/sitemap.xml\n" in robots
    assert_public(robots)


@pytest.mark.django_db
def test_the_api_html_url_is_at_site_url(client, public_address, home_page):
    page = StandardPageFactory(parent=home_page, title="À propos", slug="a-propos")
    response = client.get(f"/api/v2/pages/{page.pk}/", HTTP_HOST=OTHER_HOST)
    meta = response.json()["meta"]
    assert meta["html_url"] == f"{PUBLIC_ADDRESS}/a-propos/"
    assert meta["detail_url"] == f"{PUBLIC_ADDRESS}/api/v2/pages/{page.pk}/"
    assert_public(response.content.decode())


@pytest.mark.django_db
def test_calendar_files_are_at_site_url(client, public_address, home_page):
    edition = EditionPageFactory(parent=ColloqueIndexPageFactory(parent=home_page), year=2024)
    item = ProgrammeItemFactory(edition=edition, title="Ouverture")
    body = client.get("/colloque/2024/programme.ics", HTTP_HOST=OTHER_HOST).content
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["URL"]) == f"{PUBLIC_ADDRESS}/colloque/2024/programme/ouverture/"
    assert str(event["UID"]) == f"programme-item-{item.pk}@colloque.example.org"
    assert_public(body.decode())


@pytest.mark.django_db
def test_the_news_feed_is_at_site_url(client, public_address, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=index, title="Une nouvelle", slug="une-nouvelle")
    feed = client.get(f"{index.url}rss/", HTTP_HOST=OTHER_HOST).content.decode()
    assert f"<link>{PUBLIC_ADDRESS}/actualites/</link>" in feed
    assert f"<link>{PUBLIC_ADDRESS}/actualites/une-nouvelle/</link>" in feed
    assert f'href="{PUBLIC_ADDRESS}/actualites/rss/"' in feed
    assert_public(feed)


@pytest.mark.django_db
def test_wagtails_own_emails_are_at_site_url(client, public_address, django_user_model):
    django_user_model.objects.create_user(username="sophie", email="s@example.org", password="x")
    client.post(
        reverse("wagtailadmin_password_reset"), {"email": "s@example.org"}, HTTP_HOST=OTHER_HOST
    )
    (email,) = mail.outbox
    assert f"{PUBLIC_ADDRESS}/admin/password_reset/" in email.body
    assert_public(email.body)


# Deployment checks ---------------------------------------------------------------------


def test_deploy_checks_want_site_url_served_and_https(settings):
    from home.checks import site_url_is_served

    settings.SITE_URL, settings.ALLOWED_HOSTS = PUBLIC_ADDRESS, ["colloque.example.org"]
    assert site_url_is_served(None) == []
    settings.ALLOWED_HOSTS = [".example.org"]
    assert site_url_is_served(None) == []

    settings.SITE_URL, settings.ALLOWED_HOSTS = "http://colloque.example.org", ["other.example"]
    assert [warning.id for warning in site_url_is_served(None)] == ["home.W001", "home.W002"]
