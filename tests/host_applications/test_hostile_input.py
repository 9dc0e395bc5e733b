"""Hostile input on the candidature form and its private pages, case by case.

Markup is kept as typed and shown escaped wherever it goes (pages, admin, mail, exports);
broken requests (too big, too many fields, bad encodings, lying or dangerous files, path
tricks) get a 4xx or a form error, never a 500, and leave nothing behind.
"""

import csv
import io
import struct
import zlib
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from factories.host_applications import PDF_BYTES, application_data
from home.models import OutboxEmail
from host_applications import services
from host_applications.models import ApplicationFile, HostApplication
from host_applications.services import attachments
from tests.hostile import (
    HOSTILE_EMAIL,
    IMG,
    PAYLOAD,
    assert_escaped,
    body_of,
)

from .conftest import act, pdf

pytestmark = pytest.mark.django_db

# Every free-text field the public fills in; the email's quoted local part may hold markup too.
TEXT_FIELDS = [
    "institution_name",
    "address",
    "town",
    "contact_name",
    "contact_role",
    "dates_note",
    "accessibility_details",
    "catering",
    "technical_equipment",
    "accommodation_transport",
    "local_partners",
    "motivation",
]

LIST = "wagtailsnippets_host_applications_hostapplication:list"
INSPECT = "wagtailsnippets_host_applications_hostapplication:inspect"
EDIT = "wagtailsnippets_host_applications_hostapplication:edit"
HISTORY = "wagtailsnippets_host_applications_hostapplication:history"


def hostile_data(**overrides):
    return application_data(
        **dict.fromkeys(TEXT_FIELDS, PAYLOAD),
        contact_email=HOSTILE_EMAIL,
        contact_phone="<b>514</b>",
        **overrides,
    )


def stored_files():
    root = Path(ApplicationFile.file.field.storage.location)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="admin", password="pw", email="admin@example.org"
    )


@pytest.fixture
def unchanged():
    """Asserts that a request saved nothing: no row, no file, no email."""
    before = (HostApplication.objects.count(), len(stored_files()), OutboxEmail.objects.count())

    def check():
        after = (HostApplication.objects.count(), len(stored_files()), OutboxEmail.objects.count())
        assert after == before
        assert ApplicationFile.objects.count() == 0 or before[1] > 0

    return check


# Markup, everywhere it goes ------------------------------------------------------------


def test_markup_in_every_field_is_kept_and_shown_escaped_everywhere(
    client, call, communications, superuser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            call.url, {**hostile_data(), "attachments": [pdf(f"{IMG}.pdf")]}, follow=True
        )
    application = HostApplication.objects.get()
    for name in TEXT_FIELDS:
        assert getattr(application, name) == PAYLOAD, name
    assert application.contact_email == HOSTILE_EMAIL
    assert application.files.get().original_name == f"{IMG}.pdf"
    assert_escaped(response.content.decode())  # the status page, after the redirect

    client.force_login(superuser)
    for url in (
        reverse(LIST),
        reverse(INSPECT, args=[application.pk]),
        reverse(EDIT, args=[application.pk]),
        reverse(HISTORY, args=[application.pk]),
        reverse("wagtailadmin_home"),
    ):
        html = client.get(url).content.decode()
        assert_escaped(html, expect=url != reverse("wagtailadmin_home"))

    # Mail is plain text (nothing for a mail client to run), with clean one-line subjects.
    assert mail.outbox
    for message in mail.outbox:
        assert message.content_subtype == "plain"
        assert not getattr(message, "alternatives", [])
        assert "\n" not in message.subject and "\r" not in message.subject
        assert set(message.extra_headers) <= {"Auto-Submitted", "Message-ID"}
        assert message.extra_headers["Message-ID"].startswith("<outbox.")  # ours, not input
    receipt = next(m for m in mail.outbox if m.to == [HOSTILE_EMAIL])
    assert PAYLOAD in receipt.body  # verbatim, not mangled by HTML escaping


