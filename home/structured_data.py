"""schema.org structured data, written as JSON-LD data blocks: what search engines and
calendar assistants read to show an event with its date, place and organiser.

The base knows only schema.org's vocabulary; each app says what its objects are through a
``structured_data(*, request, organizer, **shown)`` method (an edition, a programme item, a
community's sessions), which ``{% structured_data %}`` calls with what the page shows.
"""

import datetime
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

# What json_script escapes: the data cannot close its element nor open markup.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
SCHEMA = "https://schema.org"


def json_ld(data):
    """A data block no browser runs (the Content-Security-Policy governs scripts, not data)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def organization(*, name, url="", logo="", email=""):
    data = {"@type": "Organization", "name": name}
    data.update(
        {key: value for key, value in (("url", url), ("logo", logo), ("email", email)) if value}
    )
    return data


def person(*, name, url="", job_title="", works_for="", description=""):
    """A schema.org Person: a speaker, with what their page says of them."""
    data = {"@type": "Person", "name": name}
    if url:
        data["url"] = url
    if job_title:
        data["jobTitle"] = job_title
    if works_for:
        data["affiliation"] = {"@type": "Organization", "name": works_for}
    if description:
        data["description"] = description
    return data


def place(*, name, address=""):
    data = {"@type": "Place", "name": name}
    if address:
        data["address"] = address
    return data


def _instant(value):
    # A date stays a date (an edition's days); a time carries its offset (the venue's zone).
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def event(
    *,
    name,
    start,
    end,
    url,
    organizer,
    places=(),
    online_url="",
    description="",
    performers=(),
    super_event=None,
):
    """A schema.org Event: in person at ``places``, online at ``online_url`` (the page that
    leads to it, never a private meeting link), or both."""
    data = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": name,
        "startDate": _instant(start),
        "endDate": _instant(end),
        "eventStatus": f"{SCHEMA}/EventScheduled",
        "url": url,
        "organizer": organizer,
    }
    locations = list(places)
    if online_url:
        locations.append({"@type": "VirtualLocation", "url": online_url})
    mode = "Mixed" if places and online_url else "Online" if online_url else "Offline"
    data["eventAttendanceMode"] = f"{SCHEMA}/{mode}EventAttendanceMode"
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if description:
        data["description"] = description
    if performers:
        data["performer"] = [{"@type": "Person", "name": name} for name in performers]
    if super_event:
        data["superEvent"] = super_event
    return data
