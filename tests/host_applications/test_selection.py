"""One host per edition: a decided candidature stays decided, the committee can take a
selection back (undo or replace) with a comment, and ending a moderation says where the
candidature goes. Scores are the committee's."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from colloque.models import EditionPage, EditionStatus
from home.models import OutboxEmail
from host_applications import services
from host_applications.models import ApplicationStatus, HostApplication

from .conftest import act, make_user

pytestmark = pytest.mark.django_db

EDIT = "wagtailsnippets_host_applications_hostapplication:edit"
INSPECT = "wagtailsnippets_host_applications_hostapplication:inspect"
LIST = "wagtailsnippets_host_applications_hostapplication:list"


def subjects_to(address):
    return list(OutboxEmail.objects.filter(to=address).values_list("subject", flat=True))


@pytest.fixture
def two(submit, communications):
    """Two screened candidatures of the same edition, the first selected."""
    first, _ = submit()
    second, _ = submit(institution_name="Polyvalente de l'Est", contact_email="est@example.org")
    for application in (first, second):
        act(application, communications, "approve")
    return first, second


def selected(first, committee):
    act(first, committee, "approve", comment="Bravo")
    OutboxEmail.objects.all().delete()
    return first


def test_a_selected_candidature_cannot_be_submitted_again(client, two, committee, edition):
    first = selected(two[0], committee)
    client.force_login(committee)
    html = client.get(reverse(EDIT, args=[first.pk])).content.decode()
    assert "Soumettre à" not in html and "Resoumettre" not in html
    assert "Annuler ou remplacer la sélection…" in html
    # Even a crafted POST does not start moderation again.
    form = client.get(reverse(EDIT, args=[first.pk])).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data = {key: str(value) for key, value in data.items()}
    client.post(reverse(EDIT, args=[first.pk]), {**data, "action-submit": "1"})
    first.refresh_from_db()
    assert first.status == ApplicationStatus.SELECTED
    assert first.current_workflow_state is None
    assert EditionPage.objects.get(pk=edition.pk).host_institution == first.institution_name


def test_the_call_closes_itself_once_a_host_is_chosen(client, two, committee, call, settings):
    first = selected(two[0], committee)
    client.force_login(committee)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "fermé\u00a0: un milieu hôte a été choisi" in dashboard
    client.logout()
    html = client.get(call.url).content.decode()
    assert "Fermé\u00a0: un milieu hôte a été choisi" in html
    assert "Le comité de sélection a choisi le milieu hôte" in html
    assert 'class="application-form" method="post"' not in html
    response = client.post(call.url, {"institution_name": "Tard"})
    assert response.status_code == 409
    assert "votre candidature n’a pas été envoyée" in response.content.decode().lower() or (
        "n&#x27;a pas été envoyée" in response.content.decode()
        or "n’a pas été envoyée" in response.content.decode()
    )
    assert HostApplication.objects.filter(edition=first.edition).count() == 2


def test_undo_puts_the_candidature_back_before_the_committee(client, two, committee, edition):
    first = selected(two[0], committee)
    client.force_login(committee)
    url = reverse("host_applications_selection", args=[first.pk])
    form_html = client.get(url).content.decode()
    assert "Annuler la sélection" in form_html and "tel quel" in form_html
    first.refresh_from_db()
    assert first.status == ApplicationStatus.SELECTED  # asking changes nothing

    # No comment: said plainly in French, nothing changed, the choice kept.
    response = client.post(url, {"choice": "undo", "comment": ""})
    html = response.content.decode()
    assert "Expliquez pourquoi\u00a0: les établissements concernés le liront." in html
    assert 'value="undo" checked' in html or re.search(r'value="undo"[^>]*checked', html)
    first.refresh_from_db()
    assert first.status == ApplicationStatus.SELECTED

    response = client.post(
        url, {"choice": "undo", "comment": "Le gymnase n’est plus libre en novembre."}, follow=True
    )
    assert "La sélection de CAND-2026-001 est annulée" in response.content.decode()
    first.refresh_from_db()
    assert first.status == ApplicationStatus.SCREENED
    assert first.live is False
    assert first.current_workflow_task.name == "Décision du comité de sélection"
    assert services.awaiting(user=committee).filter(pk=first.pk).exists()
    edition = EditionPage.objects.get(pk=edition.pk)
    assert edition.host_institution == ""
    assert edition.status == EditionStatus.LOOKING_FOR_HOST
    (body,) = OutboxEmail.objects.filter(to="amelie.roy@example.org").values_list("body", flat=True)
    assert "Le gymnase n’est plus libre en novembre." in body
    history = client.get(
        reverse("wagtailsnippets_host_applications_hostapplication:history", args=[first.pk])
    ).content.decode()
    assert "Sélection annulée" in history and "Le gymnase n’est plus libre" in history
    # The committee can decide again, and the edition gets its host back.
    act(first, committee, "approve")
    assert first.status == ApplicationStatus.SELECTED
    assert EditionPage.objects.get(pk=edition.pk).host_institution == first.institution_name


def test_replace_switches_the_host_and_tells_both_institutions(client, two, committee, edition):
    first = selected(two[0], committee)
    second = HostApplication.objects.get(pk=two[1].pk)
    assert second.status == ApplicationStatus.REJECTED  # closed when the first was chosen
    OutboxEmail.objects.all().delete()
    client.force_login(committee)
    url = reverse("host_applications_selection", args=[first.pk])
    response = client.post(url, {"choice": "replace", "comment": "Salle trop petite"})
    assert "Choisissez la candidature qui accueillera à la place." in response.content.decode()
    response = client.post(
        url,
        {"choice": "replace", "replacement": second.pk, "comment": "Salle trop petite"},
        follow=True,
    )
    assert "accueillera désormais l’édition à la place de CAND-2026-001" in (
        response.content.decode()
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.live) == (ApplicationStatus.REJECTED, False)
    assert (second.status, second.live) == (ApplicationStatus.SELECTED, True)
    assert (
        HostApplication.objects.filter(edition=edition, status=ApplicationStatus.SELECTED).count()
        == 1
    )
    assert EditionPage.objects.get(pk=edition.pk).host_institution == "Polyvalente de l'Est"
    assert subjects_to("amelie.roy@example.org") == [
        "Candidature CAND-2026-001\u00a0: le comité a modifié sa décision"
    ]
    assert subjects_to("est@example.org") == ["Votre établissement accueillera Colloque 2026"] or (
        len(subjects_to("est@example.org")) == 1
        and "accueillera" in subjects_to("est@example.org")[0]
    )
    for address in ("amelie.roy@example.org", "est@example.org"):
        assert "Salle trop petite" in OutboxEmail.objects.get(to=address).body


def test_only_the_committee_takes_a_selection_back(client, two, committee, communications):
    first = selected(two[0], committee)
    client.force_login(communications)
    url = reverse("host_applications_selection", args=[first.pk])
    client.post(url, {"choice": "undo", "comment": "Non"})
    first.refresh_from_db()
    assert first.status == ApplicationStatus.SELECTED
    assert (
        "Annuler ou remplacer" not in client.get(reverse(INSPECT, args=[first.pk])).content.decode()
    )


def test_cancelling_the_workflow_asks_and_says_where_the_candidature_goes(
    client, submit, communications
):
    application, _ = submit()
    client.force_login(communications)
    edit_html = client.get(reverse(EDIT, args=[application.pk])).content.decode()
    assert 'name="action-cancel-workflow"' not in edit_html
    assert reverse("host_applications_end_moderation", args=[application.pk]) in edit_html
    # Wagtail's one-click cancellation is not an action any more.
    form = client.get(reverse(EDIT, args=[application.pk])).context["form"]
    data = {key: str(value) for key, value in form.initial.items() if value is not None}
    client.post(reverse(EDIT, args=[application.pk]), {**data, "action-cancel-workflow": "1"})
    application.refresh_from_db()
    assert application.current_workflow_state.status == "in_progress"

    url = reverse("host_applications_end_moderation", args=[application.pk])
    page = client.get(url).content.decode()
    assert "Annuler le workflow de CAND-2026-001" in page and "Tri des candidatures" in page
    response = client.post(url, {"choice": "withdraw", "comment": ""})
    assert "Expliquez pourquoi elle est retirée" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED

    OutboxEmail.objects.all().delete()
    response = client.post(
        url, {"choice": "withdraw", "comment": "Doublon de CAND-2026-004"}, follow=True
    )
    assert "CAND-2026-001\u00a0: Retirée par l’équipe." in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN_BY_STAFF
    assert application.current_workflow_state is None
    assert not services.awaiting(user=communications).filter(pk=application.pk).exists()
    (email,) = OutboxEmail.objects.filter(to="amelie.roy@example.org")
    assert "Doublon de CAND-2026-004" in email.body


def test_back_to_screening_starts_again_at_the_first_step(client, submit, communications):
    application, _ = submit()
    act(application, communications, "approve")
    client.force_login(communications)
    url = reverse("host_applications_end_moderation", args=[application.pk])
    client.post(url, {"choice": "rescreen", "comment": "Pièce manquante vérifiée"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED
    assert application.current_workflow_task.name == "Tri des candidatures"
    assert services.awaiting(user=communications).filter(pk=application.pk).exists()


def test_a_workflow_cancelled_by_wagtail_leaves_a_stated_state(submit, communications):
    application, _ = submit()
    application.current_workflow_state.cancel(user=communications)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN_BY_STAFF


def test_history_names_a_request_for_changes_as_such(client, submit, communications):
    application, _ = submit()
    act(application, communications, "reject", comment="Ajoutez le plan")
    client.force_login(communications)
    history = client.get(
        reverse("wagtailsnippets_host_applications_hostapplication:history", args=[application.pk])
    ).content.decode()
    assert "Modifications demandées à l’étape «\u00a0Tri des candidatures\u00a0»" in history
    assert "Rejeté" not in history
    inspect = client.get(reverse(INSPECT, args=[application.pk])).content.decode()
    assert "Modifications demandées" in inspect and "Rejeté" not in inspect


def test_the_decision_dialog_says_the_comment_is_sent_verbatim(client, submit, communications):
    application, _ = submit()
    client.force_login(communications)
    state = application.current_workflow_task_state

    def dialog(action):
        url = reverse(
            "wagtailsnippets_host_applications_hostapplication:collect_workflow_action_data",
            args=[application.pk, action, state.pk],
        )
        return client.get(url).json()["html"]

    assert "envoyé tel quel à l’établissement" in dialog("reject")
    assert "envoyé tel quel à l’établissement" in dialog("decline")
    assert "reste interne" in dialog("approve")  # screening notes are not sent


# Scores -------------------------------------------------------------------------------


@pytest.fixture
def jurors(django_user_model, committee):
    return committee, make_user(django_user_model, "claire", "Comité de sélection")


def test_communications_sees_no_scores(client, submit, communications, jurors, criteria):
    application, _ = submit()
    services.save_review(
        application=application, reviewer=jurors[0], scores={c.pk: (4, "") for c in criteria}
    )
    client.force_login(communications)
    listing = client.get(reverse(LIST)).content.decode()
    assert application.reference in listing
    assert "4,00" not in listing and ">Note<" not in listing
    inspect = client.get(reverse(INSPECT, args=[application.pk])).content.decode()
    assert "Moyenne pondérée" not in inspect and "louis" not in inspect
    export = client.get(reverse(LIST) + "?export=xlsx")
    content = b"".join(export.streaming_content)
    sheet = load_workbook(filename=io.BytesIO(content)).active
    headings = [cell.value for cell in sheet[1]]
    assert "Note" not in headings and "Évaluations" not in headings


def test_a_juror_sees_the_others_scores_once_they_have_scored(
    client, submit, jurors, criteria, settings
):
    first_juror, second_juror = jurors
    application, _ = submit()
    services.save_review(
        application=application, reviewer=first_juror, scores={c.pk: (5, "") for c in criteria}
    )
    client.force_login(second_juror)
    listing = client.get(reverse(LIST)).content.decode()
    assert "Après votre note" in listing and "5,00" not in listing
    inspect = client.get(reverse(INSPECT, args=[application.pk])).content.decode()
    assert "s’affichent une fois que vous avez noté" in inspect
    assert "louis" not in inspect
    services.save_review(
        application=application, reviewer=second_juror, scores={c.pk: (3, "") for c in criteria}
    )
    assert "4,00" in client.get(reverse(LIST)).content.decode()
    inspect = client.get(reverse(INSPECT, args=[application.pk])).content.decode()
    assert "Moyenne pondérée de 4,00 / 5 selon 2 évaluations." in inspect
    # With the setting off, scoring stays blind until the decision.
    settings.HOST_APPLICATION_SCORES_AFTER_SCORING = False
    assert "Après votre note" in client.get(reverse(LIST)).content.decode()


def test_the_dashboard_shows_each_jurors_progress(client, submit, jurors, criteria):
    first_juror, second_juror = jurors
    application, _ = submit()
    submit(institution_name="École du Lac", contact_email="lac@example.org")
    services.save_review(
        application=application, reviewer=first_juror, scores={c.pk: (5, "") for c in criteria}
    )
    client.force_login(second_juror)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Évaluation par le comité de sélection" in html
    assert re.search(r"louis</th><td>1 sur 2", html)
    assert re.search(r"claire</th><td>0 sur 2", html)
    assert "fermé\u00a0: un milieu hôte a été choisi" not in html


def test_the_inspect_view_shows_labels_and_nothing_internal(client, submit, committee):
    application, _ = submit()
    client.force_login(committee)
    html = client.get(reverse(INSPECT, args=[application.pk])).content.decode()
    for internal in ("Token", "Verrouillé", "Publiée", ">None<", ">False<", ">True<"):
        assert internal not in html, internal
    assert "Reçue, en cours de vérification" in html and "École secondaire du Plateau" in html
    assert "—" in html  # what is empty says so
