"""The public form: valid submissions, every bad input, and mail that fails."""

import datetime
import re
import smtplib

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from factories.host_applications import application_data
from home.models import OutboxEmail
from host_applications.models import ApplicationFile, ApplicationStatus, HostApplication

from .conftest import pdf

pytestmark = pytest.mark.django_db


class BrokenMailer:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    def open(self):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    def close(self):
        pass


def post(client, call, data=None, files=None, **kwargs):
    payload = application_data(**(data or {}))
    if files is not None:
        payload["attachments"] = files
    return client.post(call.url, payload, **kwargs)


def test_open_call_shows_rules_privacy_and_form(client, call):
    response = client.get(call.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Capacité" in html and "Accessibilité" in html  # criteria with their weights
    assert "Nous utilisons ces renseignements" in html  # privacy notice
    assert 'name="institution_name"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "180 jours" in html  # retention stated from the setting


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [
        (5, 30, "Le formulaire ouvrira le"),
        (-30, -2, "Cet appel a pris fin le"),
    ],
)
def test_outside_the_window_the_form_is_replaced_by_a_message(client, call, opens, closes, message):
    now = timezone.now()
    call.opens_at = now + datetime.timedelta(days=opens)
    call.closes_at = now + datetime.timedelta(days=closes)
    call.save_revision().publish()
    html = client.get(call.url).content.decode()
    assert message in html
    assert 'name="institution_name"' not in html


def test_valid_submission_is_saved_moderated_and_acknowledged(
    client, call, communications, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, call, files=[pdf("plan.pdf")], follow=True)

    application = HostApplication.objects.get()
    assert application.reference == "CAND-2026-001"
    assert application.status == ApplicationStatus.RECEIVED
    assert application.live is False  # never public
    assert application.postal_code == "H2J 2L3"
    assert application.language == "fr-ca"
    assert application.latest_revision is not None
    workflow_state = application.current_workflow_state
    assert workflow_state.status == "in_progress"
    assert workflow_state.requested_by is None
    assert workflow_state.current_task_state.task.name == "Tri des candidatures"
    assert application.files.get().original_name == "plan.pdf"

    html = response.content.decode()
    assert "CAND-2026-001" in html
    assert "a bien été reçue" in html
    status_path = response.redirect_chain[-1][0]
    assert re.search(r"/colloque/2026/candidature/suivi/[\w-]{40,}/$", status_path)

    receipt = next(m for m in mail.outbox if m.to == ["amelie.roy@example.org"])
    assert "CAND-2026-001" in receipt.subject
    assert status_path in receipt.body
    # Communications members are told a candidature awaits them (Wagtail's notice, via our outbox).
    assert any(m.to == ["sophie@example.org"] for m in mail.outbox)
    assert not OutboxEmail.objects.filter(sent_at__isnull=True).exists()


def test_second_submission_gets_a_sequential_reference(client, call, submit):
    submit(institution_name="Autre école", contact_email="autre@example.org")
    post(client, call)
    assert set(HostApplication.objects.values_list("reference", flat=True)) == {
        "CAND-2026-001",
        "CAND-2026-002",
    }


