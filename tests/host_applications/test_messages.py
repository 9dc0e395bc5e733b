"""The Comité de sélection writes to the institutions that applied to host an edition: a
preview and the count first, each email with the contact's name, reference and private link,
through the outbox, kept in the edition's history and each candidature's."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry

from home.models import OutboxEmail
from host_applications import mailings, services

from .conftest import act

pytestmark = pytest.mark.django_db

BODY = "Bonjour {nom},\n\nVotre candidature {reference} : {lien}"


@pytest.fixture
def three(submit, communications, committee):
    """Screened and rejected, screened and awaiting the decision, received (and one
    withdrawn): no host chosen yet."""
    refused, _ = submit(institution_name="École A", contact_email="a@example.org")
    screened, _ = submit(institution_name="École B", contact_email="b@example.org")
    waiting, _ = submit(institution_name="École C", contact_email="c@example.org")
    gone, _ = submit(institution_name="École D", contact_email="d@example.org")
    services.withdraw_application(application=gone)
    for application in (refused, screened):
        act(application, communications, "approve")
    act(refused, committee, "decline", comment="Merci")
    OutboxEmail.objects.all().delete()
    return refused, screened, waiting


def url(edition):
    return reverse("host_applications_message", args=[edition.pk])


def test_the_committee_previews_then_sends(
    client, committee, edition, three, django_capture_on_commit_callbacks
):
    refused, _screened, waiting = three
    client.force_login(committee)
    html = client.get(url(edition)).content.decode().replace("\xa0", " ")
    assert "Candidatures à l’étude : 2 établissements" in html
    assert "Candidatures non retenues : 1 établissement" in html
    assert "Toutes les candidatures non retirées : 3 établissements" in html

    data = {"audience": "all", "subject": "Suite pour {reference}", "body": BODY}
    html = client.post(url(edition), {**data, "action": "preview"}).content.decode()
    assert "3 établissements recevront ce message" in html
    assert f"Suite pour {refused.reference}" in html
    assert not OutboxEmail.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(edition), {**data, "action": "send"})
    received = {message.to[0]: message for message in mail.outbox}
    assert set(received) == {"a@example.org", "b@example.org", "c@example.org"}
    message = received["a@example.org"]
    assert message.subject == f"Suite pour {refused.reference}"
    link = services.status_url(application=refused, token=services.token_of(refused))
    assert message.body.startswith(
        f"Bonjour {refused.contact_name},\n\nVotre candidature {refused.reference}\u00a0: {link}"
    )
    entry = PageLogEntry.objects.get(page=edition, action="host_applications.message")
    assert (entry.user, entry.data["recipients"]) == (committee, 3)
    assert (
        ModelLogEntry.objects.for_instance(waiting)
        .filter(action="host_applications.message", user=committee)
        .exists()
    )
    page = client.get(url(edition)).content.decode()
    assert "Suite pour {reference}" in page  # in the messages sent


@pytest.mark.parametrize(
    ("audience", "emails"),
    [("open", ["b@example.org", "c@example.org"]), ("not-selected", ["a@example.org"])],
)
def test_each_audience(edition, three, committee, audience, emails):
    mailings.send(edition=edition, audience=audience, subject="S", body="B", by=committee)
    assert sorted(OutboxEmail.objects.values_list("to", flat=True)) == emails


def test_the_selected_host(edition, three, committee):
    _refused, screened, _waiting = three
    act(screened, committee, "approve", comment="Bravo")  # the others are closed
    OutboxEmail.objects.all().delete()
    mailings.send(edition=edition, audience="selected", subject="S", body="B", by=committee)
    assert list(OutboxEmail.objects.values_list("to", flat=True)) == ["b@example.org"]
    mailings.send(edition=edition, audience="open", subject="S", body="B", by=committee)
    assert OutboxEmail.objects.count() == 1


def test_only_the_committee_writes(client, communications, facilitator, edition, three):
    for user in (communications, facilitator):
        client.force_login(user)
        response = client.post(
            url(edition), {"audience": "all", "subject": "S", "body": "B", "action": "send"}
        )
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not OutboxEmail.objects.exists()


def test_the_listing_offers_it_for_an_edition(client, committee, communications, edition, three):
    listing = reverse("wagtailsnippets_host_applications_hostapplication:list")
    client.force_login(committee)
    assert url(edition) in client.get(listing, {"edition": edition.pk}).content.decode()
    client.force_login(communications)
    assert url(edition) not in client.get(listing, {"edition": edition.pk}).content.decode()
