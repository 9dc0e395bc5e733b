"""Copying an edition starts the next one: a new year, and nothing of what happened at the old."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import Page

from colloque.models import EditionPage, EditionStatus, EditionVenue
from factories.colloque import EditionPageFactory, ProgrammeItemFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition_2024(series):
    edition = EditionPageFactory(
        parent=series, year=2024, host_institution="École secondaire Alpha", intro="Trois jours."
    )
    venue = VenueFactory(name="École Alpha")
    EditionVenue.objects.create(edition=edition, venue=venue, first_day=edition.start_date)
    ProgrammeItemFactory(edition=edition, title="Ouverture", venue=venue)
    edition.save_revision().publish()
    return EditionPage.objects.get(pk=edition.pk)


def copy_url(page):
    return reverse("wagtailadmin_pages:copy", args=[page.pk])


def test_the_copy_form_asks_the_next_year_and_moves_the_title_on(admin_client, edition_2024):
    response = admin_client.get(copy_url(edition_2024))
    form = response.context["form"]
    assert form.fields["new_year"].initial == 2025
    assert str(form.fields["new_year"].label) == "Année de la nouvelle édition"
    assert form.fields["new_title"].initial == "Colloque 2025"
    assert form.fields["new_slug"].initial == "2025"
    # An alias would keep the old year; publishing waits for the new host and dates.
    assert "alias" not in form.fields and "publish_copies" not in form.fields
    html = response.content.decode()
    assert 'name="new_year"' in html and 'value="2025"' in html


def test_copying_an_edition_clears_what_belonged_to_the_old_one(admin_client, series, edition_2024):
    response = admin_client.post(
        copy_url(edition_2024),
        {
            "new_year": "2025",
            "new_title": "Colloque 2025",
            "new_slug": "2025",
            "new_parent_page": series.pk,
        },
    )
    assert response.status_code == 302
    copy = EditionPage.objects.child_of(series).get(slug="2025")
    # Both the row and the draft the editor opens on.
    for edition in (copy, copy.get_latest_revision_as_object()):
        assert edition.year == 2025 and edition.title == "Colloque 2025"
        assert edition.status == EditionStatus.LOOKING_FOR_HOST
        assert edition.host_institution == ""
        assert edition.start_date is None and edition.end_date is None
        assert list(edition.programme_items.all()) == []
        assert list(edition.venues.all()) == []
        # What it says about the colloque is kept as a start.
        assert edition.intro == "Trois jours." and edition.theme == edition_2024.theme
    assert not copy.live
    # The 2024 edition is untouched.
    old = EditionPage.objects.get(pk=edition_2024.pk)
    assert old.year == 2024 and old.status == EditionStatus.OVER
    assert old.host_institution == "École secondaire Alpha"
    assert old.start_date == datetime.date(2024, 11, 21)
    assert [item.title for item in old.programme_items.all()] == ["Ouverture"]
    assert old.venues.count() == 1


def test_a_year_the_series_already_has_is_refused(admin_client, series, edition_2024):
    pages = Page.objects.count()
    response = admin_client.post(
        copy_url(edition_2024),
        {
            "new_year": "2024",
            "new_title": "Colloque 2024 bis",
            "new_slug": "2024-bis",
            "new_parent_page": series.pk,
        },
    )
    assert response.context["form"].errors["new_year"] == [
        "Cette série a déjà une édition en 2024."
    ]
    assert Page.objects.count() == pages


def test_other_pages_copy_as_wagtail_copies_them(admin_client, home_page):
    from factories.home import StandardPageFactory

    page = StandardPageFactory(parent=home_page, title="À propos", slug="a-propos")
    form = admin_client.get(copy_url(page)).context["form"]
    assert "new_year" not in form.fields
    response = admin_client.post(
        copy_url(page),
        {
            "new_title": "À propos (copie)",
            "new_slug": "a-propos-2",
            "new_parent_page": home_page.pk,
        },
    )
    assert response.status_code == 302
    assert Page.objects.filter(slug="a-propos-2", title="À propos (copie)").exists()
