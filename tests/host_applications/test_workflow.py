"""Moderation: screening, scoring, the three decisions, changes and resubmission."""

import pytest
from django.core import mail
from django.urls import reverse

from colloque.models import EditionPage, EditionStatus
from factories.host_applications import application_data
from home.models import OutboxEmail
from host_applications import services
from host_applications.models import ApplicationStatus, HostApplication

from .conftest import act

pytestmark = pytest.mark.django_db


def emails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_screening_moves_the_candidature_to_the_committee(submit, communications):
    application, _token = submit()
    act(application, communications, "approve")
    assert application.status == ApplicationStatus.SCREENED
    assert application.current_workflow_task.name == "Décision du comité de sélection"


def test_scores_give_a_weighted_average_and_a_review_count(
    submit, committee, criteria, django_user_model
):
    application, _token = submit()
    capacity, access = criteria  # weights 60 and 40
    services.save_review(
        application=application,
        reviewer=committee,
        scores={capacity.pk: (5, "Grande salle"), access.pk: (2, "")},
    )
    other = django_user_model.objects.create_user("autre")
    services.save_review(
        application=application, reviewer=other, scores={capacity.pk: (3, ""), access.pk: (4, "")}
    )
    annotated = services.with_scores(HostApplication.objects.filter(pk=application.pk)).get()
    # (5×60 + 2×40 + 3×60 + 4×40) / (60 + 40 + 60 + 40)
    assert annotated.weighted_score == pytest.approx(3.6)
    assert annotated.review_count == 2
    # Scoring again replaces the reviewer's scores rather than adding a review.
    services.save_review(
        application=application, reviewer=other, scores={capacity.pk: (5, ""), access.pk: (5, "")}
    )
    assert (
        services.with_scores(HostApplication.objects.filter(pk=application.pk)).get().review_count
        == 2
    )


def test_approval_selects_names_the_host_and_tells_the_applicant(
    submit, communications, committee, edition, django_capture_on_commit_callbacks, client
):
    application, _token = submit()
    act(application, communications, "approve")
    with django_capture_on_commit_callbacks(execute=True):
        act(application, committee, "approve", comment="Bravo à toute l'équipe!")
    assert application.status == ApplicationStatus.SELECTED
    assert application.live is True  # "published" means "selected"
    assert application.decided_at is not None
    edition = EditionPage.objects.get(pk=edition.pk)
    assert edition.host_institution == "École secondaire du Plateau"
    assert edition.status == EditionStatus.IN_PREPARATION
    assert not edition.has_unpublished_changes
    assert "École secondaire du Plateau" in client.get(edition.url).content.decode()
    selected = emails_to("amelie.roy@example.org")[-1]
    assert "accueillera" in selected.subject
    assert "Bravo à toute l'équipe\u202f!" in selected.body
    # Still not public anywhere: the edition names the host, nothing shows the candidature.
    assert "amelie.roy" not in client.get(edition.url).content.decode()


def test_an_editors_pending_draft_of_the_edition_keeps_the_host(
    submit, communications, committee, edition
):
    edition.intro = "Brouillon en cours"
    edition.save_revision()
    application, _token = submit()
    act(application, communications, "approve")
    act(application, committee, "approve")
    edition = EditionPage.objects.get(pk=edition.pk)
    assert edition.host_institution == "École secondaire du Plateau"
    draft = edition.get_latest_revision_as_object()
    assert draft.intro == "Brouillon en cours"
    assert draft.host_institution == "École secondaire du Plateau"


def test_a_selection_closes_the_other_candidatures_and_tells_them(
    submit, communications, committee, edition
):
    first, _ = submit()
    second, _ = submit(institution_name="Polyvalente de l'Est", contact_email="est@example.org")
    third, _ = submit(institution_name="École du Lac", contact_email="lac@example.org")
    for application in (first, second):
        act(application, communications, "approve")
    stale_step = HostApplication.objects.get(pk=second.pk).current_workflow_task_state
    OutboxEmail.objects.all().delete()
    act(first, committee, "approve")
    for other in (second, third):
        other.refresh_from_db()
        assert other.status == ApplicationStatus.REJECTED
        assert other.decided_at is not None
        assert other.current_workflow_state is None  # in nobody's queue
        assert not services.awaiting(user=committee).filter(pk=other.pk).exists()
    assert list(
        OutboxEmail.objects.filter(to="est@example.org").values_list("subject", flat=True)
    ) == ["Candidature CAND-2026-002\u00a0: un milieu hôte a été choisi"]
    assert OutboxEmail.objects.filter(to="lac@example.org").count() == 1
    told = OutboxEmail.objects.get(to="lac@example.org").body
    assert "l’appel de candidatures est maintenant fermé" in told
    # An approval prepared before the selection is refused with the reason.
    with pytest.raises(services.SelectionRefused, match="a déjà un milieu hôte"):
        stale_step.task.specific.on_action(stale_step, committee, "approve")
    second.refresh_from_db()
    assert second.status == ApplicationStatus.REJECTED


