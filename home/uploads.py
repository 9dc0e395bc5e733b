"""Images and documents uploaded in the admin are checked by their content, not their name.

Wagtail reads an image's header to accept it, then opens it to count its pixels: a GIF, PNG
or JPEG header followed by garbage passes the first step and raises Pillow's errors from the
second, which the admin answers with a 500 (issue 25). Here an image that Pillow cannot
open, or cannot decode to the end, is refused with the form's "not a valid image" error;
a document whose content does not match its extension (a "PDF" that is not one, an office
file that is not a readable archive) is refused the same way.

Wired in by WAGTAILIMAGES_IMAGE_FORM_BASE and WAGTAILDOCS_DOCUMENT_FORM_BASE: every upload
form of the admin (add, multiple add, chooser, edit) is built on these bases.
"""

import os
import zipfile

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, refusing what Pillow cannot open or decode."""

    def _invalid(self):
        return forms.ValidationError(self.error_messages["invalid_image"], code="invalid_image")

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except forms.ValidationError:
            raise
        except Exception as error:  # UnidentifiedImageError, OSError, SyntaxError…: not an image
            raise self._invalid() from error

    def to_python(self, data):
        f = super().to_python(data)
        if f is not None and f.image.format_name != "svg":
            try:
                # The whole image, not only its header: a truncated or corrupt body fails here
                # rather than later, in a rendition made on a visitor's request.
                f.image.get_pillow_image().load()
            except Exception as error:  # any decoding failure means it is not a usable image
                raise self._invalid() from error
            finally:
                if hasattr(f, "seek"):
                    f.seek(0)
        return f


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            # Wagtail builds this field in a formfield callback that a base form cannot
            # replace; the field's class is swapped, keeping its label, widget and limits.
            self.fields["file"].__class__ = CheckedImageField


# What each document extension's content must look like.
OFFICE_OPEN_XML = {"docx", "xlsx", "pptx"}
OPEN_DOCUMENT = {"odt", "ods", "odp"}
TEXT = {"txt", "csv"}


def _is_pdf(stream, size):
    head = stream.read(1024)
    stream.seek(max(size - 2048, 0))
    tail = stream.read()
    return b"%PDF-" in head and b"%%EOF" in tail


def _zip_members(stream):
    """The archive's member names, or None when it is not a readable zip."""
    try:
        with zipfile.ZipFile(stream) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None


def content_matches(upload, extension):
    """Whether an uploaded document's content is what its extension says (for the extensions
    we know; others are taken as they come)."""
    upload.seek(0)
    try:
        if extension == "pdf":
            return _is_pdf(upload, upload.size)
        if extension in OFFICE_OPEN_XML:
            members = _zip_members(upload)
            return members is not None and "[Content_Types].xml" in members
        if extension in OPEN_DOCUMENT:
            members = _zip_members(upload)
            return members is not None and "mimetype" in members
        if extension == "zip":
            return _zip_members(upload) is not None
        if extension == "rtf":
            return upload.read(5) == b"{\\rtf"
        if extension in TEXT:
            return b"\x00" not in upload.read(64 * 1024)  # text has no NUL bytes
        return True
    finally:
        upload.seek(0)


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):  # a new file (editing may keep the old one)
            extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
            if not content_matches(upload, extension):
                raise forms.ValidationError(
                    _(
                        "This file is not a valid %(extension)s document: its content does "
                        "not match its extension. Save it again from the program that made it, "
                        "then upload it."
                    )
                    % {"extension": extension.upper()},
                    code="invalid_document",
                )
        return upload
