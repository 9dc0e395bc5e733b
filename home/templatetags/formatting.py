"""Dates, times and French typography in templates: ``{% load formatting %}``.

    {{ day|format_date }}                 1er février 2027 / February 1, 2027
    {{ day|format_date:"weekday" }}       lundi 1er février 2027 / Monday, February 1, 2027
    {{ day|format_date:"no-year" }}       1er février / February 1
    {{ moment|format_datetime }}          1er février 2027 à 16 h / February 1, 2027, at 4 p.m.
    {{ moment|format_time }}              16 h 30 / 4:30 p.m.
    {{ start|time_range:end }}            de 16 h à 17 h 30 / 4 to 5:30 p.m.
    {{ day|format_month }}                février 2027 / February 2027
    {{ first|date_range:last }}           du 3 au 5 février 2027 / February 3 to 5, 2027
    {% session_when day start end %}      Lundi 1er février 2027, de 16 h à 17 h 30
    {% time_range_html day start end %}   the range with a <time datetime> on each time
    {% time_range_html day start end zone=zone %}   the same, its datetimes with zone's offset
    {% time_zone_note zone %}             (heure de Paris) / (Paris time); "" in the site's zone
    {{ text|typography }}                 French non-breaking spaces (no-op in English)

Each writes in the active language (emails render under their recipient's).
"""

import datetime

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from home import formatting

register = template.Library()


def _options(arg):
    return {part.strip() for part in (arg or "").split(",") if part.strip()}


@register.filter
def format_date(value, arg=""):
    if value in (None, ""):
        return ""
    options = _options(arg)
    return formatting.format_date(
        value, weekday="weekday" in options, year="no-year" not in options
    )


@register.filter
def format_datetime(value, arg=""):
    if value in (None, ""):
        return ""
    return formatting.format_datetime(value, weekday="weekday" in _options(arg))


@register.filter
def format_time(value):
    return formatting.format_time(value)


@register.filter
def time_range(start, end):
    if start in (None, ""):
        return ""
    return formatting.format_time_range(start, end)


@register.filter
def format_month(value):
    return formatting.format_month(value)


@register.filter
def date_range(start, end):
    if start in (None, ""):
        return ""
    return formatting.format_date_range(start, end)


@register.simple_tag
def session_when(day, start, end=None):
    return formatting.format_session(day, start, end)


@register.simple_tag
def time_range_html(day, start, end, capfirst=False, zone=None):
    """The range of times with each time in a ``<time datetime="2027-02-01T16:00">``; with
    a ``zone`` (times written in it, as at a venue), each datetime carries its offset
    (``2019-11-25T09:00+01:00``): the moment is then the same for every reader."""
    pieces = []
    parts = formatting.time_range_parts(start, end)
    if capfirst:
        text, which = parts[0]
        parts[0] = (text[:1].upper() + text[1:], which)
    for text, which in parts:
        if which is None:
            pieces.append(format_html("{}", text))
            continue
        value = start if which == "start" else end
        moment = datetime.datetime.combine(day, value) if day else value
        stamp = moment.strftime("%Y-%m-%dT%H:%M") if day else moment.strftime("%H:%M")
        if day and zone is not None:
            stamp += moment.replace(tzinfo=zone).isoformat()[-6:]  # ±HH:MM of that day
        pieces.append(format_html('<time datetime="{}">{}</time>', stamp, text))
    return mark_safe("".join(pieces))  # each piece is escaped above


@register.simple_tag
def time_zone_note(zone):
    """« (heure de Paris) », after a space, where times are another zone's than the site's;
    else nothing."""
    note = formatting.time_zone_note(zone)
    return f" {note}" if note else ""


@register.filter(is_safe=True)
def typography(text):
    """French typography on text or HTML (rich text included: ``value|richtext|typography``);
    markup, attributes and addresses are left as they are."""
    if hasattr(text, "__html__") and not isinstance(text, str):  # e.g. Wagtail's RichText
        text = mark_safe(text.__html__())
    return formatting.typography(text)
