"""Dates, times and French typography, the one place they are written for people.

French follows the Office québécois de la langue française (OQLF): « 16 h », « 16 h 30 »,
« de 16 h à 17 h 30 », « le 1er février 2027 », and non-breaking spaces before « : ; ! ? »
and inside guillemets. English follows Canadian usage (The Canadian Press): "4:30 p.m.",
"4 p.m.", "noon", "February 1, 2027", "4:30 to 5:30 p.m.".

Every visible date and time goes through these functions: templates with the filters of
``home/templatetags/formatting.py``, Python (emails, ICS, admin messages) directly. Django's
format strings cannot drop the minutes of a whole hour nor write "1er", hence functions;
``config/formats/`` only aligns Django's own ``DATE_FORMAT``/``TIME_FORMAT`` (used by
Wagtail and by widgets we do not render) with the same style. Pure Python: no query, no
catalogue lookup (the month and weekday names are here, for two languages).
"""

import datetime
import re

from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.safestring import SafeData, mark_safe

# OQLF: an ordinary non-breaking space (U+00A0) before the colon and inside guillemets, a
# narrow one (U+202F, « espace fine insécable ») before ; ! ?. Both keep the sign on the line
# of its word. In times and dates (« 16 h 30 ») the spaces are U+00A0 too, so « 16 h » never
# breaks across lines.
NBSP = "\u00a0"
NNBSP = "\u202f"

MONTHS = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
WEEKDAYS = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def language_of(language=None):
    """ "fr" or "en": the language given (a code like "fr-ca"), else the active one."""
    code = (language or translation.get_language() or "fr").lower()
    return "fr" if code.startswith("fr") else "en"


def _local(value):
    """A datetime in the site's time zone (America/Toronto); a naive one is taken as
    already local, as Django's own filters do."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


# Dates ----------------------------------------------------------------------------------


def format_day_month(value, *, language=None):
    """« 1er février », "February 1"."""
    value = _local(value)
    lang = language_of(language)
    month = MONTHS[lang][value.month - 1]
    if lang == "fr":
        day = "1er" if value.day == 1 else str(value.day)
        return f"{day} {month}"
    return f"{month} {value.day}"


def format_date(value, *, language=None, weekday=False, year=True):
    """« 1er février 2027 », « lundi 1er février 2027 »; "February 1, 2027", "Monday,
    February 1, 2027". The article (« le ») belongs to the sentence that uses it."""
    if value is None or value == "":
        return ""
    value = _local(value)
    lang = language_of(language)
    text = format_day_month(value, language=lang)
    if year:
        text = f"{text} {value.year}" if lang == "fr" else f"{text}, {value.year}"
    if weekday:
        name = WEEKDAYS[lang][value.weekday()]
        text = f"{name} {text}" if lang == "fr" else f"{name}, {text}"
    return text


def format_month(value, *, language=None):
    """« février 2027 », "February 2027"."""
    if value is None or value == "":
        return ""
    value = _local(value)
    return f"{MONTHS[language_of(language)][value.month - 1]} {value.year}"


def format_date_range(start, end, *, language=None, weekday=False):
    """« du 3 au 5 février 2027 », « du 30 janvier au 2 février 2027 », « 3 février 2027 »;
    "February 3 to 5, 2027", "January 30 to February 2, 2027", "February 3, 2027".

    A French range carries its articles (du… au…): capitalise it with ``capfirst`` at the
    start of a line. One day is the date alone."""
    lang = language_of(language)
    start, end = _local(start), _local(end) if end else None
    if not end or end == start:
        return format_date(start, language=lang, weekday=weekday)
    if weekday:  # each day names itself in full
        first = format_date(start, language=lang, weekday=True, year=start.year != end.year)
        last = format_date(end, language=lang, weekday=True)
    elif start.year != end.year:
        first = format_date(start, language=lang)
        last = format_date(end, language=lang)
    elif start.month != end.month:
        first = format_date(start, language=lang, year=False)
        last = format_date(end, language=lang)
    elif lang == "fr":
        first = "1er" if start.day == 1 else str(start.day)
        last = format_date(end, language=lang)
    else:
        first = format_date(start, language=lang, year=False)
        last = str(end.day) + f", {end.year}"
    if lang == "fr":
        return f"du {first} au {last}"
    if start.year != end.year:  # "December 30, 2026, to January 2, 2027"
        return f"{first}, to {last}"
    return f"{first} to {last}"