def test_a_stale_approval_in_the_admin_shows_a_clear_message(
    submit, communications, committee, client
):
    first, _ = submit()
    second, _ = submit(institution_name="Polyvalente de l'Est", contact_email="est@example.org")
    for application in (first, second):
        act(application, communications, "approve")
    second.refresh_from_db()
    url = reverse(
        "wagtailsnippets_host_applications_hostapplication:workflow_action",
        args=[second.pk, "approve", second.current_workflow_task_state.pk],
    )
    act(first, committee, "approve")
    client.force_login(committee)
    response = client.post(url, {"comment": ""}, follow=True)
    html = response.content.decode()
    assert "n&#x27;est pas en attente de modération" in html or "a déjà un milieu hôte" in html
    second.refresh_from_db()
    assert second.status == ApplicationStatus.REJECTED


def test_request_changes_then_resubmit_resumes_where_it_stopped(
    submit, communications, committee, client, call, django_capture_on_commit_callbacks
):
    application, token = submit()
    act(application, communications, "approve")
    with django_capture_on_commit_callbacks(execute=True):
        act(
            application, committee, "reject", comment="Ajoutez le plan des salles, s'il vous plaît."
        )
    assert application.status == ApplicationStatus.CHANGES_REQUESTED
    message = emails_to("amelie.roy@example.org")[-1]
    assert "modifications demandées" in message.subject
    assert "Ajoutez le plan des salles" in message.body

    status_url = call.url + call.reverse_subpage("status", kwargs={"token": token})
    html = client.get(status_url).content.decode()
    assert "Ajoutez le plan des salles" in html
    assert "Modifier notre candidature" in html

    edit_url = call.url + call.reverse_subpage("edit", kwargs={"token": token})
    data = application_data(workshop_rooms="12")
    data.pop("consent")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, data, follow=True)
    assert "Vos modifications ont été transmises" in response.content.decode()
    application.refresh_from_db()
    assert application.workshop_rooms == 12
    assert application.status == ApplicationStatus.SCREENED
    assert application.current_workflow_task.name == "Décision du comité de sélection"
    assert application.revisions.count() == 2


def test_bad_input_when_making_changes_keeps_the_answers(submit, communications, client, call):
    application, token = submit()
    act(application, communications, "reject", comment="Précisez le traiteur.")
    edit_url = call.url + call.reverse_subpage("edit", kwargs={"token": token})
    response = client.post(
        edit_url, application_data(catering="", motivation="Notre nouvelle motivation")
    )
    html = response.content.decode()
    assert "Cette réponse est obligatoire." in html
    assert "Notre nouvelle motivation" in html
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CHANGES_REQUESTED


def test_reject_ends_moderation_and_tells_the_applicant(
    submit, communications, committee, django_capture_on_commit_callbacks, client, call
):
    application, token = submit()
    act(application, communications, "approve")
    with django_capture_on_commit_callbacks(execute=True):
        act(application, committee, "decline", comment="La salle plénière est trop petite.")
    assert application.status == ApplicationStatus.REJECTED
    assert application.current_workflow_state is None
    assert application.live is False
    message = emails_to("amelie.roy@example.org")[-1]
    assert "décision du comité" in message.subject
    assert "La salle plénière est trop petite." in message.body
    html = client.get(
        call.url + call.reverse_subpage("status", kwargs={"token": token})
    ).content.decode()
    assert "Candidature non retenue" in html
    assert "La salle plénière est trop petite." in html


def test_reject_without_comment_still_emails(
    submit, communications, django_capture_on_commit_callbacks
):
    application, _ = submit()
    with django_capture_on_commit_callbacks(execute=True):
        act(application, communications, "decline")
    message = emails_to("amelie.roy@example.org")[-1]
    assert "commentaire du comité" not in message.body
    assert "ne l’a pas retenue" in message.body


def test_screening_notes_stay_internal(submit, communications, client, call):
    application, token = submit()
    act(application, communications, "approve", comment="Note interne : dossier complet.")
    html = client.get(
        call.url + call.reverse_subpage("status", kwargs={"token": token})
    ).content.decode()
    assert "Vérification terminée" in html
    assert "Note interne" not in html


def test_the_committee_is_told_when_a_candidature_reaches_it(
    submit, communications, committee, django_capture_on_commit_callbacks
):
    application, _ = submit()
    with django_capture_on_commit_callbacks(execute=True):
        act(application, communications, "approve")
    assert emails_to("louis@example.org")
