"""Every email to an institution carries its private link; a repeat submission revokes
nothing."""

import pytest

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
    assert services.resend_link(application=application) == token
    (body,) = bodies_to("amelie.roy@example.org")
    assert f"/suivi/{token}/" in body and "ne fonctionne plus" not in body
    page = client.get(call.url + call.reverse_subpage("status", kwargs={"token": token}))
    assert application.reference in page.content.decode()


def test_a_candidature_from_before_derived_links_gets_a_new_one(submit):
    application, old_token = submit()
    application.token_salt = ""  # as every candidature made before derived links
    application.save(update_fields=["token_salt"])
    new_token = services.resend_link(application=application)
    assert new_token != old_token
    application.refresh_from_db()
    assert services.token_of(application) == new_token
    assert application.status == ApplicationStatus.RECEIVED


def test_links_use_the_sites_address_never_localhost(submit, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://colloque.example.org"
    _application, token = submit()
    (body,) = bodies_to("amelie.roy@example.org")
    assert "https://colloque.example.org/" in body and f"/suivi/{token}/" in body
    assert "localhost" not in body
