"""Writing to a community's participants from the admin: recipients counted and previewed
before sending, each email with the person's name and private link, through the outbox, kept
in the community's history."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import PageLogEntry

from communities import mailings, services
from home.models import OutboxEmail

from .conftest import register

pytestmark = pytest.mark.django_db

SUBJECT = "Rappel pour {nom}"
BODY = "Bonjour {nom},\n\nVotre page : {lien}\n\nÀ bientôt!"


@pytest.fixture
def crowd(make_community):
    """Two confirmed, one offered a seat, one on the waitlist (3 seats)."""
    community = make_community(capacity_max=3)
    people = [register(community, n).registration for n in range(1, 5)]
    for person in people[:2]:
        services.confirm_seat(registration=person)
    OutboxEmail.objects.all().delete()
    return community, people


def url(community):
    return reverse("communities_message", args=[community.pk])


def test_the_form_counts_each_audience(client, animation, crowd):
    community, _people = crowd
    client.force_login(animation)
    html = client.get(url(community)).content.decode()
    assert "Personnes participantes confirmées\u00a0: 2 personnes" in html
    assert "Place offerte, pas encore confirmée\u00a0: 1 personne" in html
    assert "Sur la liste d’attente\u00a0: 1 personne" in html
    everyone = "Toutes les personnes inscrites (y compris en attente du tirage)\u00a0: 4 personnes"
    assert everyone in html
    assert "{nom} devient le nom de la personne" in html


def test_preview_shows_the_count_and_the_first_persons_copy_and_sends_nothing(
    client, animation, crowd
):
    community, people = crowd
    client.force_login(animation)
    html = client.post(
        url(community),
        {"audience": "confirmed", "subject": SUBJECT, "body": BODY, "action": "preview"},
    ).content.decode()
    assert "2 personnes recevront ce message" in html
    assert "Rappel pour Personne 1" in html
    token = services.token_of(people[0])
    assert f"/communautes/{community.slug}/inscription/{token}/" in html
    assert "Envoyer à 2 personnes" in html
    assert "{nom}" in html  # the text goes back unfilled, for sending
    assert not OutboxEmail.objects.exists()
    assert not PageLogEntry.objects.filter(action="communities.message").exists()


def test_send_queues_one_email_each_with_name_and_link(
    client, admin_client, animation, crowd, django_capture_on_commit_callbacks
):
    community, people = crowd
    client.force_login(animation)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(community),
            {"audience": "confirmed", "subject": SUBJECT, "body": BODY, "action": "send"},
        )
    assert response.status_code == 302
    assert OutboxEmail.objects.filter(sent_at__isnull=False).count() == 2
    received = {message.to[0]: message for message in mail.outbox}
    assert set(received) == {people[0].email, people[1].email}
    message = received[people[1].email]
    assert message.subject == "Rappel pour Personne 2"
    assert message.body.startswith("Bonjour Personne 2,\n\nVotre page\u00a0: http")
    token = services.token_of(people[1])
    assert message.body.count(f"/communautes/{community.slug}/inscription/{token}/") == 2
    assert "Vous recevez ce message parce que vous êtes inscrite ou inscrit" in message.body
    assert message.reply_to == [] or message.reply_to == [community.contact_email]

    entry = PageLogEntry.objects.get(page=community, action="communities.message")
    assert entry.user == animation
    assert entry.data["recipients"] == 2 and entry.data["body"] == BODY
    page = client.get(response["Location"]).content.decode()
    assert "Votre message part vers 2 personnes." in page
    assert "Messages envoyés" in page and "Rappel pour {nom}" in page
    # Also in the page's own history (Animation has no access to pages).
    history = admin_client.get(reverse("wagtailadmin_pages:history_results", args=[community.pk]))
    text = history.content.decode().replace("\xa0", " ")
    assert "Message « Rappel pour {nom} » envoyé à 2 personne(s)" in text


@pytest.mark.parametrize(
    ("audience", "names"),
    [
        ("offered", ["Personne 3"]),
        ("waitlisted", ["Personne 4"]),
        ("all", ["Personne 1", "Personne 2", "Personne 3", "Personne 4"]),
    ],
)
def test_each_audience_reaches_its_people(crowd, animation, audience, names):
    community, _people = crowd
    sent = mailings.send(
        community=community, audience=audience, subject="Objet", body="Texte", by=animation
    )
    assert sent == len(names)
    assert sorted(OutboxEmail.objects.values_list("to", flat=True)) == [
        f"personne{name.split()[-1]}@example.org" for name in names
    ]


def test_braces_for_something_else_stay(crowd):
    _community, people = crowd
    copy = mailings.personal_copy(
        registration=people[0], subject="{x}", body="Code {0} et {nom} et {name}"
    )
    assert copy.subject == "{x}"
    assert copy.body == "Code {0} et Personne 1 et Personne 1"


def test_a_form_with_errors_sends_nothing(client, animation, crowd):
    community, _people = crowd
    client.force_login(animation)
    html = client.post(url(community), {"audience": "confirmed", "action": "send"}).content
    assert "Écrivez un objet." in html.decode()
    assert not OutboxEmail.objects.exists()
