"""Next year's edition, from Wagtail's "Copy" of an edition or from the "Prepare the next
edition" action: one set of rules (colloque.next_edition). Dates and programme days move to
the same weekdays; no host; partners carried over to renew; a new call for hosts."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import Page

from colloque import next_edition
from colloque.models import EditionPage, EditionPartner, EditionStatus, EditionVenue
from factories.colloque import (
    EditionPageFactory,
    PartnerFactory,
    ProgrammeItemFactory,
    SpeakerFactory,
    VenueFactory,
    list_partner,
)
from factories.home import UserFactory
from factories.host_applications import HostCallPageFactory, SelectionCriterionFactory
from host_applications.models import HostCallPage

pytestmark = pytest.mark.django_db

THURSDAY = 3


@pytest.fixture
def edition_2024(series):
    """Thursday 21 and Friday 22 November 2024, a host, a venue, a programme of two days,
    a partner and its call for hosts."""
    edition = EditionPageFactory(
        parent=series, year=2024, host_institution="École secondaire Alpha", intro="Trois jours."
    )
    venue = VenueFactory(name="École Alpha")
    EditionVenue.objects.create(edition=edition, venue=venue, first_day=edition.start_date)
    opening = ProgrammeItemFactory(edition=edition, title="Ouverture", venue=venue, room="A-1")
    opening.speakers.add(SpeakerFactory(name="Julie Ayroles"))
    opening.save()
    ProgrammeItemFactory(
        edition=edition, title="Clôture", day=datetime.date(2024, 11, 22), kind="plenary"
    )
    list_partner(edition, PartnerFactory(name="Fondation Lire"), publish=False)
    edition.save_revision().publish()
    call = HostCallPageFactory(
        parent=edition,
        title="Accueillir le colloque 2024",
        opens_at=datetime.datetime(2023, 9, 7, 9, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2023, 12, 7, 17, tzinfo=datetime.UTC),
    )
    SelectionCriterionFactory(call=call, title="Capacité", weight=60)
    return EditionPage.objects.get(pk=edition.pk)


def copy_url(page):
    return reverse("wagtailadmin_pages:copy", args=[page.pk])


def assert_next_edition_of_2024(copy):
    """What both ways of starting 2025 from 2024 must give, on the row and on the draft."""
    assert not copy.live
    for edition in (copy, copy.get_latest_revision_as_object()):
        assert edition.year == 2025 and edition.title == "Colloque 2025"
        assert edition.status == EditionStatus.IN_PREPARATION
        assert edition.host_institution == ""
        # A Thursday and a Friday again, 52 weeks later.
        assert (edition.start_date, edition.end_date) == (
            datetime.date(2025, 11, 20),
            datetime.date(2025, 11, 21),
        )
        assert edition.start_date.weekday() == THURSDAY
        assert list(edition.venues.all()) == []
        # What it says about the colloque is kept as a start.
        assert edition.intro == "Trois jours."
    items = {item.title: item for item in copy.programme_items.all()}
    assert items["Ouverture"].day == datetime.date(2025, 11, 20)
    assert items["Clôture"].day == datetime.date(2025, 11, 21)
    assert items["Ouverture"].venue is None and items["Ouverture"].room == ""
    assert list(items["Ouverture"].speakers.all()) == []
    (listing,) = EditionPartner.objects.filter(edition=copy)
    assert listing.to_renew and listing.partner.name == "Fondation Lire"
    # A new call for hosts, a draft, its window moved by the same 52 weeks, criteria kept.
    (call,) = HostCallPage.objects.child_of(copy)
    assert not call.live and call.title == "Accueillir le colloque 2025"
    assert call.opens_at == datetime.datetime(2024, 9, 5, 9, tzinfo=datetime.UTC)
    assert call.closes_at == datetime.datetime(2024, 12, 5, 17, tzinfo=datetime.UTC)
    assert [criterion.title for criterion in call.criteria.all()] == ["Capacité"]
    assert not call.applications.exists()


def assert_2024_untouched(edition_2024):
    old = EditionPage.objects.get(pk=edition_2024.pk)
    assert old.year == 2024 and old.status == EditionStatus.OVER and old.live
    assert old.host_institution == "École secondaire Alpha"
    assert old.start_date == datetime.date(2024, 11, 21)
    assert sorted(item.title for item in old.programme_items.all()) == ["Clôture", "Ouverture"]
    assert old.venues.count() == 1
    assert not EditionPartner.objects.get(edition=old).to_renew
    assert old.programme_items.get(title="Ouverture").speakers.count() == 1


def test_the_copy_form_asks_the_next_year_and_moves_the_title_on(admin_client, edition_2024):
    response = admin_client.get(copy_url(edition_2024))
    form = response.context["form"]
    assert form.fields["new_year"].initial == 2025
    assert str(form.fields["new_year"].label) == "Année de la nouvelle édition"
    assert form.fields["new_title"].initial == "Colloque 2025"
    assert form.fields["new_slug"].initial == "2025"
    # An alias would keep the old year; publishing waits for the new host.
    assert "alias" not in form.fields and "publish_copies" not in form.fields
    html = response.content.decode()
    assert 'name="new_year"' in html and 'value="2025"' in html


def test_copying_an_edition_prepares_the_next_one(admin_client, series, edition_2024):
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
    assert_next_edition_of_2024(EditionPage.objects.child_of(series).get(slug="2025"))
    assert_2024_untouched(edition_2024)


def test_copying_with_its_subpages_moves_the_copied_call(admin_client, series, edition_2024):
    admin_client.post(
        copy_url(edition_2024),
        {
            "new_year": "2025",
            "new_title": "Colloque 2025",
            "new_slug": "2025",
            "new_parent_page": series.pk,
            "copy_subpages": "on",
        },
    )
    assert_next_edition_of_2024(EditionPage.objects.child_of(series).get(slug="2025"))


def test_staff_prepare_the_next_edition_in_one_action(client, series, edition_2024):
    communications = UserFactory(username="comms", group="Communications")
    client.force_login(communications)
    url = reverse("colloque_next_edition", args=[edition_2024.pk])
    explorer = client.get(reverse("wagtailadmin_explore", args=[series.pk])).content.decode()
    assert url in explorer  # offered beside the edition

    page = client.get(url).content.decode()
    assert "Préparer l’édition 2025" in page
    assert "jeudi 20 novembre 2025 au vendredi 21 novembre 2025" in page
    assert "1 partenaire est repris « à renouveler »" in page.replace("\xa0", " ")
    response = client.post(url)

    copy = EditionPage.objects.child_of(series).get(year=2025)
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[copy.pk])
    assert_next_edition_of_2024(copy)
    assert_2024_untouched(edition_2024)
    editor = client.get(response["Location"]).content.decode()
    assert "Colloque 2025 est prête à modifier" in editor
    # Asked again: the 2025 edition exists, nothing more is made.
    page = client.get(url).content.decode()
    assert "La série a déjà une édition en 2025." in page
    client.post(url)
    assert EditionPage.objects.child_of(series).filter(year=2025).count() == 1


def test_without_a_call_to_copy_a_first_draft_call_is_made(series):
    edition = EditionPageFactory(parent=series, year=2030)
    created = next_edition.create_next_edition(edition=edition, user=None)
    (call,) = HostCallPage.objects.child_of(created)
    assert call.title == "Appel de candidatures 2031" and not call.live
    # A year to nine months before the new edition (Thursday 20 November 2031).
    assert created.start_date == datetime.date(2031, 11, 20)
    assert call.opens_at.date() == datetime.date(2030, 11, 21)  # 52 weeks before
    assert call.closes_at.date() == datetime.date(2031, 2, 20)  # 39 weeks before
    assert call.criteria.count() == 2


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (datetime.date(2024, 11, 21), 1, datetime.date(2025, 11, 20)),
        (datetime.date(2025, 11, 20), 1, datetime.date(2026, 11, 19)),
        (datetime.date(2027, 11, 18), 1, datetime.date(2028, 11, 16)),  # over 29 February
        (datetime.date(2028, 2, 29), 1, datetime.date(2029, 2, 27)),
        (datetime.date(2024, 11, 21), 2, datetime.date(2026, 11, 19)),
    ],
)
def test_dates_keep_their_weekday(day, years, expected):
    moved = day + next_edition.same_weekday_shift(day=day, years=years)
    assert moved == expected and moved.weekday() == day.weekday()


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


def test_partners_to_renew_stay_off_the_site_until_renewed(client, series, edition_2024):
    copy = next_edition.create_next_edition(edition=edition_2024, user=None)
    copy.save_revision().publish()
    assert "Fondation Lire" in client.get("/colloque/2024/").content.decode()
    assert "Fondation Lire" not in client.get("/colloque/2025/").content.decode()
    # Renewed: the editor unticks "to renew" in the Partners tab.
    copy = EditionPage.objects.get(pk=copy.pk)
    (listing,) = copy.partner_listings.all()
    listing.to_renew = False
    copy.partner_listings = [listing]
    copy.save_revision().publish()
    assert "Fondation Lire" in client.get("/colloque/2025/").content.decode()