# Times ----------------------------------------------------------------------------------


def _french_time(value):
    hour = f"{value.hour}{NBSP}h"
    return hour if not value.minute else f"{hour}{NBSP}{value.minute:02d}"


def _english_clock(value):
    """4, 4:30, 12:15 — without a.m./p.m."""
    hour = value.hour % 12 or 12
    return str(hour) if not value.minute else f"{hour}:{value.minute:02d}"


def _meridiem(value):
    return "a.m." if value.hour < 12 else "p.m."


def _english_special(value):
    if value.minute == 0 and value.hour == 12:
        return "noon"
    if value.minute == 0 and value.hour == 0:
        return "midnight"
    return None


def format_time(value, *, language=None):
    """« 16 h », « 16 h 05 », « 9 h »; "4 p.m.", "4:30 p.m.", "noon", "midnight".
    Accepts a time or a datetime (an aware one shown in the site's time zone)."""
    if value is None or value == "":
        return ""
    value = _local(value)
    if language_of(language) == "fr":
        return _french_time(value)
    return _english_special(value) or f"{_english_clock(value)}{NBSP}{_meridiem(value)}"


def time_range_parts(start, end, *, language=None):
    """The pieces of a range of times, to wrap each time in markup: a list of
    (text, which) where which is "start", "end" or None for the words between."""
    lang = language_of(language)
    start, end = _local(start), _local(end)
    if lang == "fr":
        return [
            ("de ", None),
            (_french_time(start), "start"),
            (" à ", None),
            (_french_time(end), "end"),
        ]
    first_special, last_special = _english_special(start), _english_special(end)
    last = last_special or f"{_english_clock(end)}{NBSP}{_meridiem(end)}"
    if first_special:
        first = first_special
    elif not last_special and _meridiem(start) == _meridiem(end):
        first = _english_clock(start)  # CP style: "4:30 to 5:30 p.m."
    else:
        first = f"{_english_clock(start)}{NBSP}{_meridiem(start)}"
    return [(first, "start"), (" to ", None), (last, "end")]


def format_time_range(start, end, *, language=None):
    """« de 16 h à 17 h 30 »; "4:30 to 5:30 p.m.", "11 a.m. to 1 p.m.", "10 a.m. to noon".
    Without an end, the start time alone."""
    if not end:
        return format_time(start, language=language)
    return "".join(text for text, _which in time_range_parts(start, end, language=language))


def format_datetime(value, *, language=None, weekday=False):
    """« 1er février 2027 à 16 h 30 »; "February 1, 2027, at 4:30 p.m." (aware datetimes
    in the site's time zone)."""
    if value is None or value == "":
        return ""
    value = _local(value)
    lang = language_of(language)
    date = format_date(value, language=lang, weekday=weekday)
    time = format_time(value, language=lang)
    return f"{date} à {time}" if lang == "fr" else f"{date}, at {time}"


def format_session(day, start, end=None, *, language=None, capitalize=True):
    """A meeting on one day: « Mardi 3 février 2027, de 16 h à 17 h 30 »; "Tuesday,
    February 3, 2027, 4:30 to 5:30 p.m."."""
    text = f"{format_date(day, language=language, weekday=True)}, "
    text += format_time_range(start, end, language=language)
    return text[:1].upper() + text[1:] if capitalize else text


# Time zones -----------------------------------------------------------------------------

_FRENCH_VOWELS = "AEIOUÉÈÊÂÎÔÛ"


def zone_place(zone):
    """The place a zone is named after: "Paris" (Europe/Paris), "Buenos Aires"
    (America/Argentina/Buenos_Aires). IANA names places in English, in both languages."""
    key = getattr(zone, "key", None) or str(zone)
    return key.rsplit("/", 1)[-1].replace("_", " ")


