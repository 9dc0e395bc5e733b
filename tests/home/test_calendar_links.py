"""Beside every .ics: a webcal subscription, Google Calendar and Outlook links, filled in."""

import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from home.calendar_links import event_links, feed_links

pytestmark = pytest.mark.django_db

TORONTO = datetime.timezone(datetime.timedelta(hours=-5))


def links_of(html):
    """{link text: href} of the page's calendar links."""
    found = {}
    for block in re.findall(
        r'<ul class="(?:calendar-links|programme-item__links)">(.*?)</ul>', html, re.S
    ):
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', block, re.S):
            found.setdefault(re.sub(r"<[^>]+>", "", unescape(text)).strip(), unescape(href))
    return found


def query(url):
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_a_feed_is_offered_to_subscribe_to(settings):
    settings.SITE_URL = "https://colloque.example.org"
    links = feed_links(url="/colloque/2024/programme.ics", name="Colloque 2024")
    assert links.webcal == "webcal://colloque.example.org/colloque/2024/programme.ics"
    assert query(links.google) == {"cid": links.webcal}
    assert query(links.outlook) == {"url": links.webcal, "name": "Colloque 2024"}


def test_one_event_fills_each_services_form_in_utc():
    start = datetime.datetime(2024, 11, 21, 9, tzinfo=TORONTO)
    links = event_links(
        url="/x.ics",
        title="Atelier théâtre",
        start=start,
        end=start + datetime.timedelta(minutes=90),
        location="Salle 2, École Alpha",
    )
    google = query(links.google)
    assert google["action"] == "TEMPLATE" and google["text"] == "Atelier théâtre"
    assert google["dates"] == "20241121T140000Z/20241121T153000Z"
    assert google["location"] == "Salle 2, École Alpha" and "details" not in google
    outlook = query(links.outlook)
    assert outlook["startdt"] == "2024-11-21T14:00:00+00:00"
    assert outlook["enddt"] == "2024-11-21T15:30:00+00:00"
    assert outlook["subject"] == "Atelier théâtre" and not links.webcal
