"""Every email to an institution carries its private link; a repeat submission revokes
nothing."""

import datetime

import pytest
from django.utils import timezone

from home.models import OutboxEmail
from host_applications import services
from host_applications.models import ApplicationStatus

from .conftest import act

pytestmark = pytest.mark.django_db


def bodies_to(address):
    return list(OutboxEmail.objects.filter(to=address).values_list("body", flat=True))


def test_every_email_to_the_institution_carries_its_private_link(
    client, submit, communications, committee, call
):
    application, token = submit()
    _second, second_token = submit(institution_name="École du Lac", contact_email="lac@example.org")
    act(application, communications, "reject", comment="Le plan, svp")
    services.resubmit_application(
        application=application,
        data={name: getattr(application, name) for name in services.APPLICANT_FIELDS},
        files=[],
    )
    act(application, communications, "approve")
    act(application, committee, "approve")  # selected; the other is told
    services.undo_selection(application=application, user=committee, comment="Erreur")
    act(application, committee, "decline", comment="Finalement non")
    link = f"/suivi/{token}/"
    bodies = bodies_to("amelie.roy@example.org")
    assert len(bodies) == 6  # received, changes, resubmitted, selected, undone, rejected
    for body in bodies:
        assert link in body, body
    assert f"/suivi/{token}/modifier/" in bodies[1]  # the changes request links to the form
    (told,) = [b for b in bodies_to("lac@example.org") if "milieu hôte" in b and "Merci" in b]
    assert f"/suivi/{second_token}/" in told
    # The link in the emails opens the candidature.
    page = client.get(call.url + call.reverse_subpage("status", kwargs={"token": token}))
    assert application.reference in page.content.decode()


def test_a_repeat_submission_sends_the_same_link_and_revokes_nothing(client, submit, call):
    application, token = submit()
    OutboxEmail.objects.all().delete()
    with pytest.raises(services.AlreadyReceived):
        submit()
    (body,) = bodies_to("amelie.roy@example.org")
    assert f"/suivi/{token}/" in body and "ne fonctionne plus" not in body
    application.refresh_from_db()
    assert services.token_of(application) == token
    page = client.get(call.url + call.reverse_subpage("status", kwargs={"token": token}))
    assert application.reference in page.content.decode()


def test_the_link_is_resent_at_most_once_an_hour(submit):
    application, token = submit()
    OutboxEmail.objects.all().delete()
    for _ in range(3):
        with pytest.raises(services.AlreadyReceived):
            submit()
    assert len(bodies_to("amelie.roy@example.org")) == 1
    later = timezone.now() + datetime.timedelta(minutes=61)
    assert services.resend_link(application=application, now=later)
    assert not services.resend_link(application=application, now=later)
    bodies = bodies_to("amelie.roy@example.org")
    assert len(bodies) == 2 and all(f"/suivi/{token}/" in body for body in bodies)


def test_a_candidature_from_before_derived_links_keeps_its_link(submit, client, call):
    application, old_token = submit()
    application.token_salt = ""  # as every candidature made before derived links
    application.save(update_fields=["token_salt"])
    old_hash = application.token_hash
    OutboxEmail.objects.all().delete()
    with pytest.raises(services.AlreadyReceived):
        submit()
    application.refresh_from_db()
    assert application.token_hash == old_hash and application.token_salt == ""
    assert application.status == ApplicationStatus.RECEIVED
    (body,) = bodies_to("amelie.roy@example.org")
    assert "/suivi/" not in body and "il fonctionne toujours" in body
    # The link the institution holds still opens its candidature.
    page = client.get(call.url + call.reverse_subpage("status", kwargs={"token": old_token}))
    assert application.reference in page.content.decode()


def test_links_use_the_sites_address_never_localhost(submit, public_address):
    _application, token = submit()
    (body,) = bodies_to("amelie.roy@example.org")
    assert "https://colloque.example.org/" in body and f"/suivi/{token}/" in body
    assert "localhost" not in body
