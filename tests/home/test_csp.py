"""Content-Security-Policy: strict and nonce-free on the public site, looser in the admin."""

import json
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from wagtail.models import Page

from colloque.models import ColloqueIndexPage, EditionPage, Partner
from colloque.services import series_speakers, speakers_series
from communities.models import CommunityPage
from tests.pages import one_page_of_each_type

pytestmark = pytest.mark.django_db

HEADER = "Content-Security-Policy"


def directives(response):
    policy = response[HEADER]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def assert_public_policy(response):
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert "data:" in policy["img-src"]
    # Consistent with X-Frame-Options.
    assert response["X-Frame-Options"] == "DENY" and policy["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response[HEADER] and "nonce-" not in response[HEADER]


class InlineFinder(HTMLParser):
    """Everything a policy without 'unsafe-inline' would refuse.

    One data block is allowed: the organisation's structured data (JSON-LD). A browser
    never runs a script element whose type is not JavaScript, and checks the policy only
    for those it would run; that block must hold JSON and nothing else. Any other inline
    script element counts, ``application/json`` included."""

    def __init__(self):
        super().__init__()
        self.found = []
        self.data_blocks = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and attributes.get("type") == "application/ld+json":
            self._script = []
        elif tag == "script" and "src" not in attributes:
            self.found.append(f"<script type={attributes.get('type')}>")
        if tag == "style":
            self.found.append("<style>")
        for name, _value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.data_blocks.append(json.loads("".join(self._script)))  # JSON, or it fails
            self._script = None


def inline_code(html):
    finder = InlineFinder()
    finder.feed(html)
    # The organisation, and the events the page shows (an edition, an item, sessions).
    assert len(finder.data_blocks) <= 2, finder.data_blocks
    return finder.found


def public_urls():
    urls = [page.url for page in Page.objects.live().filter(depth__gt=1).specific()]
    for community in CommunityPage.objects.live():
        urls.append(community.url + community.reverse_subpage("register"))
    for edition in EditionPage.objects.live():
        urls += [edition.url + "programme/", edition.url + edition.reverse_subpage("speakers")]
    for series in ColloqueIndexPage.objects.live():
        if speakers_series(locale_id=series.locale_id).pk != series.pk:
            continue  # its speakers' addresses redirect to the series that carries them
        urls.append(series.url + series.reverse_subpage("speakers"))
        urls += [
            series.url + series.reverse_subpage("speaker", args=(entry.speaker.slug,))
            for entry in series_speakers(series=series)
        ]
    return [*urls, "/recherche/?q=colloque", "/en/search/?q=colloque", "/page-inconnue/"]


def test_every_public_page_has_the_policy_and_nothing_inline(demo, client):
    urls = public_urls()
    assert len(urls) > 40
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_public_policy(response)
        assert inline_code(response.content.decode()) == [], url
    # A form sent back with its errors too.
    community = CommunityPage.objects.live().filter(locale__language_code="fr-ca").first()
    response = client.post(community.url + "inscription/", {})
    assert "error-summary" in response.content.decode()
    assert_public_policy(response)
    assert inline_code(response.content.decode()) == []


def test_cached_pages_keep_the_same_nonce_free_policy(home_page, client, page_cache):
    client.get("/")
    first = client.get("/")
    assert first["X-Page-Cache"] == "hit"
    assert_public_policy(first)
    second = client.get("/")
    assert second[HEADER] == first[HEADER]


def test_media_on_another_origin_is_allowed_for_images(home_page, client, settings):
    settings.MEDIA_URL = "https://cdn.example.org/media/"
    settings.CSP_MEDIA_ORIGINS = ["https://bucket.example.net"]
    policy = directives(client.get("/"))
    assert "https://cdn.example.org" in policy["img-src"]
    assert "https://bucket.example.net" in policy["img-src"]
    assert "https://cdn.example.org" in policy["media-src"]
    assert "https://cdn.example.org" not in policy["script-src"]


def test_admin_pages_answer_with_the_admin_policy(demo, client, django_user_model):
    admin = django_user_model.objects.create_superuser("chef", "chef@example.org", "pw")
    client.force_login(admin)
    page = Page.objects.live().filter(depth=3).first()
    partner = Partner.objects.first()
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailsnippets_colloque_partner:edit", args=[partner.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response)
        assert policy["script-src"] == ["'self'", "'unsafe-inline'"], url
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"], url
        assert "blob:" in policy["img-src"] and "'self'" in policy["frame-src"]
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    # Previews are framed by the admin: SAMEORIGIN, and the policy says the same.
    response = client.get(reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]))
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(response)["frame-ancestors"] == ["'self'"]


def test_login_page_has_the_admin_policy(client):
    response = client.get(reverse("wagtailadmin_login"))
    assert "'unsafe-inline'" in directives(response)["script-src"]


def preview_in_panel(client, edit_url, preview_url, model):
    """What the preview panel's frame loads: the editor's form posted, then the preview."""
    from tests.admin_forms import edit_form_data

    data = edit_form_data(client.get(edit_url).content.decode(), model)
    state = client.post(preview_url, data).json()
    assert state == {"is_valid": True, "is_available": True}
    return client.get(preview_url + "?in_preview_panel=true")


def test_previews_of_pages_and_partners_may_be_framed_by_the_admin(demo, client, django_user_model):
    admin = django_user_model.objects.create_superuser("chef", "chef@example.org", "pw")
    client.force_login(admin)
    edition = EditionPage.objects.filter(locale__language_code="fr-ca").first()
    partner = Partner.objects.filter(live=True).first()
    # One page of every type the demo has (the browser journey opens the panel itself for
    # four of them: tests/browser/previews.py), and a partner.
    pages = one_page_of_each_type()
    assert len(pages) >= 10
    previews = [
        *(
            (
                page.seo_title or page.title,
                reverse("wagtailadmin_pages:edit", args=[page.pk]),
                reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]),
                type(page),
            )
            for page in pages
        ),
        (
            partner.name,
            reverse("wagtailsnippets_colloque_partner:edit", args=[partner.pk]),
            reverse("wagtailsnippets_colloque_partner:preview_on_edit", args=[partner.pk]),
            Partner,
        ),
    ]
    for shown, edit_url, preview_url, model in previews:
        response = preview_in_panel(client, edit_url, preview_url, model)
        # The object itself, rendered under the public policy, framed by the admin only.
        assert shown in response.content.decode(), preview_url
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        policy = directives(response)
        assert policy["frame-ancestors"] == ["'self'"], preview_url
        assert policy["script-src"] == ["'self'"], preview_url
    # Everything else, admin or public, still refuses to be framed.
    for url in (edit_url, edition.url):
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY"
        assert directives(response)["frame-ancestors"] == ["'none'"], url
