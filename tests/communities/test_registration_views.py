"""The public form, the private page and the personal calendar."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from communities import services
from communities.models import Registration
from factories.communities import registration_data
from home.models import OutboxEmail

from .conftest import register, reload

pytestmark = pytest.mark.django_db


def form_url(community):
    return f"/communautes/{community.slug}/inscription/"


def private_url(community, token):
    return f"/communautes/{community.slug}/inscription/{token}/"


def assert_private(response):
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


def test_form_shows_the_privacy_notice_and_fields(client, community, settings):
    settings.COMMUNITY_RETENTION_DAYS = 200
    html = client.get(form_url(community)).content.decode()
    assert "Nous utilisons ces renseignements pour organiser la communauté." in html
    assert "200 jours" in html
    assert "vie-privee@example.org" in html
    for name in ("name", "email", "role", "organisation", "region", "school_level", "project"):
        assert f'name="{name}"' in html
    assert 'name="consent"' in html and 'name="website"' in html


def test_valid_registration_leads_to_the_private_page(client, community):
    response = client.post(
        form_url(community),
        registration_data(name="  Amélie   Roy ", email="Amelie.Roy@Example.org"),
    )

    registration = Registration.objects.get()
    token = services.token_of(registration)
    assert response.status_code == 302
    assert response["Location"] == private_url(community, token)
    assert (registration.name, registration.email) == ("Amélie Roy", "amelie.roy@example.org")
    assert (registration.state, registration.language) == ("selected", "fr-ca")
    assert registration.consented_at is not None
    assert OutboxEmail.objects.filter(to="amelie.roy@example.org").count() == 1

    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Merci\u202f! Votre inscription a bien été reçue." in html
    assert "Inscription de Amélie Roy" in html
    assert "Place offerte, à confirmer" in html
    assert 'value="confirm"' in html
    assert_private(page)


def test_registering_again_through_the_form_records_nothing_new(client, community):
    client.post(form_url(community), registration_data())
    response = client.post(form_url(community), registration_data(email="AMELIE.ROY@example.org"))
    html = response.content.decode()
    assert "Vous êtes déjà inscrit" in html
    assert Registration.objects.count() == 1
    assert OutboxEmail.objects.count() == 2  # the acknowledgement, then the link again
    assert_private(response)


def test_empty_form_explains_every_missing_answer_in_french(client, community):
    response = client.post(form_url(community), {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in html
    assert html.count("Cette réponse est obligatoire.") >= 2 * 7  # summary and field
    assert "Votre consentement est nécessaire pour vous inscrire." in html
    assert not Registration.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_invalid_email_keeps_the_answers(client, community):
    response = client.post(
        form_url(community),
        registration_data(email="amelie-at-example", project="Mon projet de lecture"),
    )
    html = response.content.decode()
    assert "Entrez une adresse courriel comme prenom.nom@exemple.qc.ca." in html
    assert 'value="amelie-at-example"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="Amélie Roy"' in html and "Mon projet de lecture" in html
    assert not Registration.objects.exists()


def test_missing_consent_saves_nothing(client, community):
    data = registration_data()
    del data["consent"]
    html = client.post(form_url(community), data).content.decode()
    assert "Votre consentement est nécessaire pour vous inscrire." in html
    assert 'value="Amélie Roy"' in html
    assert not Registration.objects.exists()


def test_honeypot_saves_nothing(client, community):
    html = client.post(
        form_url(community), registration_data(website="http://spam.example")
    ).content.decode()
    assert "Laissez ce champ vide." in html
    assert not Registration.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_closed_window_gives_the_answers_back(client, community):
    community.registration_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    community.save_revision().publish()
    response = client.post(form_url(community), registration_data(project="Mon projet à moi"))
    html = response.content.decode()
    assert response.status_code == 409
    assert "Les inscriptions à cette communauté sont fermées\u00a0: rien n’a été envoyé." in html
    assert "Mon projet à moi" in html and "Amélie Roy" in html
    assert "<fieldset disabled>" in html
    assert not Registration.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_upcoming_community_shows_no_form(client, make_community):
    now = timezone.now()
    community = make_community(
        opens=now + datetime.timedelta(days=3), closes=now + datetime.timedelta(days=9)
    )
    html = client.get(form_url(community)).content.decode()
    assert "Les inscriptions ouvrent le" in html
    assert 'name="email"' not in html


def test_rate_limit_gives_the_answers_back(client, community, settings):
    settings.COMMUNITY_RATE_LIMIT = 2
    for n in range(2):
        client.post(form_url(community), registration_data(email=f"p{n}@example.org"))
    response = client.post(form_url(community), registration_data(email="p3@example.org"))
    assert response.status_code == 429
    assert "p3@example.org" in response.content.decode()
    assert Registration.objects.count() == 2


# Private page -------------------------------------------------------------------------------


def test_unknown_token_or_other_community_is_404(client, make_community):
    community = make_community()
    other = make_community(slug="autre")
    result = register(other)
    assert client.get(private_url(community, "A" * 43)).status_code == 404
    assert client.get(private_url(community, result.token)).status_code == 404
    assert client.get(private_url(other, result.token)).status_code == 200
    assert (
        client.post(private_url(community, result.token), {"action": "confirm"}).status_code == 404
    )
    assert reload(result.registration).state == "selected"


def test_confirm_through_the_private_link(client, community):
    result = register(community)
    url = private_url(community, result.token)
    response = client.post(url, {"action": "confirm"})
    assert response.status_code == 302 and response["Location"] == url
    assert_private(response)
    assert reload(result.registration).state == "confirmed"
    html = client.get(url).content.decode()
    assert "Votre place est confirmée. Au plaisir de vous voir à la première rencontre\u202f!" in (
        html
    )
    assert "Confirmée" in html
    assert 'value="confirm"' not in html


@pytest.mark.parametrize("action", ["decline", "withdraw"])
def test_decline_and_withdraw_need_the_box_ticked(client, community, action):
    result = register(community)
    if action == "withdraw":
        services.confirm_seat(registration=result.registration)
    before = reload(result.registration).state
    url = private_url(community, result.token)

    response = client.post(url, {"action": action})
    assert response.status_code == 400
    assert "Cochez la case pour confirmer." in response.content.decode()
    assert reload(result.registration).state == before
    assert_private(response)

    response = client.post(url, {"action": action, f"{action}-confirm": "on"})
    assert response.status_code == 302
    expected = {"decline": "declined", "withdraw": "withdrawn"}[action]
    assert reload(result.registration).state == expected


def test_refused_action_says_why(client, make_community):
    community = make_community(capacity_max=1)
    register(community, 1)
    waiting = register(community, 2)
    url = private_url(community, waiting.token)
    client.post(url, {"action": "confirm"})
    assert reload(waiting.registration).state == "waitlisted"
    html = client.get(url).content.decode()
    assert "Cette inscription n’a pas de place à confirmer." in html
    assert "Vous êtes au rang 1 de la liste d’attente" in html


def test_personal_calendar_for_confirmed_people_only(client, make_community):
    community = make_community()
    other = make_community(slug="autre")
    result = register(community)
    stranger = register(other, 2)
    ics = private_url(community, result.token) + "seances.ics"
    assert client.get(ics).status_code == 404  # selected, not confirmed
    services.confirm_seat(registration=result.registration)

    response = client.get(ics)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert_private(response)
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 3
    for event, row in zip(events, community.get_sessions(), strict=True):
        assert row.meeting_url in str(event["description"])
        assert str(event["location"]) == row.meeting_url
        assert str(event.decoded("dtstart").tzinfo) == "America/Toronto"

    services.confirm_seat(registration=stranger.registration)
    assert client.get(private_url(community, stranger.token) + "seances.ics").status_code == 404
    assert client.get(private_url(community, "B" * 43) + "seances.ics").status_code == 404
    services.withdraw(registration=result.registration)
    assert client.get(ics).status_code == 404


def test_private_link_actions_are_rate_limited(client, community, settings):
    settings.PRIVATE_LINK_RATE_LIMIT = 1
    result = register(community)
    url = private_url(community, result.token)
    client.post(url, {"action": "decline"})  # refused (box not ticked), but counted
    response = client.post(url, {"action": "decline", "decline-confirm": "on"})
    html = response.content.decode()
    assert response.status_code == 429
    assert "trop de demandes" in html
    assert "checked" in html
    assert reload(result.registration).state == "selected"
    assert_private(response)
    # Another address is not affected.
    response = client.post(url, {"action": "confirm"}, REMOTE_ADDR="10.0.0.9")
    assert reload(result.registration).state == "confirmed"


def test_free_text_is_bounded_and_the_form_says_so(client, community):
    """Issue 25, item 7: a megabyte of project is refused in French, nothing is saved and
    nothing typed is lost."""
    html = client.get(form_url(community)).content.decode().replace("\xa0", " ")
    assert 'maxlength="3000"' in html and "3 000 caractères au plus." in html
    assert 'maxlength="1000"' in html and "1 000 caractères au plus." in html
    response = client.post(
        form_url(community), registration_data(project="é" * 1_000_000, name="Nom Témoin")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cette réponse est trop longue\u00a0: 3000 caractères au plus" in html
    assert "Nom Témoin" in html and "é" * 3001 in html
    assert not Registration.objects.exists()
