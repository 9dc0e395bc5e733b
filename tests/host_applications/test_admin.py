"""Who may see, score, approve and download; the listing, its exports and the dashboard."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from host_applications import services
from host_applications.models import HostApplication

from .conftest import act, pdf

pytestmark = pytest.mark.django_db

LIST = "wagtailsnippets_host_applications_hostapplication:list"
INSPECT = "wagtailsnippets_host_applications_hostapplication:inspect"
EDIT = "wagtailsnippets_host_applications_hostapplication:edit"


@pytest.fixture
def application(call):
    from factories.host_applications import application_data
    from host_applications.forms import HostApplicationForm

    form = HostApplicationForm(application_data())
    assert form.is_valid()
    application, _token = services.submit_application(
        call=call, data=form.cleaned_data, files=[pdf("plan.pdf")], language="fr-ca"
    )
    return application


def test_anonymous_visitors_see_nothing(client, application):
    for url in (
        reverse(LIST),
        reverse(INSPECT, args=[application.pk]),
        reverse("host_applications_score", args=[application.pk]),
        reverse("host_applications_file", args=[application.files.get().pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def refused(response):
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message.
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def test_animation_has_no_access_to_candidatures(client, application, facilitator):
    client.force_login(facilitator)
    assert refused(client.get(reverse(LIST)))
    assert refused(client.get(reverse(INSPECT, args=[application.pk])))
    assert refused(client.get(reverse(EDIT, args=[application.pk])))
    assert refused(client.get(reverse("host_applications_score", args=[application.pk])))
    assert refused(client.get(reverse("host_applications_file", args=[application.files.get().pk])))
    assert (
        "Candidatures de milieu hôte"
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_communications_sees_and_screens_but_does_not_score_or_decide(
    client, application, communications
):
    client.force_login(communications)
    assert application.reference in client.get(reverse(LIST)).content.decode()
    assert (
        "École secondaire du Plateau"
        in client.get(reverse(INSPECT, args=[application.pk])).content.decode()
    )
    assert refused(client.get(reverse("host_applications_score", args=[application.pk])))
    download = client.get(reverse("host_applications_file", args=[application.files.get().pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    # Under a name of ours (the sender's stays on the inspect page): see test_file_serving.
    assert download["Content-Disposition"].startswith(
        f'attachment; filename="{application.reference}-'
    )
    # Screening is theirs; the decision is not.
    task = application.current_workflow_task
    assert [name for name, *_ in task.get_actions(application, communications)] == [
        "reject",
        "decline",
        "approve",
        "approve",
    ]
    act(application, communications, "approve")
    assert application.current_workflow_task.get_actions(application, communications) == []


def test_the_committee_scores_and_approves(
    client, application, communications, committee, criteria
):
    act(application, communications, "approve")
    client.force_login(committee)
    score_url = reverse("host_applications_score", args=[application.pk])
    form_html = client.get(score_url).content.decode()
    assert "Capacité" in form_html and "pondération 60" in form_html
    # A missing score is explained; nothing is saved.
    response = client.post(
        score_url, {f"score_{criteria[0].pk}": "5", f"score_{criteria[1].pk}": ""}
    )
    assert "Donnez à ce critère une note de 1 à 5." in response.content.decode()
    assert not application.reviews.exists()
    response = client.post(
        score_url,
        {
            f"score_{criteria[0].pk}": "5",
            f"comment_{criteria[0].pk}": "Très grande salle",
            f"score_{criteria[1].pk}": "3",
            "comment": "Solide",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Vos notes pour CAND-2026-001 sont enregistrées." in html
    assert "Très grande salle" in html
    assert "4,20" in html or "4.20" in html  # (5×60 + 3×40) / 100
    listing = client.get(reverse(LIST)).content.decode()
    assert "4,20" in listing
    act(application, committee, "approve")
    assert application.status == "selected"


def test_nobody_can_publish_around_the_workflow(client, application, committee):
    client.force_login(committee)
    html = client.get(reverse(EDIT, args=[application.pk])).content.decode()
    assert 'name="action-publish"' not in html


def test_inspect_shows_scores_files_and_workflow_history(
    client, application, communications, committee, criteria
):
    act(application, communications, "approve", comment="Dossier complet")
    services.save_review(
        application=application, reviewer=committee, scores={c.pk: (4, "") for c in criteria}
    )
    client.force_login(committee)
    html = client.get(reverse(INSPECT, args=[application.pk])).content.decode()
    assert "Tri des candidatures" in html and "Dossier complet" in html
    assert "Moyenne pondérée de 4,00 / 5 selon 1 évaluation." in html
    assert "plan.pdf" in html
    assert reverse("host_applications_file", args=[application.files.get().pk]) in html


def test_preview_renders_the_candidature_for_staff(client, application, committee):
    client.force_login(committee)
    url = reverse(
        "wagtailsnippets_host_applications_hostapplication:preview_on_edit", args=[application.pk]
    )
    data = {name: getattr(application, name) for name in services.APPLICANT_FIELDS}
    client.post(url, data)
    html = client.get(url).content.decode()
    assert "jamais publiques" in html
    assert "École secondaire du Plateau" in html


def test_listing_filters_and_search(client, submit, committee):
    submit()
    submit(
        institution_name="Cégep de la Baie",
        contact_email="b@example.org",
        region="09",
        institution_type="college",
    )
    client.force_login(committee)
    html = client.get(reverse(LIST), {"region": "09"}).content.decode()
    assert "Cégep de la Baie" in html and "École secondaire du Plateau" not in html
    html = client.get(
        reverse(LIST), {"institution_type": "secondary", "status": "received"}
    ).content.decode()
    assert "École secondaire du Plateau" in html and "Cégep de la Baie" not in html
    html = client.get(reverse(LIST), {"q": "Baie"}).content.decode()
    assert "Cégep de la Baie" in html and "École secondaire du Plateau" not in html


def test_listing_queries_do_not_grow_with_candidatures(
    client, submit, committee, criteria, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(committee)
    first, _ = submit()
    services.save_review(
        application=first, reviewer=committee, scores={c.pk: (3, "") for c in criteria}
    )
    client.get(reverse(LIST))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse(LIST))
    for n in range(6):
        application, _ = submit(institution_name=f"École {n}", contact_email=f"e{n}@example.org")
        services.save_review(
            application=application, reviewer=committee, scores={c.pk: (4, "") for c in criteria}
        )
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse(LIST))


def test_exports_neutralise_formula_cells(client, submit, committee):
    submit(
        institution_name='=HYPERLINK("http://evil.example")',
        motivation="+33 ways",
        local_partners="@partner",
    )
    client.force_login(committee)
    response = client.get(reverse(LIST), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header, row = rows[0], rows[1]
    assert "Région administrative" in header
    cells = dict(zip(header, row, strict=False))
    assert cells["Nom de l’établissement"].startswith("'=")
    assert cells["Motivation"] == "'+33 ways"
    assert cells["Partenaires locaux"] == "'@partner"
    assert cells["Référence"] == "CAND-2026-001"

    response = client.get(reverse(LIST), {"export": "xlsx"})
    sheet = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    values = [cell.value for cell in sheet[2]]
    assert '\'=HYPERLINK("http://evil.example")' in values
    assert "'+33 ways" in values


def test_dashboard_counts_by_state_and_lists_what_awaits_the_viewer(
    client, submit, communications, committee
):
    first, _ = submit()
    second, _ = submit(institution_name="Autre", contact_email="a@example.org")
    act(second, communications, "approve")
    client.force_login(committee)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Candidatures de milieu hôte" in html
    assert "Vérifiée, en attente de la décision du comité" in html
    awaiting = html[html.index("En attente de votre action") :]
    assert second.reference in awaiting and first.reference not in awaiting
    client.force_login(communications)
    awaiting = client.get(reverse("wagtailadmin_home")).content.decode()
    awaiting = awaiting[awaiting.index("En attente de votre action") :]
    assert first.reference in awaiting and second.reference not in awaiting


def test_counts_only_concern_the_current_call(submit, call):
    submit()
    counts = {
        status.value: n for status, n in services.counts_by_status(call=services.current_call())
    }
    assert counts["received"] == 1
    assert HostApplication.objects.count() == 1