def format_time_zone(zone, *, language=None):
    """« heure de Paris », « heure d’Istanbul »; "Paris time": how a reader names the
    local time of a place (clearer than CET/CEST, which change with the season)."""
    place = zone_place(zone)
    if language_of(language) == "fr":
        return f"heure d’{place}" if place[:1].upper() in _FRENCH_VOWELS else f"heure de {place}"
    return f"{place} time"


def is_site_zone(zone):
    """Whether times in ``zone`` read as the site's own (America/Toronto): no need to say."""
    key = getattr(zone, "key", None) or str(zone)
    return key == str(timezone.get_default_timezone())


def time_zone_note(zone, *, language=None):
    """« (heure de Paris) » after a time written in another zone than the site's; "" in the
    site's zone, where every time on the site is written."""
    if zone is None or is_site_zone(zone):
        return ""
    return f"({format_time_zone(zone, language=language)})"


# French typography ----------------------------------------------------------------------

# What typography never touches: elements whose text is code, tags (their attributes),
# character references, addresses (URLs, www., emails) and Django/Python placeholders.
_PROTECTED = re.compile(
    r"<(script|style|pre|code|textarea)\b.*?</\1\s*>"
    r"|<!--.*?-->"
    r"|<[^<>]*>"
    r"|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);"
    r"|\b(?:https?|ftp|mailto|tel):[^\s<>\"'«»]*"
    r"|\bwww\.[^\s<>\"'«»]*"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sd]"
    r"|\{\{.*?\}\}|\{%.*?%\}",
    re.DOTALL | re.IGNORECASE,
)
_SPACES = f"[ {NBSP}{NNBSP}]"
# A sign gets its space only after a word (not after a space, an opening sign or another
# sign: « ?! » keeps one space) and before a space or the end, so 16:30, a:b, &amp; and
# smileys are left alone.
_AFTER_WORD = r"(?<=[^\s;:!?¡¿(\[{«“\"'/\\<>=&#@*+|~^_-])"
_COLON = re.compile(rf"(?:{_AFTER_WORD}|(?<=\x00)){_SPACES}*:(?=\s|$)")
_FINE = re.compile(rf"(?:{_AFTER_WORD}|(?<=\x00)){_SPACES}*(;(?=\s|$)|[!?](?=[\s!?»”\")\].,…]|$))")
_OPENING_GUILLEMET = re.compile(rf"«{_SPACES}*")
_CLOSING_GUILLEMET = re.compile(rf"(?<!\s){_SPACES}*»")


def _french_text(text, *, after_markup):
    # \x00 stands for the markup just before this run of text (</strong>: …).
    marked = "\x00" + text if after_markup else text
    marked = _COLON.sub(f"{NBSP}:", marked)
    marked = _FINE.sub(lambda m: f"{NNBSP}{m.group(1)}", marked)
    marked = _OPENING_GUILLEMET.sub(f"«{NBSP}", marked)
    marked = _CLOSING_GUILLEMET.sub(f"{NBSP}»", marked)
    return marked[1:] if after_markup else marked


def typography(text, *, language=None):
    """French text with the OQLF's non-breaking spaces: U+00A0 before « : » and inside
    « », U+202F before « ; ! ? ». English text, tags, attributes, URLs, emails, character
    references, placeholders and code are returned unchanged. Idempotent; safe HTML stays
    safe (only spaces change, outside markup)."""
    if not text or language_of(language) != "fr":
        return text
    if isinstance(text, Promise):  # a lazy translation
        text = str(text)
    pieces = []
    position = 0
    after_markup = False
    for match in _PROTECTED.finditer(text):
        if match.start() > position:
            pieces.append(_french_text(text[position : match.start()], after_markup=after_markup))
        pieces.append(match.group(0))
        position = match.end()
        after_markup = True
    if position < len(text):
        pieces.append(_french_text(text[position:], after_markup=after_markup))
    result = "".join(pieces)
    return mark_safe(result) if isinstance(text, SafeData) else result
