"""Files the public sends: kept out of every public path, served to staff safely, and each
download recorded (Québec's Law 25)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve, reverse
from wagtail.models import ModelLogEntry

import config.settings.base as base_settings
from factories.host_applications import PDF_BYTES, application_data
from host_applications import services
from host_applications.checks import private_storage_is_not_public
from host_applications.forms import HostApplicationForm

from .conftest import pdf

pytestmark = pytest.mark.django_db

FILE = "host_applications_file"
HISTORY = "wagtailsnippets_host_applications_hostapplication:history"


@pytest.fixture
def application(call):
    form = HostApplicationForm(application_data())
    assert form.is_valid()
    application, _token = services.submit_application(
        call=call,
        data=form.cleaned_data,
        files=[pdf('évaluation "finale"\r\nX-Injected: 1.pdf')],
        language="fr-ca",
    )
    return application


def downloads(application):
    return ModelLogEntry.objects.for_instance(application).filter(
        action="host_applications.file_viewed"
    )


def _inside(path, root):
    path, root = Path(path).resolve(), Path(root).resolve()
    return path == root or root in path.parents


@pytest.mark.parametrize("config", [base_settings, settings], ids=["deployed", "tests"])
def test_the_private_root_is_outside_every_publicly_served_folder(config):
    private_root = config.STORAGES["private"]["OPTIONS"]["location"]
    for public_root in (config.MEDIA_ROOT, config.STATIC_ROOT, *config.STATICFILES_DIRS):
        assert not _inside(private_root, public_root)
        assert not _inside(public_root, private_root)


def test_a_private_root_under_media_fails_the_system_checks(settings, tmp_path):
    assert private_storage_is_not_public(None) == []
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": Path(settings.MEDIA_ROOT) / "private"},
        },
    }
    assert [error.id for error in private_storage_is_not_public(None)] == ["host_applications.E001"]
    # No location at all: Django's FileSystemStorage would write under MEDIA_ROOT.
    settings.STORAGES["private"]["OPTIONS"] = {}
    assert [error.id for error in private_storage_is_not_public(None)] == ["host_applications.E001"]


def test_no_public_address_serves_a_stored_attachment(client, application, settings):
    attachment = application.files.get()
    stored = Path(attachment.file.path)
    assert stored.read_bytes() == PDF_BYTES
    assert not _inside(stored, settings.MEDIA_ROOT)
    # The generated name on disk, not the sender's.
    assert stored.name != attachment.original_name and stored.suffix == ".pdf"
    assert "évaluation" not in attachment.file.name
    for url in (
        settings.MEDIA_URL + attachment.file.name,
        "/static/" + attachment.file.name,
        "/documents/" + attachment.file.name,
        "/" + attachment.file.name,
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert PDF_BYTES not in b"".join(getattr(response, "streaming_content", [response.content]))
    # Only the staff view resolves to it.
    for path in ("/media/" + attachment.file.name, "/" + attachment.file.name):
        try:
            match = resolve(path)
        except Resolver404:
            continue
        assert match.url_name != FILE


def test_staff_download_is_an_attachment_under_a_generated_name(client, application, committee):
    attachment = application.files.get()
    client.force_login(committee)
    response = client.get(reverse(FILE, args=[attachment.pk]))
    assert b"".join(response.streaming_content) == PDF_BYTES
    filename = f"{application.reference}-{attachment.pk}.pdf"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"{filename}\"; filename*=UTF-8''{filename}"
    )
    assert "évaluation" not in response["Content-Disposition"]
    assert "\r" not in response["Content-Disposition"] and "X-Injected" not in str(response.items())
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_every_download_is_recorded_in_the_candidatures_history(
    client, application, committee, superuser_client
):
    attachment = application.files.get()
    client.force_login(committee)
    for _ in range(2):
        b"".join(client.get(reverse(FILE, args=[attachment.pk])).streaming_content)
    entries = list(downloads(application).order_by("pk"))
    assert len(entries) == 2
    assert {entry.user for entry in entries} == {committee}
    assert entries[0].data == {
        "file_id": attachment.pk,
        "filename": f"{application.reference}-{attachment.pk}.pdf",
    }
    assert entries[0].timestamp is not None
    message = f"Fichier joint «\u00a0{application.reference}-{attachment.pk}.pdf\u00a0» téléchargé"
    history = client.get(reverse(HISTORY, args=[application.pk])).content.decode()
    assert message in history
    report = superuser_client.get(
        reverse("wagtailadmin_reports:site_history"),
        {"action": "host_applications.file_viewed"},
    ).content.decode()
    assert message in report


def test_refused_or_missing_downloads_record_nothing(client, application, facilitator, committee):
    attachment = application.files.get()
    url = reverse(FILE, args=[attachment.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(facilitator)
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert not response.has_header("Content-Disposition")
    assert not downloads(application).exists()

    client.force_login(committee)
    assert client.get(reverse(FILE, args=[attachment.pk + 1000])).status_code == 404
    attachment.file.storage.delete(attachment.file.name)
    assert client.get(url).status_code == 404
    assert not downloads(application).exists()


@pytest.fixture
def superuser_client(client, django_user_model):
    from django.test import Client

    user = django_user_model.objects.create_superuser(
        username="admin", password="pw", email="admin@example.org"
    )
    other = Client()
    other.force_login(user)
    return other
