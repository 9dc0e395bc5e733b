"""Where a link may point: the web (http, https), this site (a path), an email or a phone.

Django's URLValidator wants a host, so it refuses ``mailto:`` and ``tel:``, and its form field
would rewrite ``mailto:a@b.org`` into ``mailto://a@b.org``: links take this field instead.
Every other scheme (``javascript:``, ``data:``…) stays refused.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

MESSAGE = _(
    "Enter a web address (https://…), a path on this site (/…), an email link "
    "(mailto:…) or a phone link (tel:…)."
)
PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{2,30}(;ext=[0-9]{1,8})?$")
web_address = URLValidator(schemes=["http", "https"])


def validate_link(value):
    value = value.strip()
    lowered = value.lower()
    if lowered.startswith("mailto:"):
        address = value[len("mailto:") :].split("?", 1)[0]
        try:
            for part in address.split(","):
                validate_email(part.strip())
        except ValidationError:
            raise ValidationError(MESSAGE, code="invalid") from None
    elif lowered.startswith("tel:"):
        if not PHONE.match(value[len("tel:") :]):
            raise ValidationError(MESSAGE, code="invalid")
    elif value.startswith(("/", "#", "?")) and not value.startswith("//"):
        if any(character.isspace() for character in value):
            raise ValidationError(MESSAGE, code="invalid")
    else:
        try:
            web_address(value)
        except ValidationError:
            raise ValidationError(MESSAGE, code="invalid") from None


class LinkFormField(forms.CharField):
    default_validators = [validate_link]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)


class LinkField(models.CharField):
    """A URLField that also takes mailto:, tel: and paths of this site."""

    default_validators = [validate_link]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)  # URLField's
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": LinkFormField, **kwargs})


class LinkURLBlock(blocks.FieldBlock):
    """URLBlock's counterpart: the same values as LinkField."""

    def __init__(self, required=True, help_text=None, max_length=2000, **kwargs):
        self.field = LinkFormField(required=required, help_text=help_text, max_length=max_length)
        super().__init__(**kwargs)

    def get_searchable_content(self, value):
        return []

    def deconstruct(self):
        # Migrations see the URLBlock it replaces: the stored value (a string) is the same, and
        # every app whose body holds a link would otherwise need a migration for nothing.
        return ("wagtail.blocks.URLBlock", *super().deconstruct()[1:])

    class Meta:
        icon = "link"
