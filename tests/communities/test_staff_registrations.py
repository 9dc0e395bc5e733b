"""Registrations made for someone by the Animation group: by phone, on their behalf, or moved
to another community, by the same rules as the public form, told to the person, and named in
the history."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from communities import services, staff
from communities.models import Registration
from factories.communities import registration_data
from home.models import OutboxEmail

from .conftest import register, reload

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/inscriptions/new/"


def phone_data(community, **overrides):
    data = registration_data(community=community.pk, language="fr-ca", **overrides)
    data.pop("website")
    return data


def log_actions(registration):
    return list(
        ModelLogEntry.objects.for_instance(registration)
        .order_by("timestamp", "pk")
        .values_list("action", "user__username")
    )


def test_animation_registers_someone_who_phoned(
    client, animation, community, django_capture_on_commit_callbacks
):
    client.force_login(animation)
    form = client.get(ADD_URL, {"community": community.pk}).content.decode()
    assert "<span>Inscrire une personne qui a téléphoné</span>" in form  # the heading
    assert "Sa confirmation, son lien privé" in form  # help written for the facilitator
    assert "a donné son consentement au téléphone" in form
    assert 'name="website"' not in form  # the honeypot is for bots

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD_URL, phone_data(community, name="Julie Bell"))

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registrations:inspect", args=[registration.pk])
    assert (registration.state, registration.consent_method) == ("selected", "phone")
    assert registration.consent_recorded_by == animation
    assert log_actions(registration) == [("communities.phone_registration", "animatrice")]
    (message,) = mail.outbox
    assert message.to == ["amelie.roy@example.org"]
    assert "L’équipe d’animation vous a inscrite ou inscrit à la suite de votre appel" in (
        message.body
    )
    token = services.token_of(registration)
    assert f"/communautes/{community.slug}/inscription/{token}/" in message.body
    page = client.get(response["Location"]).content.decode()
    assert "Au téléphone, à l’équipe d’animation" in page
    assert "Julie Bell est inscrite à" in page


def test_the_same_rules_as_the_public_form(client, animation, make_community):
    full = make_community(slug="complete", capacity_max=1, waitlist_enabled=False)
    register(full, 1)
    waiting = make_community(slug="attente", capacity_max=1)
    register(waiting, 2)
    now = timezone.now()
    closed = make_community(
        slug="fermee",
        opens=now - datetime.timedelta(days=10),
        closes=now - datetime.timedelta(days=1),
    )
    client.force_login(animation)

    html = client.post(ADD_URL, phone_data(full, email="autre@example.org")).content.decode()
    assert "Toutes les places de cette communauté sont prises." in html
    html = client.post(ADD_URL, phone_data(closed)).content.decode()
    assert "Les inscriptions à cette communauté sont fermées." in html
    # One registration per address: the one who registered online is not registered twice.
    html = client.post(ADD_URL, phone_data(waiting, email="PERSONNE2@example.org")).content
    assert "personne2@example.org est déjà inscrite à cette communauté (Place offerte" in (
        html.decode()
    )
    assert Registration.objects.count() == 2
    assert not OutboxEmail.objects.filter(to="autre@example.org").exists()

    client.post(ADD_URL, phone_data(waiting, email="troisieme@example.org"))
    added = Registration.objects.get(email="troisieme@example.org")
    assert (added.state, added.waitlist_position) == ("waitlisted", 1)


def test_no_consent_no_registration(client, animation, community):
    client.force_login(animation)
    data = phone_data(community)
    data.pop("consent")
    html = client.post(ADD_URL, data).content.decode()
    assert "Sans le consentement de la personne, rien ne peut être inscrit" in html
    assert "Amélie Roy" in html  # what was typed is kept
    assert not Registration.objects.exists()


def test_withdraw_on_someones_behalf(client, animation, make_community):
    community = make_community(capacity_max=1)
    seated = register(community, 1).registration
    services.confirm_seat(registration=seated)
    waiting = register(community, 2).registration
    OutboxEmail.objects.all().delete()
    client.force_login(animation)
    url = reverse("registrations:state", args=[seated.pk])

    page = client.get(url).content.decode()
    assert 'value="withdrawn"' in page and 'value="confirmed"' not in page
    response = client.post(url, {"state": "withdrawn", "comment": "Malade tout l’automne."})

    assert response.status_code == 302
    assert reload(seated).state == "withdrawn"
    assert reload(waiting).state == "selected"  # the waitlist moved
    told = OutboxEmail.objects.get(to=seated.email)
    assert "L’équipe d’animation a fait ce changement pour vous" in told.body
    assert "Sa note\u00a0: Malade tout l’automne." in told.body
    assert OutboxEmail.objects.filter(to=waiting.email, subject__contains="place").exists()
    entry = ModelLogEntry.objects.for_instance(seated).get(action="communities.withdraw")
    assert entry.user == animation and entry.data["on_behalf"] is True
    history = client.get(reverse("registrations:history", args=[seated.pk])).content.decode()
    assert "Retirée par l’équipe d’animation, au nom de la personne" in history
    assert "animatrice" in history


def test_a_note_too_long_is_refused_and_kept(client, animation, make_community):
    """The note goes into an email and the history: bounded like every free text."""
    community = make_community(capacity_max=1)
    seated = register(community, 1).registration
    client.force_login(animation)
    url = reverse("registrations:state", args=[seated.pk])
    note = "Malade. " + "x" * 5000
    response = client.post(url, {"state": "withdrawn", "comment": note})
    html = response.content.decode()
    assert "Cette réponse est trop longue" in html and "5\u00a0000" in html
    assert note in html  # what was typed is given back
    assert reload(seated).state == "selected"
    assert not ModelLogEntry.objects.for_instance(seated).filter(action="communities.withdraw")


def test_only_the_allowed_transitions(client, animation, make_community):
    community = make_community(capacity_max=1)
    offered = register(community, 1).registration
    waiting = register(community, 2).registration
    client.force_login(animation)

    page = client.get(reverse("registrations:state", args=[offered.pk])).content.decode()
    assert 'value="confirmed"' in page and 'value="declined"' in page
    assert 'value="withdrawn"' not in page
    # A crafted POST cannot jump the queue or resurrect a registration.
    client.post(reverse("registrations:state", args=[waiting.pk]), {"state": "confirmed"})
    assert reload(waiting).state == "waitlisted"
    with pytest.raises(services.TransitionRefused):
        staff.change_state(registration=waiting, state="selected", by=animation)

    client.post(reverse("registrations:state", args=[offered.pk]), {"state": "confirmed"})
    assert reload(offered).state == "confirmed"
    services.withdraw(registration=reload(offered))
    page = client.get(reverse("registrations:state", args=[offered.pk])).content.decode()
    assert "Cette inscription est terminée" in page
    assert "<form" not in page.split('id="main"')[-1]
    # The public withdrawal is in the history too, by the person.
    assert ("communities.withdraw", None) in log_actions(offered)


def test_edit_form_offers_no_state(client, animation, community):
    registration = register(community, 1).registration
    client.force_login(animation)
    html = client.get(reverse("registrations:edit", args=[registration.pk])).content.decode()
    assert 'name="state"' not in html


def test_move_someone_to_another_community(
    client, animation, make_community, django_capture_on_commit_callbacks
):
    first = make_community(slug="premiere", capacity_max=1)
    second = make_community(slug="seconde", capacity_max=5)
    moving = register(first, 1).registration
    services.confirm_seat(registration=moving)
    waiting = register(first, 2).registration
    client.force_login(animation)
    url = reverse("registrations:move", args=[moving.pk])
    assert second.title in client.get(url).content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"community": second.pk})

    moved = Registration.objects.get(community=second)
    assert response["Location"] == reverse("registrations:inspect", args=[moved.pk])
    assert reload(moving).state == "withdrawn"
    assert reload(waiting).state == "selected"
    assert (moved.state, moved.moved_from, moved.email) == ("selected", moving, moving.email)
    assert moved.consented_at == moving.consented_at
    to_person = [m for m in mail.outbox if m.to == [moving.email]]
    assert len(to_person) == 1  # one email, not a withdrawal and a registration
    (message,) = to_person
    assert message.subject == f"Votre inscription est déplacée vers «\u00a0{second.title}\u00a0»"
    assert "/communautes/seconde/inscription/" in message.body
    assert [a for a, _u in log_actions(moving)][-1] == "communities.moved_out"
    assert log_actions(moved) == [("communities.moved_in", "animatrice")]


def test_move_is_refused_where_the_person_is_already_registered(animation, make_community):
    first = make_community(slug="premiere")
    second = make_community(slug="seconde")
    registration = register(first, 1).registration
    register(second, 1)
    with pytest.raises(services.RegistrationRefused, match="est déjà inscrite"):
        staff.move_registration(registration=registration, community=second, by=animation)
    assert reload(registration).state == "selected"
    assert Registration.objects.filter(community=second).count() == 1


def test_move_to_a_draw_not_run_yet_waits_for_the_draw(animation, make_community):
    first = make_community(slug="premiere")
    draw = make_community(slug="tirage", selection_method="draw")
    registration = register(first, 1).registration
    result = staff.move_registration(registration=registration, community=draw, by=animation)
    assert (result.new.state, result.new.eligible) == ("pending", None)
