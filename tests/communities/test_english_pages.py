"""English community pages say everything in English: places to be confirmed, the
facilitators' names and roles (organisations keep their own names)."""

import pytest
from icalendar import Calendar

from communities.models import CommunityPage, MeetingMode


@pytest.mark.django_db
def test_a_place_to_be_confirmed_is_said_in_each_language(client, demo):
    french = CommunityPage.objects.get(slug="ecoles-et-centres-sociaux")
    assert french.mode == MeetingMode.IN_PERSON
    assert not any(session.location for session in french.sessions.all())
    assert "Lieu à confirmer" in client.get(french.url).content.decode()
    english = CommunityPage.objects.get(slug="schools-and-social-centres")
    html = client.get(english.url).content.decode()
    assert "Location to be confirmed" in html and "Lieu à confirmer" not in html
    calendar = Calendar.from_ical(client.get(english.get_calendar_url()).content)
    assert {str(e["LOCATION"]) for e in calendar.walk("VEVENT")} == {"Location to be confirmed"}


@pytest.mark.django_db
def test_facilitators_are_named_in_english(client, demo):
    english = CommunityPage.objects.get(slug="virtual-cop-learning-commons-setup")
    html = client.get(english.url).content.decode()
    assert "Session coordination" in html and "Coordination des séances" not in html
    assert "The librarians' team" in html or "The librarians&#x27; team" in html
    assert "Centre de services scolaire de Montréal" in html  # an organisation's own name
