"""The edition form refuses an impossible programme and names the items involved."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from colloque.models import EditionPage
from factories.colloque import SpeakerFactory, VenueFactory


def edition_data(items, **overrides):
    data = {
        "title": "Colloque 2024",
        "slug": "2024",
        "year": "2024",
        "start_date": "2024-11-21",
        "end_date": "2024-11-22",
        "status": "over",
        "venues": inline_formset([]),
        "documents": inline_formset([]),
        "programme_items": inline_formset(items),
        "partner_listings": inline_formset([]),
        "body": streamfield([]),
        "recordings": streamfield([]),
        "registration_text": rich_text(""),
    }
    data.update(overrides)
    return nested_form_data(data)


def item(title, start, end, **extra):
    return {
        "kind": "workshop",
        "title": title,
        "day": "2024-11-21",
        "start_time": start,
        "end_time": end,
        **extra,
    }


@pytest.mark.django_db
def test_admin_refuses_overlapping_speaker_and_names_items(admin_client, series):
    speaker = SpeakerFactory(name="Julie Ayroles")
    venue = VenueFactory()
    url = reverse("wagtailadmin_pages:add", args=["colloque", "editionpage", series.pk])
    data = edition_data(
        [
            item("Conférence", "09:00", "10:00", venue=venue.pk, room="A"),
            item("Table ronde", "09:30", "10:30", venue=venue.pk, room="B"),
            item("Atelier", "12:00", "11:00"),
        ]
    )
    # A multiple choice is a repeated key, which nested_form_data cannot express.
    data = {
        **data,
        "programme_items-0-speakers": [speaker.pk],
        "programme_items-1-speakers": [speaker.pk],
    }
    response = admin_client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Julie Ayroles ne peut pas être à «\u00a0Conférence\u00a0» et à «\u00a0Table ronde\u00a0»"
        in html
    )
    assert "«\u00a0Atelier\u00a0» se termine avant de commencer" in html
    assert not EditionPage.objects.child_of(series).exists()


@pytest.mark.django_db
def test_admin_accepts_a_valid_programme(admin_client, series):
    url = reverse("wagtailadmin_pages:add", args=["colloque", "editionpage", series.pk])
    response = admin_client.post(url, edition_data([item("Atelier", "09:00", "10:00")]))
    assert response.status_code == 302
    edition = EditionPage.objects.child_of(series).get()
    assert edition.slug == "2024"
    assert [i.title for i in edition.programme_items.all()] == ["Atelier"]


@pytest.mark.django_db
def test_admin_refuses_a_second_edition_the_same_year(admin_client, series, edition):
    url = reverse("wagtailadmin_pages:add", args=["colloque", "editionpage", series.pk])
    response = admin_client.post(url, edition_data([], slug="2024-bis"))
    assert "Cette série a déjà une édition en 2024." in response.content.decode()
