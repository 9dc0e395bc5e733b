"""schema.org Events in JSON-LD: each edition, programme item and community session, with
its dates in its zone, its place or online page, and the organisation as organiser."""

import json
import re

import pytest

from colloque.models import EditionPage
from communities.models import CommunityPage

pytestmark = pytest.mark.django_db


def events(html):
    found = []
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        found += [d for d in (data if isinstance(data, list) else [data]) if d["@type"] == "Event"]
    return found


def test_an_edition_and_its_items_are_events(client, demo):
    edition = EditionPage.objects.get(year=2024, locale__language_code="fr-ca")
    (data,) = events(client.get(edition.url).content.decode())
    assert data["@context"] == "https://schema.org"
    assert (data["startDate"], data["endDate"]) == ("2024-11-21", "2024-11-22")
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place" and data["location"]["address"]
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "ACLAM",
        "url": "http://testserver/",
        "email": data["organizer"]["email"],
    }
    assert data["url"] == f"http://testserver{edition.url}"

    item = edition.get_programme().filter(speakers__isnull=False).first()
    (data,) = events(client.get(item.get_url()).content.decode())
    assert data["name"] == item.title
    assert data["startDate"] == item.starts_at.isoformat()  # with the offset of its zone
    assert data["startDate"].endswith("-05:00")  # November in Québec
    assert data["superEvent"]["url"] == f"http://testserver{edition.url}"
    assert {p["name"] for p in data["performer"]} == {s.name for s in item.speakers.all()}


def test_a_communitys_sessions_are_online_events_without_their_meeting_link(client, demo):
    community = CommunityPage.objects.filter(
        locale__language_code="fr-ca", live=True, mode="videoconference"
    ).first()
    html = client.get(community.url).content.decode()
    found = events(html)
    sessions = list(community.get_sessions())
    assert len(found) == len(sessions) > 0
    for data, session in zip(found, sessions, strict=True):
        assert data["startDate"] == session.starts_at.isoformat()
        assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
        assert data["location"] == {
            "@type": "VirtualLocation",
            "url": f"http://testserver{community.url}",
        }
        if session.meeting_url:
            assert session.meeting_url not in html  # private: participants get it by email