def test_line_breaks_cannot_inject_mail_headers(
    client, call, communications, django_capture_on_commit_callbacks
):
    injected = "École\r\nBcc: victim@example.org\r\nSubject: pwned"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(call.url, application_data(institution_name=injected, contact_name=injected))
    application = HostApplication.objects.get()
    assert application.institution_name == "École Bcc: victim@example.org Subject: pwned"
    assert application.contact_name == injected  # kept as typed, only ever in a mail's body
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert message.bcc == [] and "victim@example.org" not in message.recipients()
        assert message.subject != "pwned"
        header_lines = message.message().as_bytes().split(b"\n\n", 1)[0].split(b"\n")
        # Folded lines start with white space: a line of its own would be a new header.
        assert not [line for line in header_lines if line.startswith((b"Bcc", b"Subject: pwned"))]


FORMULAS = {
    "institution_name": '=HYPERLINK("http://evil.example","x")',
    "address": "+1+1",
    "town": "-2+3",
    "contact_name": "@SUM(A1)",
    "contact_role": "\t=1+2",
    "contact_phone": "=1",
    "dates_note": "\r=1",
    "catering": "=cmd|' /C calc'!A0",
    "motivation": "Une motivation \x0b avec \x1b[31m des caractères de contrôle \x07",
}


def test_exports_neutralise_formulas_and_survive_control_characters(client, submit, superuser):
    submit(**FORMULAS)
    client.force_login(superuser)
    response = client.get(reverse(LIST), {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(body_of(response).decode())))
    cells = rows[1]
    for value in FORMULAS.values():
        if value.lstrip("\r\t")[:1] in "=+-@":
            stripped = value.strip()
            assert stripped not in cells or f"'{stripped}" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@", "\t", "\r")]

    response = client.get(reverse(LIST), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(body_of(response))).active
    values = [cell.value for cell in sheet[2]]
    assert not [cell for cell in sheet[2] if cell.data_type == "f"]  # no formula cell at all
    assert not [v for v in values if isinstance(v, str) and v[:1] in ("=", "+", "@", "\t", "\r")]
    assert '\'=HYPERLINK("http://evil.example","x")' in values
    assert any(isinstance(v, str) and v.startswith("Une motivation") for v in values)


