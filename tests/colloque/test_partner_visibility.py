"""Nothing public shows a partner, or a change to one, before the committee approves it."""

import pytest
from django.urls import reverse
from wagtail.models import Locale

from colloque import services
from colloque.models import Partner
from factories.colloque import PartnerFactory, list_partner
from factories.home import NewsIndexPageFactory
from home.localize import needs_approval

pytestmark = pytest.mark.django_db

APPROVED = "Partenaire Approuvé"
PROPOSED = "Partenaire En Attente"
CHANGED = "Partenaire Renommé"
UNAPPROVED_CHANGE = "Nom Jamais Approuvé"
UNAPPROVED_TRANSLATION = "Translation Not Approved"
SECRETS = (PROPOSED, UNAPPROVED_CHANGE, UNAPPROVED_TRANSLATION)


@pytest.fixture
def listed(published_edition, communications, english):
    """An approved partner, a proposed one, and an approved one with a change proposed;
    the approved one also has an English translation awaiting approval."""
    approved = PartnerFactory(name=APPROVED, description="Approuvé par le comité.")
    proposed = PartnerFactory(name=PROPOSED, live=False, approved=False)
    services.propose_partner(partner=proposed, user=communications)
    changed = PartnerFactory(name=CHANGED)
    changed.name = UNAPPROVED_CHANGE
    services.propose_partner(partner=changed, user=communications)
    translation = approved.copy_for_translation(english)
    translation.name = UNAPPROVED_TRANSLATION
    services.propose_partner(partner=translation, user=communications)
    for partner in (approved, proposed, changed):
        list_partner(published_edition, partner, publish=False)
    published_edition.save_revision().publish()
    return {"approved": approved, "proposed": proposed, "changed": changed}


def public_urls(edition, partners_page, news_index):
    return [
        edition.url,
        edition.url + "programme/",
        edition.url + "intervenants/",
        partners_page.url,
        f"/api/v2/pages/{edition.pk}/",
        "/api/v2/pages/?type=colloque.EditionPage&fields=partners",
        "/sitemap.xml",
        news_index.url + "rss/",
        *(
            f"{reverse('search')}?q={word}"
            for word in ("Partenaire", "Renommé", "Attente", "Jamais")
        ),
    ]


def test_no_public_place_shows_an_unapproved_partner_or_change(
    client, published_edition, partners_page, listed, home_page
):
    news_index = NewsIndexPageFactory(parent=home_page)
    for url in public_urls(published_edition, partners_page, news_index):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for secret in SECRETS:
            assert secret not in html, f"{secret} shown at {url}"


def test_approved_partners_show_on_the_edition_page_by_tier(
    client, published_edition, listed, partners_page
):
    html = client.get(published_edition.url).content.decode()
    assert '<h2 id="partners-title">Partenaires</h2>' in html
    assert "Partenaire majeur" in html
    assert APPROVED in html and CHANGED in html
    assert f'href="{partners_page.url}"' in html


def test_the_partners_page_lists_current_then_past_editions(
    client, series, published_edition, partners_page
):
    from factories.colloque import EditionPageFactory

    old = EditionPageFactory(parent=series, year=2019)
    list_partner(old, PartnerFactory(name="Réseau Canopé"), "Collaborateur")
    list_partner(
        published_edition, PartnerFactory(name="Observatoire du loisir"), "Partenaire présentateur"
    )

    html = client.get(partners_page.url).content.decode()
    current = html.index("Partenaires — Colloque 2024")
    past = html.index("Partenaires des éditions précédentes")
    assert current < html.index("Observatoire du loisir") < past < html.index("Réseau Canopé")
    assert "Partenaire présentateur" in html and "Collaborateur" in html


def test_an_empty_partners_page_says_so(client, partners_page, published_edition):
    list_partner(published_edition, PartnerFactory(live=False, approved=False))
    html = client.get(partners_page.url).content.decode()
    assert "Nos partenaires seront annoncés bientôt." in html


def test_search_finds_approved_partners_only(client, listed, partners_page):
    html = client.get(reverse("search") + "?q=Approuvé").content.decode()
    assert APPROVED in html
    assert f'href="{partners_page.url}"' in html
    html = client.get(reverse("search") + "?q=Attente").content.decode()
    assert PROPOSED not in html


def test_the_api_gives_approved_partners_with_logo_text(client, published_edition, listed):
    data = client.get(f"/api/v2/pages/{published_edition.pk}/").json()
    names = [p["name"] for group in data["partners"] for p in group["partners"]]
    assert sorted(names) == sorted([APPROVED, CHANGED])
    assert data["partners"][0]["tier"] == "Partenaire majeur"


def test_english_readers_get_approved_translations_or_the_french_version(
    client, published_edition, english, english_home, communications, committee
):
    english_edition = published_edition.copy_for_translation(english, copy_parents=True)
    english_edition.save_revision().publish()
    translated = PartnerFactory(name="Fondation des arts")
    translation = translated.copy_for_translation(english)
    translation.name = "Arts Foundation"
    services.propose_partner(partner=translation, user=communications)
    services.approve_partner(partner=translation, user=committee)
    untranslated = PartnerFactory(name="Radio régionale")
    for partner in (translated, untranslated):
        list_partner(english_edition, partner, publish=False)
    english_edition.save_revision().publish()

    html = client.get(english_edition.url).content.decode()
    assert "Arts Foundation" in html and "Fondation des arts" not in html
    assert "Radio régionale" in html  # no English version: the approved French one
    assert "Major partner" in html


def test_an_unpublished_partner_leaves_every_page(client, published_edition, committee):
    partner = PartnerFactory(name="Partenaire retiré")
    list_partner(published_edition, partner)
    assert "Partenaire retiré" in client.get(published_edition.url).content.decode()
    partner.unpublish(user=committee)
    assert "Partenaire retiré" not in client.get(published_edition.url).content.decode()


def test_new_translations_start_as_drafts(settings):
    assert settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE is False


def test_localize_cannot_publish_partner_translations_without_approval(
    client, communications, committee, english
):
    from wagtail_localize.models import TranslationSource

    partner = PartnerFactory(name="Musée régional")
    source, _created = TranslationSource.get_or_create_from_instance(partner)
    translation = partner.copy_for_translation(english)
    translation.live = False
    translation.save()
    assert needs_approval(user=communications, model=Partner)
    assert not needs_approval(user=committee, model=Partner)

    client.force_login(communications)
    response = client.post(
        f"/admin/localize/update/{source.pk}/", {"publish_translations": "on"}, follow=True
    )
    assert response.status_code == 200
    translation.refresh_from_db()
    assert translation.live is False
    assert Partner.objects.filter(locale=english, live=True).count() == 0


def test_localize_update_needs_an_admin_login(client):
    response = client.post("/admin/localize/update/1/", {"publish_translations": "on"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_locale_helper(english):
    assert Locale.get_default().language_code == "fr-ca"
