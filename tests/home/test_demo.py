from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from home.models import HomePage, NewsIndexPage, NewsPage, SiteSettings, StandardPage


def state():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        get_image_model().objects.count(),
        get_document_model().objects.count(),
    )


@pytest.mark.django_db
def test_demo_is_idempotent_and_reset_republishes(demo):
    before = state()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert state() == before
    assert "0 created, 0 updated" in out.getvalue()

    call_command("load_demo", "--reset", stdout=StringIO())
    pages, revisions, images, documents = state()
    assert (pages, images, documents) == (before[0], before[2], before[3])
    assert revisions > before[1]


@pytest.mark.django_db
def test_demo_builds_both_languages_without_stray_redirects(demo):
    for model in (HomePage, StandardPage, NewsIndexPage, NewsPage):
        french = model.objects.filter(locale__language_code="fr-ca", live=True)
        english = model.objects.filter(locale__language_code="en", live=True)
        assert french.exists() and french.count() == english.count(), model
    assert NewsPage.objects.filter(locale__language_code="fr-ca").count() >= 6
    assert not Redirect.objects.exists()
    assert SiteSettings.objects.get().organisation_name == "ACLAM"


@pytest.mark.django_db
def test_demo_pages_render_in_both_languages(demo, client):
    for page in Page.objects.live().filter(depth__gt=1).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert "<h1" in response.content.decode(), page.url
    home = client.get("/").content.decode()
    # The featured 2026 edition brings its own status.
    assert "Recherche d’un milieu hôte" in home
    assert "Looking for a host" in client.get("/en/").content.decode()


@pytest.mark.django_db
def test_demo_images_have_alt_text_and_the_study_is_a_pdf(demo):
    for image in get_image_model().objects.all():
        assert image.description
        if image.collection.name == "Logos des partenaires":
            assert (image.width, image.height) == (600, 300)
        elif image.pk == SiteSettings.objects.get().logo_id:
            assert (image.width, image.height) == (360, 120)
        else:
            assert (image.width, image.height) == settings.DEMO_IMAGE_SIZE
    study = get_document_model().objects.get()
    assert study.file_extension == "pdf" and study.file_size > 1000
    with study.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