def test_missing_fields_get_french_messages_and_keep_the_rest(client, call):
    response = post(client, call, data={"institution_name": "", "consent": "", "region": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert HostApplication.objects.count() == 0
    assert "Cette réponse est obligatoire." in html
    assert "Votre consentement est nécessaire" in html
    assert 'class="error-summary"' in html
    # What was typed is still there.
    assert "4500, rue Saint-Denis" in html
    assert "Nous voulons faire rayonner nos projets." in html
    assert 'aria-invalid="true"' in html


def test_the_blank_form_never_carries_anyones_answers(client, call):
    """A visitor's answers and errors never show in the next visitor's blank form."""

    def without_token(html):  # the CSRF token is masked anew on every answer
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    fresh = client.get(call.url).content.decode()
    assert without_token(client.get(call.url).content.decode()) == without_token(fresh)
    html = post(client, call, data={"institution_name": "Cégep Témoin", "consent": ""})
    assert "Cégep Témoin" in html.content.decode()
    again = Client().get(call.url).content.decode()
    assert "Cégep Témoin" not in again and "Votre consentement est nécessaire" not in again
    assert 'name="institution_name"' in again and 'name="csrfmiddlewaretoken"' in again


def test_bad_dates_and_postal_code_are_explained(client, call):
    today = timezone.localdate()
    response = post(
        client,
        call,
        data={
            "proposed_start_date": (today + datetime.timedelta(days=10)).isoformat(),
            "proposed_end_date": (today + datetime.timedelta(days=9)).isoformat(),
            "postal_code": "12345",
        },
    )
    html = response.content.decode()
    assert "Le dernier jour ne peut pas précéder le premier." in html
    assert "Entrez un code postal canadien" in html
    assert HostApplication.objects.count() == 0


def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(client, call):
    response = post(client, call, files=[pdf("plan.pdf", b"MZ\x90\x00 not a pdf at all")])
    html = response.content.decode()
    assert "«\u00a0plan.pdf\u00a0» n’est pas un fichier PDF." in html
    assert "joignez-les de nouveau" in html
    assert "4500, rue Saint-Denis" in html
    assert HostApplication.objects.count() == 0
    assert ApplicationFile.objects.count() == 0


def test_an_oversized_file_is_refused(client, call, settings):
    settings.HOST_APPLICATION_MAX_FILE_SIZE = 50
    response = post(client, call, files=[pdf()])
    assert "est plus gros que" in response.content.decode()
    assert HostApplication.objects.count() == 0


def test_at_most_three_files(client, call):
    response = post(client, call, files=[pdf(f"f{n}.pdf") for n in range(4)])
    assert "Vous pouvez joindre au plus 3 fichiers." in response.content.decode()
    assert HostApplication.objects.count() == 0


def test_a_closed_call_refuses_and_gives_back_what_was_typed(client, call):
    call.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    call.save_revision().publish()
    response = post(client, call)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Cet appel n’est pas ouvert\u00a0: votre candidature n’a pas été envoyée." in html
    assert "Nous voulons faire rayonner nos projets." in html
    assert HostApplication.objects.count() == 0


def test_double_submission_sends_the_link_again_without_a_duplicate(
    client, call, submit, django_capture_on_commit_callbacks
):
    first, _token = submit()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client,
            call,
            data={
                "institution_name": "  école secondaire du plateau ",
                "contact_email": "AMELIE.ROY@example.org",
            },
        )
    html = response.content.decode()
    assert HostApplication.objects.count() == 1
    assert "Nous avons déjà cette candidature" in html
    assert first.reference not in html  # whoever repeated it may not be the institution
    assert "/suivi/" not in html  # the link goes to the mailbox, not to whoever typed the name
    resent = [m for m in mail.outbox if m.to == ["amelie.roy@example.org"]]
    assert resent and "/suivi/" in resent[-1].body


def test_honeypot_blocks_bots(client, call):
    response = post(client, call, data={"website": "http://spam.example"})
    assert "Laissez ce champ vide." in response.content.decode()
    assert HostApplication.objects.count() == 0


def test_rate_limit_per_address_keeps_the_answers(client, call, settings):
    settings.HOST_APPLICATION_RATE_LIMIT = 2
    for n in range(2):
        post(
            client,
            call,
            data={"institution_name": f"École {n}", "contact_email": f"e{n}@example.org"},
        )
    response = post(
        client, call, data={"institution_name": "École 3", "contact_email": "e3@example.org"}
    )
    html = response.content.decode()
    assert response.status_code == 429
    assert "trop de candidatures" in html
    assert "École 3" in html
    assert HostApplication.objects.count() == 2


def test_csrf_is_enforced(call):
    client = Client(enforce_csrf_checks=True)
    response = post(client, call)
    assert response.status_code == 403
    assert HostApplication.objects.count() == 0


def test_mail_server_down_keeps_the_candidature_and_retries(
    client, call, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {
        "default": {"BACKEND": "tests.host_applications.test_submission.BrokenMailer"}
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, call, follow=True)
    assert response.status_code == 200
    assert "CAND-2026-001" in response.content.decode()
    application = HostApplication.objects.get()
    assert application.current_workflow_state.status == "in_progress"
    receipt = OutboxEmail.objects.get(to="amelie.roy@example.org")
    assert receipt.sent_at is None
    assert receipt.attempts == 1
    assert "SMTPServerDisconnected" in receipt.last_error

    # The server is back: the retry (cron, or the worker's deferred task) sends it.
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    from django.core.management import call_command

    call_command("send_queued_emails", "--all", stdout=open("/dev/null", "w"))  # noqa: SIM115
    receipt.refresh_from_db()
    assert receipt.sent_at is not None
    assert any("CAND-2026-001" in m.subject for m in mail.outbox)


def test_english_visitors_get_english_labels_and_messages(client, call, english_home, english):
    from wagtail.models import Page

    english_edition = call.get_parent().get_parent().copy_for_translation(english)
    english_edition.save_revision().publish()
    edition_en = call.get_parent().copy_for_translation(english)
    edition_en.save_revision().publish()
    call_en = call.copy_for_translation(english)
    call_en.title = "Host the colloque"
    call_en.save_revision().publish()
    call_en = Page.objects.get(pk=call_en.pk).specific

    # The French blank form is kept first: the English page must not get its copy.
    assert "Nom de l’établissement" in client.get(call.url).content.decode()
    html = client.get(call_en.url).content.decode()
    assert "Institution name" in html and "Nom de l’établissement" not in html
    response = client.post(call_en.url, application_data(institution_name=""))
    assert "This answer is required." in response.content.decode()
    response = client.post(call_en.url, application_data(), follow=True)
    application = HostApplication.objects.get()
    assert application.language == "en"
    assert application.call_id == call.pk  # candidatures belong to the default-language call
    assert "/en/" in response.redirect_chain[-1][0]
