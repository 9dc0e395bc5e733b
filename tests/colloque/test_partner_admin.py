"""The partners listing: filters, search, export, and who sees what."""

import csv
import io

import pytest
from django.urls import reverse

from colloque import services
from colloque.models import Partner, PartnerKind
from factories.colloque import EditionPageFactory, PartnerFactory, list_partner

pytestmark = pytest.mark.django_db

LIST = reverse("wagtailsnippets_colloque_partner:list")


@pytest.fixture
def partners(published_edition, series, communications):
    approved = PartnerFactory(name="Observatoire du loisir", kind=PartnerKind.INSTITUTIONAL)
    proposed = PartnerFactory(
        name="Radio régionale", kind=PartnerKind.MEDIA, live=False, approved=False
    )
    services.propose_partner(partner=proposed, user=communications)
    draft = PartnerFactory(
        name="Fonds culturel", kind=PartnerKind.FUNDING, live=False, approved=False
    )
    changed = PartnerFactory(name='=HYPERLINK("x")', kind=PartnerKind.COMMUNITY)
    changed.description = "Brouillon"
    changed.save_revision(user=communications)
    list_partner(published_edition, approved)
    list_partner(EditionPageFactory(parent=series, year=2019), proposed)
    return {"approved": approved, "proposed": proposed, "draft": draft, "changed": changed}


def names(response):
    return {p.name for p in response.context["object_list"]}


def test_filters_by_kind_state_and_edition(client, communications, partners, published_edition):
    client.force_login(communications)
    assert names(client.get(LIST, {"kind": "media"})) == {"Radio régionale"}
    assert names(client.get(LIST, {"state": "awaiting"})) == {"Radio régionale"}
    assert names(client.get(LIST, {"state": "draft"})) == {"Fonds culturel"}
    assert names(client.get(LIST, {"state": "approved"})) == {"Observatoire du loisir"}
    assert names(client.get(LIST, {"state": "approved-draft"})) == {'=HYPERLINK("x")'}
    assert names(client.get(LIST, {"edition": published_edition.pk})) == {"Observatoire du loisir"}


def test_listing_shows_state_and_editions(client, communications, partners):
    client.force_login(communications)
    html = client.get(LIST).content.decode()
    assert "En attente d’approbation" in html
    assert "Brouillon, pas encore proposé" in html
    assert "2019" in html and "2024" in html


def test_search(client, committee, partners):
    client.force_login(committee)
    assert names(client.get(LIST, {"q": "Observatoire"})) == {"Observatoire du loisir"}


def test_export_follows_filters_and_neutralises_formulas(client, committee, partners):
    client.force_login(committee)
    response = client.get(LIST, {"export": "csv", "kind": "community"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:4] == ["Nom", "Type", "État", "Éditions"]
    assert len(rows) == 2
    assert rows[1][0].startswith("'=")
    assert rows[1][2] == "Approuvé, avec des modifications non proposées"


def test_animation_sees_no_partners(client, facilitator, partners):
    client.force_login(facilitator)
    response = client.get(LIST)
    assert response.status_code == 302
    assert "Observatoire" not in response.content.decode()


def test_edition_refuses_a_partner_listed_twice(admin_client, published_edition):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    from colloque.models import PartnerTier

    partner = PartnerFactory(name="Observatoire du loisir")
    tiers = list(PartnerTier.objects.filter(locale=published_edition.locale)[:2])
    data = nested_form_data(
        {
            "title": published_edition.title,
            "slug": published_edition.slug,
            "year": published_edition.year,
            "status": published_edition.status,
            "body": streamfield([]),
            "recordings": streamfield([]),
            "venues": inline_formset([]),
            "documents": inline_formset([]),
            "programme_items": inline_formset([]),
            "partner_listings": inline_formset(
                [{"partner": partner.pk, "tier": tier.pk} for tier in tiers]
            ),
        }
    )
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[published_edition.pk]), data
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Observatoire du loisir figure déjà sur cette édition" in html
    published_edition.refresh_from_db()
    assert not published_edition.partner_listings.exists()


def test_state_label_of_a_new_partner():
    partner = Partner(name="Nouveau", live=False)
    assert services.partner_state(partner=partner) == services.PartnerState.DRAFT
