"""Readable data in the admin: how values look in inspect views and spreadsheet exports.

Every export and inspect view of the project goes through this module, so a date, a yes/no
or a number reads the same everywhere: in local time, in words of the user's language.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .formatting import format_date, format_datetime, format_time

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMAT_CSV = "csv"
FORMAT_XLSX = "xlsx"
# What an inspect view shows for a value that was never given.
EMPTY = "—"


def neutralise_formula(value):
    """Spreadsheets run cells that start like a formula: make such text plain text.

    Control characters (other than tab and line breaks) are dropped first: the public can
    type them, no spreadsheet shows them, and openpyxl refuses them (a broken XLSX download).
    """
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(FORMULA_PREFIXES):
            return "'" + value
    return value


def yes_no(value):
    return _("Yes") if value else _("No")


def local(value, time_zone=None):
    """An aware datetime in the user's time zone (the site's, America/Toronto, by default)."""
    if timezone.is_naive(value):
        return value
    return timezone.localtime(value, time_zone)


def decimal_text(value):
    """A number as a French spreadsheet reads it: a decimal comma, integers left plain."""
    text = format(value, "f") if isinstance(value, Decimal) else repr(value)
    return text.replace(".", ",")


def display_value(value):
    """A value for a person to read on an admin page (inspect views)."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime.datetime):
        return format_datetime(value)
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, datetime.time):
        return format_time(value)
    if isinstance(value, (float, Decimal)):
        return formats.number_format(value, use_l10n=True)
    if isinstance(value, (Promise, models.Model)):
        return str(value)
    return value


def export_value(value, export_format, *, time_zone=None):
    """A value for a spreadsheet cell.

    XLSX gets real date cells in local time (naive: Excel has no time zones); CSV gets ISO
    8601 with the offset, to the second. Yes/no and numbers read as in a French spreadsheet.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime.datetime):
        value = local(value, time_zone)
        if export_format == FORMAT_XLSX:
            return timezone.make_naive(value, value.tzinfo) if value.tzinfo else value
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        if export_format == FORMAT_XLSX:
            return value
        if isinstance(value, datetime.time):
            return value.replace(microsecond=0).isoformat()
        return value.isoformat()
    if isinstance(value, int):
        return value
    if isinstance(value, (float, Decimal)):
        return value if export_format == FORMAT_XLSX else decimal_text(value)
    if isinstance(value, (list, tuple)):
        return neutralise_formula(", ".join(str(item) for item in value))
    return neutralise_formula(str(value))


class ReadableExportMixin:
    """For a Wagtail IndexView with `list_export`: every cell through `export_value`.

    Choices export as their labels even when `list_export` names the field itself.
    """

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # The CSV streams after the view returns, outside Wagtail's override of the user's
        # language and time zone: keep them for the rows.
        self.export_language = translation.get_language()
        self.export_time_zone = timezone.get_current_timezone()

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        for name in row:
            try:
                field = item._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if getattr(field, "choices", None) and not field.is_relation:
                row[name] = item._get_FIELD_display(field)
        return row

    def preprocess_field_value(self, field, value, export_format):
        return export_value(value, export_format, time_zone=self.export_time_zone)

    def stream_csv(self, queryset):
        rows = super().stream_csv(queryset)
        while True:
            with (
                translation.override(self.export_language),
                timezone.override(self.export_time_zone),
            ):
                try:
                    row = next(rows)
                except StopIteration:
                    return
            yield row


class ReadableInspectMixin:
    """For a Wagtail InspectView: labels, local times, yes/no, "—" for what is empty."""

    def get_field_display_value(self, field_name, field):
        # Before Wagtail's display classes, which would show an empty box for a missing image.
        concrete = field is not None and field.concrete
        if concrete and getattr(self.object, field.attname) in ("", None):
            return EMPTY
        return display_value(super().get_field_display_value(field_name, field))
