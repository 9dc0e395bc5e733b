"""Links that put a calendar or one event in the visitor's own calendar app, beside every
``.ics`` file the site offers: a ``webcal://`` subscription (Apple Calendar, Thunderbird and
most desktop clients open it and follow later changes), Google Calendar and Outlook.com.

Nothing here calls those services: they are plain links, followed only if the visitor
chooses one. The query strings are the ones each service documents for "add event" and
"subscribe from the web".
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

from .services import site_url

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK_EVENT = "https://outlook.live.com/calendar/0/action/compose"
OUTLOOK_SUBSCRIBE = "https://outlook.live.com/calendar/0/addfromweb"


@dataclass(frozen=True)
class CalendarLinks:
    ics: str  # the file, to download
    webcal: str = ""  # a subscription that follows changes (feeds only)
    google: str = ""
    outlook: str = ""


def webcal(url):
    """The same address with the ``webcal`` scheme, which calendar apps subscribe to."""
    parts = urlsplit(site_url(url))
    return urlunsplit(("webcal", *parts[1:]))


def feed_links(*, url, name):
    """For a calendar of several events that may change: subscribe rather than copy."""
    subscription = webcal(url)
    return CalendarLinks(
        ics=url,
        webcal=subscription,
        google=f"{GOOGLE}?{urlencode({'cid': subscription})}",
        outlook=f"{OUTLOOK_SUBSCRIBE}?{urlencode({'url': subscription, 'name': name})}",
    )


def _query(**values):
    return urlencode({key: value for key, value in values.items() if value})


def _google_time(value):
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_links(*, url, title, start, end, location="", details=""):
    """For one event (``start`` and ``end`` aware): each service's "add event" form, filled."""
    return CalendarLinks(
        ics=url,
        google=GOOGLE
        + "?"
        + _query(
            action="TEMPLATE",
            text=title,
            dates=f"{_google_time(start)}/{_google_time(end)}",
            details=details,
            location=location,
        ),
        outlook=OUTLOOK_EVENT
        + "?"
        + _query(
            path="/calendar/action/compose",
            rru="addevent",
            subject=title,
            startdt=start.astimezone(datetime.UTC).isoformat(),
            enddt=end.astimezone(datetime.UTC).isoformat(),
            body=details,
            location=location,
        ),
    )
