"""Cached colloque pages follow their programme, speakers and partners at once."""

import pytest

from colloque import services
from factories.colloque import PartnerFactory, ProgrammeItemFactory, list_partner
from tests.pages import cached_get

pytestmark = pytest.mark.django_db


def programme_url(edition):
    return edition.url + "programme/"


def test_a_new_programme_item_reaches_the_programme_and_edition(
    client, page_cache, edition, programme
):
    cached_get(client, programme_url(edition))
    edition.programme_items.add(ProgrammeItemFactory.build(edition=edition, title="Table ronde"))
    edition.save_revision().publish()
    assert "Table ronde" in client.get(programme_url(edition)).content.decode()


def test_an_edited_programme_item_is_shown_edited(client, page_cache, edition, programme):
    html, state = cached_get(client, programme_url(edition))
    assert state == "hit" and "Atelier théâtre" in html
    item = edition.programme_items.get(pk=programme["workshop"].pk)
    item.title = "Atelier de théâtre forum"
    item.save()
    assert "Atelier de théâtre forum" in client.get(programme_url(edition)).content.decode()


def test_a_renamed_speaker_is_renamed_everywhere(client, page_cache, edition, programme):
    for url in (programme_url(edition), edition.url + "intervenants/"):
        cached_get(client, url)
    speaker = programme["speaker"]
    speaker.name = "Julie Ayroles-Tremblay"
    speaker.save()
    for url in (programme_url(edition), edition.url + "intervenants/"):
        assert "Julie Ayroles-Tremblay" in client.get(url).content.decode()


def test_partner_approval_and_withdrawal_reach_the_edition_and_partners_pages(
    client, page_cache, published_edition, partners_page, communications, committee
):
    partner = PartnerFactory(name="Fonds régional", live=False, approved=False)
    list_partner(published_edition, partner)
    services.propose_partner(partner=partner, user=communications)
    for url in (published_edition.url, partners_page.url):
        html, _ = cached_get(client, url)
        assert "Fonds régional" not in html
    services.approve_partner(partner=partner, user=committee)
    for url in (published_edition.url, partners_page.url):
        assert "Fonds régional" in client.get(url).content.decode()
    partner.unpublish(user=committee)
    for url in (published_edition.url, partners_page.url):
        assert "Fonds régional" not in client.get(url).content.decode()


def test_an_unapproved_change_to_a_partner_stays_out_of_the_cache_too(
    client, page_cache, published_edition, communications
):
    partner = PartnerFactory(name="Radio régionale")
    list_partner(published_edition, partner)
    cached_get(client, published_edition.url)
    partner.name = "Nom jamais approuvé"
    services.propose_partner(partner=partner, user=communications)
    html = client.get(published_edition.url).content.decode()
    assert "Radio régionale" in html and "Nom jamais approuvé" not in html


def test_a_preview_shows_its_unsaved_venues_not_the_kept_ones(client, published_edition):
    """A preview renders the editor's unsaved state, never what visitors are served."""
    from colloque.models import EditionVenue
    from factories.colloque import VenueFactory

    old = VenueFactory(name="Salle des fêtes")
    published_edition.venues = [EditionVenue(venue=old)]
    published_edition.save_revision().publish()
    client.get(published_edition.url)
    assert "Salle des fêtes" in client.get(published_edition.url).content.decode()

    published_edition.venues = [EditionVenue(venue=VenueFactory(name="Auditorium neuf"))]
    preview = published_edition.make_preview_request().content.decode()
    assert "Auditorium neuf" in preview and "Salle des fêtes" not in preview
    assert "Salle des fêtes" in client.get(published_edition.url).content.decode()