def test_markup_typed_in_a_refused_form_comes_back_escaped(client, call, unchanged):
    response = client.post(call.url, hostile_data(postal_code="<i>", consent=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Entrez un code postal canadien" in html
    assert_escaped(html)
    unchanged()


# Requests that break the rules of HTTP or of the form --------------------------------


def test_a_body_over_the_memory_limit_is_refused(client, call, settings, unchanged):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client.post(call.url, application_data(motivation="x" * 20_000))
    assert response.status_code == 400
    unchanged()


def test_too_many_fields_are_refused(client, call, settings, unchanged):
    data = application_data()
    data.update({f"extra{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)})
    response = client.post(call.url, data)
    assert response.status_code == 400
    unchanged()


def test_too_many_files_are_refused(client, call, settings, unchanged):
    response = client.post(
        call.url,
        {
            **application_data(),
            "attachments": [pdf(f"f{n}.pdf") for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES)],
            "other": [pdf("x.pdf")],
        },
    )
    assert response.status_code == 400
    unchanged()


def test_undecodable_bytes_are_a_form_error(client, call, unchanged):
    body = urlencode(application_data()).encode() + b"&motivation=Nous+voulons+%FF%FE+venir"
    response = client.generic(
        "POST", call.url, body, content_type="application/x-www-form-urlencoded"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "caractères illisibles" in html
    unchanged()


@pytest.mark.parametrize("charset", ["x-no-such-charset", "utf-16", "utf-7"])
def test_an_unknown_or_odd_charset_never_fails(client, call, charset, unchanged):
    body = urlencode(application_data(motivation="Motivation é")).encode()
    response = client.generic(
        "POST", call.url, body, content_type=f"application/x-www-form-urlencoded; charset={charset}"
    )
    assert response.status_code < 500
    if response.status_code == 302:  # an unknown charset is ignored: read as UTF-8
        assert HostApplication.objects.get().motivation == "Motivation é"
    else:
        unchanged()


def test_a_form_body_declared_in_another_encoding_is_refused(client, call, unchanged):
    body = urlencode(application_data(motivation="Motivation é"), encoding="latin-1").encode()
    response = client.generic(
        "POST", call.url, body, content_type="application/x-www-form-urlencoded; charset=latin-1"
    )
    assert response.status_code == 400  # Django 6.1: form bodies are UTF-8 or nothing
    unchanged()


def multipart(fields, files=(), boundary="hostileboundary"):
    parts = []
    for name, value in fields.items():
        header = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{header}{value}\r\n".encode())
    for name, filename, content, content_type in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="'.encode()
            + filename
            + f'"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


ONE_PDF = ("attachments", b"plan.pdf", PDF_BYTES, "application/pdf")


@pytest.mark.parametrize(
    "content_type",
    [
        "multipart/form-data",  # no boundary
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=" + "b" * 300,
        "multipart/form-data; boundary=other",  # not the one used in the body
        "multipart/form-data; boundary=\x00",
    ],
)
def test_broken_multipart_bodies_are_refused(client, call, content_type, unchanged):
    body = multipart(application_data(), [ONE_PDF])
    response = client.generic("POST", call.url, body, content_type=content_type)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert 'class="errorlist"' in response.content.decode()
    unchanged()


@pytest.mark.parametrize("cut", [10, 40, 200])
def test_a_truncated_multipart_body_never_keeps_a_partial_file(client, call, cut):
    body = multipart(application_data(), [ONE_PDF])
    response = client.generic(
        "POST", call.url, body[:-cut], content_type="multipart/form-data; boundary=hostileboundary"
    )
    assert response.status_code in (200, 302, 400)
    # Django drops a file part that never ends; what was kept is whole.
    for attachment in ApplicationFile.objects.all():
        assert Path(attachment.file.path).read_bytes() == PDF_BYTES
    if response.status_code != 302:
        assert not HostApplication.objects.exists()


def png(width, height):
    """A tiny, valid PNG that declares width × height pixels (a decompression bomb if big)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


LYING_FILES = {
    "png": png(1, 1),
    "bomb": png(50_000, 50_000),
    "html": b"<!doctype html><script>alert(document.cookie)</script>",
    "exe": b"MZ\x90\x00\x03\x00\x00\x00PE\x00\x00" + b"\x00" * 200,
    "empty": b"",
    "zip": b"PK\x03\x04" + b"\x00" * 100,
    # A PDF's header without its end: a truncated or hand-made file.
    "no-eof": b"%PDF-1.4\n1 0 obj << >> endobj\n",
}


@pytest.mark.parametrize("kind", LYING_FILES)
def test_a_pdf_name_on_other_content_is_a_french_form_error(client, call, kind, unchanged):
    upload = pdf("dossier.pdf", LYING_FILES[kind])
    response = client.post(call.url, {**application_data(), "attachments": [upload]})
    html = response.content.decode()
    assert response.status_code == 200
    if kind == "empty":
        assert "Le fichier soumis est vide." in html
    else:
        assert "«\u00a0dossier.pdf\u00a0» n’est pas un fichier PDF." in html
    assert "4500, rue Saint-Denis" in html  # the rest is given back
    unchanged()


FILE_NAMES = {
    b"../../etc/passwd.pdf": "passwd.pdf",
    b"..\\..\\x.pdf": "x.pdf",
    b"/etc/cron.d/evil.pdf": "evil.pdf",
    b"C:\\Windows\\system32\\evil.pdf": "evil.pdf",
    b"plan\x00.exe.pdf": "plan.exe.pdf",
    b"plan\r\nX-Header: 1.pdf": None,  # a broken header line: the part is refused or renamed
    b"\xe2\x80\xaeFDP.exe.pdf": None,  # RTL override, kept for display only
    "plan de l’école Noël.pdf".encode(): "plan de l’école Noël.pdf",
    b"a" * 1000 + b".pdf": None,
    b"&lt;script&gt;.pdf": "<script>.pdf",
    b"..": None,
}


@pytest.mark.parametrize("filename", FILE_NAMES, ids=range(len(FILE_NAMES)))
def test_path_tricks_in_file_names_stay_inside_the_private_root(client, call, filename):
    body = multipart(application_data(), [("attachments", filename, PDF_BYTES, "application/pdf")])
    response = client.generic(
        "POST", call.url, body, content_type="multipart/form-data; boundary=hostileboundary"
    )
    assert response.status_code in (200, 302, 400)
    root = Path(ApplicationFile.file.field.storage.location).resolve()
    for attachment in ApplicationFile.objects.all():
        on_disk = Path(attachment.file.path).resolve()
        assert root in on_disk.parents
        assert on_disk.name.removesuffix(".pdf").isalnum()  # a generated name
        assert on_disk.read_bytes() == PDF_BYTES
        name = attachment.original_name
        assert len(name) <= 255
        assert "/" not in name and "\\" not in name and "\x00" not in name
        assert "\r" not in name and "\n" not in name
        if FILE_NAMES[filename] is not None:
            assert name == FILE_NAMES[filename]
    if response.status_code != 302:
        assert not ApplicationFile.objects.exists() and not HostApplication.objects.exists()
    for path in stored_files():
        assert root in path.resolve().parents


# Private pages ------------------------------------------------------------------------


@pytest.fixture
def changes_requested(call, submit, communications):
    application, token = submit()
    act(application, communications, "reject", comment=f"Précisez {PAYLOAD}")
    assert services.can_edit(application=application)
    return application, token


def private_url(call, name, token):
    return call.url + call.reverse_subpage(name, kwargs={"token": token})


@pytest.mark.parametrize(
    "remove_file", ["²", "١", "9" * 5000, str(2**70), "-1", "1e3", " 1", "<script>"]
)
def test_odd_file_ids_in_the_edit_form_are_ignored(client, call, changes_requested, remove_file):
    application, token = changes_requested
    attachments._save_files(application, [pdf("garder.pdf")])
    response = client.post(
        private_url(call, "edit", token),
        {**application_data(consent=""), "remove_file": [remove_file]},
    )
    assert response.status_code == 302
    assert application.files.get().original_name == "garder.pdf"


def test_markup_in_the_edit_form_and_the_committees_comment_is_escaped(
    client, call, changes_requested
):
    application, token = changes_requested
    html = client.get(private_url(call, "status", token)).content.decode()
    assert_escaped(html)  # the committee's comment, shown to the applicant
    response = client.post(private_url(call, "edit", token), hostile_data(postal_code="x"))
    assert_escaped(response.content.decode())
    application.refresh_from_db()
    assert application.motivation == "Nous voulons faire rayonner nos projets."
    response = client.post(private_url(call, "edit", token), hostile_data(), follow=True)
    application.refresh_from_db()
    assert application.motivation == PAYLOAD
    assert_escaped(response.content.decode())


@pytest.mark.parametrize("confirm", ["", "<script>", "\x00", "false", "False"])
def test_the_withdraw_form_needs_a_real_confirmation(client, call, submit, confirm):
    application, token = submit()
    response = client.post(private_url(call, "withdraw", token), {"confirm": confirm})
    application.refresh_from_db()
    if confirm.lower() in ("", "false"):
        assert response.status_code == 200 and "Cochez la case" in response.content.decode()
        assert application.withdrawn_at is None
    else:  # any other value ticks a checkbox, as browsers send it
        assert response.status_code == 302


@pytest.mark.parametrize(
    "token", ["%00", "..%2F..%2Fetc", "<script>", "A" * 5000, "%E2%80%AE", "%FF%FE"]
)
def test_odd_private_links_are_404(client, call, submit, token):
    submit()
    for suffix in ("", "modifier/", "retrait/"):
        response = client.get(f"{call.url}suivi/{token}/{suffix}")
        assert response.status_code == 404
