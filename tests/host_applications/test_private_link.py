"""The applicant's private link: their candidature only, nothing guessable."""

import pytest

from host_applications.models import ApplicationStatus

from .conftest import act

pytestmark = pytest.mark.django_db


def status_url(call, token):
    return call.url + call.reverse_subpage("status", kwargs={"token": token})


def test_own_link_shows_status_steps_and_answers(client, call, submit):
    application, token = submit()
    response = client.get(status_url(call, token))
    html = response.content.decode()
    assert application.reference in html
    assert "Reçue, en cours de vérification" in html
    assert "Candidature reçue" in html
    assert "4500, rue Saint-Denis" in html
    assert "Retirer notre candidature" in html
    # A secret in the address: not cached, not indexed, not leaked as a referrer.
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "guess", ["1", "CAND-2026-001", "x" * 43, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]
)
def test_guessed_links_give_404(client, call, submit, guess):
    submit()
    assert client.get(call.url + f"suivi/{guess}/").status_code == 404


def test_another_candidatures_token_opens_only_that_one(client, call, submit):
    first, _first_token = submit()
    second, second_token = submit(institution_name="Autre école", contact_email="autre@example.org")
    html = client.get(status_url(call, second_token)).content.decode()
    assert second.reference in html and first.reference not in html


def test_a_token_only_works_on_its_own_call(client, call, submit, edition):
    from factories.colloque import EditionPageFactory
    from factories.host_applications import HostCallPageFactory

    _application, token = submit()
    other_edition = EditionPageFactory(parent=edition.get_parent(), year=2028)
    other_call = HostCallPageFactory(parent=other_edition)
    assert client.get(status_url(other_call, token)).status_code == 404


def test_withdrawal_needs_confirmation_then_ends_moderation(
    client, call, submit, django_capture_on_commit_callbacks
):
    from django.core import mail

    application, token = submit()
    withdraw_url = call.url + call.reverse_subpage("withdraw", kwargs={"token": token})
    response = client.post(withdraw_url, {})
    assert "Cochez la case pour confirmer." in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(withdraw_url, {"confirm": "on"}, follow=True)
    html = response.content.decode()
    assert "Votre candidature a été retirée." in html
    assert "Candidature retirée" in html
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.current_workflow_state is None
    assert any("retirée" in m.subject for m in mail.outbox)
    # Nothing left to withdraw.
    assert "Retirer notre candidature" not in client.get(status_url(call, token)).content.decode()


def test_selected_status_is_shown_to_the_applicant(client, call, submit, communications, committee):
    application, token = submit()
    act(application, communications, "approve")
    act(application, committee, "approve")
    html = client.get(status_url(call, token)).content.decode()
    assert "status--selected" in html
    assert "Retenue" in html
    assert "Candidature retenue" in html


def test_editing_is_only_open_when_changes_are_requested(client, call, submit):
    _application, token = submit()
    edit_url = call.url + call.reverse_subpage("edit", kwargs={"token": token})
    response = client.get(edit_url, follow=True)
    assert "Votre candidature n’attend pas de modifications." in response.content.decode()


def test_private_link_actions_are_rate_limited_and_keep_what_was_typed(
    client, call, submit, communications, settings
):
    settings.PRIVATE_LINK_RATE_LIMIT = 1
    application, token = submit()
    act(application, communications, "reject", comment="Précisez le traiteur.")
    edit_url = call.url + call.reverse_subpage("edit", kwargs={"token": token})
    withdraw_url = call.url + call.reverse_subpage("withdraw", kwargs={"token": token})
    client.post(edit_url, {})  # the one action this address may make this hour

    response = client.post(edit_url, {"motivation": "Notre nouvelle motivation"})
    html = response.content.decode()
    assert response.status_code == 429
    assert "trop de demandes" in html and "Notre nouvelle motivation" in html
    assert "no-store" in response["Cache-Control"]

    response = client.post(withdraw_url, {"confirm": "on"})
    html = response.content.decode()
    assert response.status_code == 429
    assert "trop de demandes" in html and "checked" in html
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CHANGES_REQUESTED
    assert application.motivation != "Notre nouvelle motivation"


def test_the_status_page_shows_its_link_at_the_site_address(client, call, submit, public_address):
    _application, token = submit()
    path = status_url(call, token)
    html = client.get(path, HTTP_HOST="other.example").content.decode()
    assert f'<p class="private-link"><code>{public_address}{path}</code></p>' in html
    assert "other.example" not in html
