"""Malformed images and documents in the admin are form errors, never a 500 (issue 25,
item 5); valid ones of every accepted format still go through."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from factories.host_applications import PDF_BYTES
from home.models import CustomDocument, CustomImage

pytestmark = pytest.mark.django_db

INVALID_IMAGE = "Téléversez une image valide"
INVALID_DOCUMENT = "ne correspond pas à son extension"


def picture(fmt, size=(40, 30)):
    stream = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(stream, fmt)
    return stream.getvalue()


def truncated(data):
    return data[: len(data) // 2]


MALFORMED_IMAGES = {
    "gif-header": ("x.gif", b"GIF89a" + b"\x00garbage" * 20),
    "png-header": ("x.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 20),
    "jpeg-header": ("x.jpg", b"\xff\xd8\xff\xe0" + b"garbage" * 20),
    "webp-header": ("x.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"garbage" * 20),
    # A real header (its size readable) and half a body: fails only when decoded.
    "png-truncated": ("x.png", truncated(picture("PNG", (300, 200)))),
    "jpeg-truncated": ("x.jpg", truncated(picture("JPEG", (300, 200)))),
}


@pytest.fixture
def admin_client(django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    # A 500 must come back as a response here, not as the test's exception.
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def multiple(client, url_name, name, content):
    response = client.post(
        reverse(url_name),
        {"files[]": SimpleUploadedFile(name, content)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200, response.status_code
    return json.loads(response.content)


@pytest.mark.parametrize("case", list(MALFORMED_IMAGES))
def test_a_malformed_image_is_a_form_error(admin_client, case):
    name, content = MALFORMED_IMAGES[case]
    response = admin_client.post(
        reverse("wagtailimages:add"), {"title": "Cassée", "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert INVALID_IMAGE in response.content.decode()

    answer = multiple(admin_client, "wagtailimages:add_multiple", name, content)
    assert answer["success"] is False
    assert INVALID_IMAGE in answer["error_message"]

    response = admin_client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Cassée",
            "image-chooser-upload-file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200
    assert INVALID_IMAGE in json.loads(response.content)["htmlFragment"]
    assert not CustomImage.objects.exists()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP", "AVIF"])
def test_valid_images_of_every_format_are_accepted(admin_client, fmt):
    extension = {"JPEG": "jpg"}.get(fmt, fmt.lower())
    content = picture(fmt)
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Bonne", "file": SimpleUploadedFile(f"x.{extension}", content)},
    )
    assert response.status_code == 302
    answer = multiple(admin_client, "wagtailimages:add_multiple", f"y.{extension}", content)
    assert answer["success"] is True
    assert CustomImage.objects.count() == 2
    assert all((image.width, image.height) == (40, 30) for image in CustomImage.objects.all())


def archive(members):
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    return stream.getvalue()


DOCX = archive({"[Content_Types].xml": "<Types/>", "word/document.xml": "<document/>"})
ODT = archive({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})

MALFORMED_DOCUMENTS = {
    "pdf": ("etude.pdf", b"%PDF-1.4 and then garbage, no end"),
    "pdf-renamed-image": ("etude.pdf", picture("PNG")),
    "docx": ("texte.docx", b"PK\x03\x04garbage"),
    "docx-other-zip": ("texte.docx", archive({"a.txt": "a"})),
    "odt": ("texte.odt", DOCX),
    "zip": ("archive.zip", b"PK.."),
    "xlsx-truncated": ("tableau.xlsx", truncated(DOCX)),
    "txt-binary": ("notes.txt", b"\x00\x01\x02 binaire"),
    "rtf": ("lettre.rtf", b"not rtf"),
}


@pytest.mark.parametrize("case", list(MALFORMED_DOCUMENTS))
def test_a_document_whose_content_does_not_match_its_extension_is_a_form_error(admin_client, case):
    name, content = MALFORMED_DOCUMENTS[case]
    response = admin_client.post(
        reverse("wagtaildocs:add"), {"title": "Cassé", "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert INVALID_DOCUMENT in response.content.decode()
    answer = multiple(admin_client, "wagtaildocs:add_multiple", name, content)
    assert answer["success"] is False
    assert INVALID_DOCUMENT in answer["error_message"]
    assert not CustomDocument.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("etude.pdf", PDF_BYTES),
        ("texte.docx", DOCX),
        ("texte.odt", ODT),
        ("archive.zip", archive({"a.txt": "a"})),
        ("notes.txt", "Une note en français, accentuée.".encode()),
        ("liste.csv", "nom;courriel\nAmélie;a@example.org\n".encode("cp1252")),
        ("lettre.rtf", b"{\\rtf1\\ansi Bonjour}"),
    ],
)
def test_valid_documents_are_accepted(admin_client, name, content):
    response = admin_client.post(
        reverse("wagtaildocs:add"), {"title": "Bon", "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 302
    document = CustomDocument.objects.get()
    assert document.file.read() == content
