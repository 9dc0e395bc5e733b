from io import StringIO

import pytest
from django.core.management import call_command

from colloque.models import EditionPage, EditionStatus
from home.demo_utils import demo_dates
from home.models import HomePage

# The demo's upcoming edition follows the day it is loaded.
UPCOMING = demo_dates().upcoming_year


@pytest.mark.django_db
def test_demo_editions(demo, client):
    editions = {
        (e.locale.language_code, e.url_path.split("/")[-3], e.year): e
        for e in EditionPage.objects.select_related("locale")
    }
    assert editions[("fr-ca", "colloque", 2024)].status == EditionStatus.OVER
    assert editions[("fr-ca", "colloque", UPCOMING)].status == EditionStatus.LOOKING_FOR_HOST
    week = editions[("fr-ca", "semaine-eclore", 2019)]
    assert [v.venue.town for v in week.venues.all()] == [
        "Saint-Jean-d'Angély",
        "Jarnac",
        "Niort",
        "Poitiers",
    ]
    assert {i.day.day for i in week.programme_items.all()} == {25, 26, 28, 29}
    filmed = [i.title for i in week.programme_items.all() if i.recording_url]
    assert len(filmed) == 2 and all(t.startswith("Conférence") for t in filmed)
    kinds = {i.kind for i in editions[("fr-ca", "colloque", 2024)].programme_items.all()}
    assert {"pecha-kucha", "talk", "workshop", "round-table"} <= kinds
    english = editions[("en", "colloque", 2024)]
    assert all(i.venue.locale_id == english.locale_id for i in english.programme_items.all())
    assert (
        "Workshop: staging a theatre project"
        in client.get("/en/colloque/2024/programme/").content.decode()
    )


@pytest.mark.django_db
def test_home_features_the_upcoming_edition_with_its_status(demo, client):
    home = HomePage.objects.get(locale__language_code="fr-ca")
    assert home.featured_page.specific.year == UPCOMING
    html = client.get("/").content.decode()
    assert "Recherche d’un milieu hôte" in html
    english = client.get("/en/").content.decode()
    assert "Looking for a host" in english
    assert f'href="/en/colloque/{UPCOMING}/">Colloque {UPCOMING}</a>' in english


@pytest.mark.django_db
def test_demo_partners_went_through_moderation(demo, client):
    from colloque import services
    from colloque.models import Partner

    states = {
        partner.name: services.partner_state(partner=partner)
        for partner in Partner.objects.filter(locale__language_code="fr-ca")
    }
    awaiting = [name for name, state in states.items() if state == services.PartnerState.AWAITING]
    assert sorted(awaiting) == [
        "Observatoire québécois du loisir",
        "Réseau des bibliothèques scolaires",
    ]
    assert not Partner.objects.get(name="Réseau des bibliothèques scolaires").live
    # Every approved one has a logo with its text alternative, and an approved translation.
    for partner in Partner.objects.filter(live=True, locale__language_code="fr-ca"):
        assert partner.logo and partner.logo_alt and partner.live_revision_id
        assert partner.get_translation(
            Partner.objects.filter(locale__language_code="en").first().locale
        ).live
    html = client.get("/colloque/2024/").content.decode()
    assert "ACLAM" in html and "Réseau des bibliothèques scolaires" not in html

    # Loading again changes nothing.
    count = Partner.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert Partner.objects.count() == count
    assert (
        EditionPage.objects.get(locale__language_code="fr-ca", year=2024).partner_listings.count()
        == 6
    )


@pytest.mark.django_db
def test_english_programme_names_teams_in_english(demo, client):
    html = client.get("/en/colloque/2024/programme/").content.decode()
    assert "Speakers from the host institution" in html
    assert "Intervenants du milieu hôte" not in html
    assert "Sébastien Goudeau" in client.get("/en/eclore-week/2019/programme/").content.decode()
