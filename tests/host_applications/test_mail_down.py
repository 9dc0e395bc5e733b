"""The mail server is down during every candidature step that emails: nothing is lost.

Each step goes through the public (or admin) view with the mail server down: the change is
committed, the person sees the usual success page, the email waits in the outbox with its
error. With the server back, `send_queued_emails` sends nothing before the backoff allows,
then each email exactly once.
"""

import pytest
from django.core import mail
from django.urls import reverse

from factories.host_applications import application_data
from home.models import OutboxEmail
from host_applications.models import ApplicationStatus, HostApplication
from tests.mail_server import assert_pending_with_error, recover

from .conftest import act

pytestmark = pytest.mark.django_db
APPLICANT = "amelie.roy@example.org"


def pending_to(address):
    return OutboxEmail.objects.get(to=address, sent_at__isnull=True)


def workflow_action_url(application, action):
    application.refresh_from_db()
    return reverse(
        "wagtailsnippets_host_applications_hostapplication:workflow_action",
        args=[application.pk, action, application.current_workflow_task_state.pk],
    )


def test_submission(client, call, communications, mail_server, django_capture_on_commit_callbacks):
    mail_server.down()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(call.url, application_data(), follow=True)

    html = response.content.decode()
    assert "Merci\u202f! Votre candidature CAND-2026-001 a bien été reçue." in html
    application = HostApplication.objects.get()
    assert application.status == ApplicationStatus.RECEIVED
    assert application.current_workflow_state.status == "in_progress"
    assert_pending_with_error(pending_to(APPLICANT))
    # Wagtail's notice to the screening group waits in the outbox too.
    assert_pending_with_error(pending_to(communications.email))
    assert mail.outbox == []

    status_path = response.redirect_chain[-1][0]
    receipt = recover(
        mail_server, to=APPLICANT, subject="Candidature CAND-2026-001 reçue", body=[status_path]
    )
    assert receipt.to == [APPLICANT]
    assert len(mail_server.delivered_to(communications.email)) == 1


def test_second_submission_resends_the_link(
    client, call, submit, mail_server, django_capture_on_commit_callbacks
):
    submit()
    OutboxEmail.objects.update(sent_at="2026-01-01T00:00Z")  # the first receipt went out
    mail_server.down()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(call.url, application_data())

    assert "Nous avons déjà cette candidature" in response.content.decode()
    assert "CAND-2026-001" not in response.content.decode()
    assert HostApplication.objects.count() == 1
    assert_pending_with_error(pending_to(APPLICANT))
    recover(mail_server, to=APPLICANT, subject="Votre lien privé pour la candidature CAND-2026-001")


def test_changes_sent_through_the_private_link(
    client, call, submit, communications, mail_server, django_capture_on_commit_callbacks
):
    application, token = submit()
    act(application, communications, "reject", comment="Précisez le traiteur.")
    OutboxEmail.objects.update(sent_at="2026-01-01T00:00Z")
    mail_server.down()
    data = application_data(catering="Traiteur local, menu végétarien.")
    data.pop("consent")
    edit_url = call.url + call.reverse_subpage("edit", kwargs={"token": token})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, data, follow=True)

    html = response.content.decode()
    assert "Merci\u202f! Vos modifications ont été transmises au comité." in html
    application.refresh_from_db()
    assert application.catering == "Traiteur local, menu végétarien."
    assert application.status == ApplicationStatus.RECEIVED  # back to screening
    assert_pending_with_error(pending_to(APPLICANT))
    recover(mail_server, to=APPLICANT, subject="CAND-2026-001\u00a0: modifications reçues")


def test_withdrawal_through_the_private_link(
    client, call, submit, mail_server, django_capture_on_commit_callbacks
):
    application, token = submit()
    OutboxEmail.objects.update(sent_at="2026-01-01T00:00Z")
    mail_server.down()
    withdraw_url = call.url + call.reverse_subpage("withdraw", kwargs={"token": token})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(withdraw_url, {"confirm": "on"}, follow=True)

    assert "Votre candidature a été retirée." in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.current_workflow_state is None
    assert_pending_with_error(pending_to(APPLICANT))
    recover(mail_server, to=APPLICANT, subject="Candidature CAND-2026-001 retirée")


def test_committee_approval_in_the_admin(
    client, submit, communications, committee, edition, mail_server,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    application, _token = submit()
    act(application, communications, "approve")
    OutboxEmail.objects.update(sent_at="2026-01-01T00:00Z")
    mail_server.down()
    client.force_login(committee)
    url = workflow_action_url(application, "approve")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"comment": "Bravo à toute l'équipe!"}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith(f"/{application.pk}/")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SELECTED
    assert application.live is True
    edition.refresh_from_db()
    assert edition.host_institution == "École secondaire du Plateau"
    assert_pending_with_error(pending_to(APPLICANT))
    bravo = "Bravo à toute l'équipe\u202f!"  # the comment, in French typography
    recover(mail_server, to=APPLICANT, subject="accueillera", body=[bravo])


def test_committee_rejection_in_the_admin(
    client, submit, communications, committee, mail_server, django_capture_on_commit_callbacks
):
    application, _token = submit()
    act(application, communications, "approve")
    OutboxEmail.objects.update(sent_at="2026-01-01T00:00Z")
    mail_server.down()
    client.force_login(committee)
    url = workflow_action_url(application, "decline")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"comment": "La salle plénière est trop petite."}, follow=True)

    assert response.redirect_chain[-1][0].endswith(f"/{application.pk}/")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.current_workflow_state is None
    assert_pending_with_error(pending_to(APPLICANT))
    recover(
        mail_server,
        to=APPLICANT,
        subject="CAND-2026-001\u00a0: la décision du comité",
        body=["La salle plénière est trop petite."],
    )


def test_changes_requested_in_the_admin(
    client, submit, communications, mail_server, django_capture_on_commit_callbacks
):
    application, _token = submit()
    OutboxEmail.objects.update(sent_at="2026-01-01T00:00Z")
    mail_server.down()
    client.force_login(communications)
    url = workflow_action_url(application, "reject")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"comment": "Ajoutez le plan des salles."}, follow=True)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.CHANGES_REQUESTED
    assert_pending_with_error(pending_to(APPLICANT))
    recover(
        mail_server,
        to=APPLICANT,
        subject="modifications demandées",
        body=["Ajoutez le plan des salles."],
    )
