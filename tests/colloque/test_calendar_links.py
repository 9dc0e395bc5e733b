"""The programme and each of its items offer every way to add them to a calendar."""

import pytest

from tests.home.test_calendar_links import links_of, query

pytestmark = pytest.mark.django_db


def test_the_programme_offers_every_way_to_add_it(client, programme):
    html = client.get("/colloque/2024/programme/").content.decode()
    links = links_of(html)
    assert links["Ajouter toute la programmation à votre agenda (ICS)"].endswith(
        "/colloque/2024/programme.ics"
    )
    assert links["M’abonner dans mon application d’agenda (Colloque 2024)"].startswith("webcal://")
    workshop = programme["workshop"]
    google = query(links[f"Google Agenda ({workshop.title})"])
    assert google["dates"] == "20241121T150000Z/20241121T163000Z"  # 10 h to 11 h 30 in Québec
    assert google["location"] == workshop.location_text
    assert "outlook.live.com" in links[f"Outlook ({workshop.title})"]
