"""Partners under moderation: Communications proposes, the selection committee approves."""

import pytest
from django.urls import reverse
from wagtail.models import Locale, WorkflowState

from colloque import services
from colloque.models import Partner, PartnerKind
from factories.colloque import PartnerFactory, list_partner

pytestmark = pytest.mark.django_db

ADMIN = "wagtailsnippets_colloque_partner"


def partner_form(**overrides):
    data = {
        "name": "Musée des enfants",
        "kind": PartnerKind.COMMUNITY,
        "logo": "",
        "logo_alt": "",
        "website": "https://example.org/musee",
        "description": "Prête des œuvres pour les ateliers.",
    }
    data.update(overrides)
    return data


def new_partner(**overrides):
    return Partner(locale=Locale.get_default(), **partner_form(logo=None, **overrides))


def approve(client, partner, *, comment=""):
    partner.refresh_from_db()
    task_state = partner.current_workflow_task_state
    url = reverse(f"{ADMIN}:workflow_action", args=[partner.pk, "approve", task_state.pk])
    return client.post(url, {"comment": comment})


def test_communications_proposes_a_partner_that_stays_private(client, communications):
    client.force_login(communications)
    response = client.post(
        reverse(f"{ADMIN}:add") + "?locale=fr-ca", {**partner_form(), "action-submit": "1"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    partner = Partner.objects.get(name="Musée des enfants")
    assert partner.live is False
    assert partner.workflow_in_progress
    assert partner.current_workflow_task.name == "Approbation par le comité de sélection"
    assert services.partner_state(partner=partner) == services.PartnerState.AWAITING


def test_communications_cannot_publish_directly(client, communications):
    client.force_login(communications)
    client.post(
        reverse(f"{ADMIN}:add") + "?locale=fr-ca", {**partner_form(), "action-publish": "1"}
    )
    partner = Partner.objects.filter(name="Musée des enfants").first()
    assert partner is None or partner.live is False


def test_the_committee_approves_and_the_partner_goes_live(client, communications, committee):
    partner = new_partner()
    services.propose_partner(partner=partner, user=communications)

    client.force_login(committee)
    response = approve(client, partner, comment="Bienvenue parmi nos partenaires.")
    assert response.status_code in (200, 302)
    partner.refresh_from_db()
    assert partner.live is True
    assert not partner.workflow_in_progress
    state = WorkflowState.objects.for_instance(partner).get()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert services.partner_state(partner=partner) == services.PartnerState.APPROVED


def test_communications_cannot_approve(client, communications):
    partner = new_partner()
    services.propose_partner(partner=partner, user=communications)
    client.force_login(communications)
    approve(client, partner)
    partner.refresh_from_db()
    assert partner.live is False
    assert partner.workflow_in_progress


def test_an_edit_stays_private_until_approved(client, communications, committee, published_edition):
    partner = PartnerFactory(name="Bibliothèque du quartier", description="Ancienne description.")
    list_partner(published_edition, partner)
    url = published_edition.url

    client.force_login(communications)
    response = client.post(
        reverse(f"{ADMIN}:edit", args=[partner.pk]),
        {
            **partner_form(
                name="Bibliothèque du quartier Nord", description="Nouvelle description."
            ),
            "action-submit": "1",
        },
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    # The row keeps the approved version; the proposal waits in a revision.
    assert partner.name == "Bibliothèque du quartier"
    assert partner.live and partner.has_unpublished_changes and partner.workflow_in_progress
    assert partner.get_latest_revision_as_object().name == "Bibliothèque du quartier Nord"

    client.logout()
    html = client.get(url).content.decode()
    assert "Bibliothèque du quartier" in html and "Nord" not in html

    client.force_login(committee)
    approve(client, partner)
    client.logout()
    partner.refresh_from_db()
    assert partner.name == "Bibliothèque du quartier Nord"
    assert partner.description == "Nouvelle description."
    html = client.get(url).content.decode()
    assert "Bibliothèque du quartier Nord" in html


def test_a_rejected_change_leaves_the_approved_version(communications, committee):
    partner = PartnerFactory(name="Radio locale")
    partner.name = "Radio locale et régionale"
    services.propose_partner(partner=partner, user=communications)
    services.reject_partner(partner=partner, user=committee, comment="Le nom officiel est autre.")
    partner.refresh_from_db()
    assert partner.name == "Radio locale"
    assert partner.live
    assert (
        services.partner_state(partner=partner) == services.PartnerState.APPROVED_CHANGES_SENT_BACK
    )


def test_a_proposal_cannot_be_sent_twice(communications):
    partner = PartnerFactory(live=False, approved=False)
    services.propose_partner(partner=partner, user=communications)
    with pytest.raises(services.PartnerProblem):
        services.propose_partner(partner=partner, user=communications)


def test_a_logo_needs_its_text_alternative(client, communications):
    from factories.home import ImageFactory

    logo = ImageFactory()
    client.force_login(communications)
    response = client.post(
        reverse(f"{ADMIN}:add") + "?locale=fr-ca",
        {**partner_form(logo=logo.pk, logo_alt=""), "action-submit": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Écrivez ce que dit le logo" in html
    assert "Musée des enfants" in html  # nothing typed is lost
    assert not Partner.objects.filter(name="Musée des enfants").exists()


def test_the_committee_previews_what_it_approves(client, committee):
    partner = PartnerFactory(name="Fondation des arts")
    client.force_login(committee)
    response = client.post(
        reverse(f"{ADMIN}:preview_on_edit", args=[partner.pk]),
        partner_form(name="Fondation des arts vivants"),
    )
    assert response.json()["is_valid"]
    html = client.get(reverse(f"{ADMIN}:preview_on_edit", args=[partner.pk])).content.decode()
    assert "Fondation des arts vivants" in html
    assert "Sur la page des partenaires" in html
