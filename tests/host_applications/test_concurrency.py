"""Many institutions submitting at once, and two committee members deciding at once
(PostgreSQL row locks; threads each with their own client and database connection)."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from wagtail.models import TaskState

from factories.host_applications import application_data
from home.models import OutboxEmail
from host_applications.models import ApplicationStatus, HostApplication

from .conftest import act, make_user, workflow_action_url_for

CLIENTS = 10
SUBMISSIONS = 300

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks under concurrency are tested on PostgreSQL")


def run_threads(count, work):
    """Run work(n) in `count` threads; returns the exceptions they raised."""
    errors = []

    def worker(n):
        try:
            work(n)
        except Exception as error:  # reported by the caller's assertion
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def test_three_hundred_submissions_from_ten_clients(call, settings):
    settings.HOST_APPLICATION_RATE_LIMIT = SUBMISSIONS * 2  # every client is 127.0.0.1
    per_client = SUBMISSIONS // CLIENTS
    barrier = threading.Barrier(CLIENTS)
    failures = []

    def work(n):
        client = Client()
        barrier.wait(timeout=30)
        location = ""
        for i in range(per_client):
            number = n * per_client + i
            response = client.post(
                call.url,
                application_data(
                    institution_name=f"École {number}", contact_email=f"ecole{number}@example.org"
                ),
            )
            location = response.get("Location", "")
            if response.status_code != 302 or "/candidature/suivi/" not in location:
                failures.append((number, response.status_code))
        # Each visitor's status page thanks them (the messages of every submission they made).
        page = client.get(location).content.decode()
        if page.count("a bien été reçue") != per_client:
            failures.append((n, "thanks", page.count("a bien été reçue")))

    errors = run_threads(CLIENTS, work)

    assert errors == []
    assert failures == []
    applications = HostApplication.objects.filter(edition=call.get_parent())
    assert applications.count() == SUBMISSIONS
    numbers = sorted(applications.values_list("number", flat=True))
    assert numbers == list(range(1, SUBMISSIONS + 1))
    assert len(set(applications.values_list("reference", flat=True))) == SUBMISSIONS
    assert all(app.current_workflow_state is not None for app in applications)
    receipts = OutboxEmail.objects.filter(to__endswith="@example.org", subject__contains="reçue")
    assert receipts.count() == SUBMISSIONS
    assert not receipts.filter(sent_at__isnull=True).exists()
    assert len(mail.outbox) == SUBMISSIONS


@pytest.mark.parametrize("actions", [("approve", "approve"), ("approve", "decline")])
def test_two_committee_members_decide_at_once(
    call, submit, communications, django_user_model, actions
):
    members = [make_user(django_user_model, f"membre{n}", "Comité de sélection") for n in (1, 2)]
    application, _token = submit()
    act(application, communications, "approve")
    OutboxEmail.objects.all().delete()
    mail.outbox.clear()
    url = {action: workflow_action_url_for(application, action) for action in set(actions)}
    barrier = threading.Barrier(2)
    pages = {}

    def work(n):
        client = Client()
        client.force_login(members[n])
        barrier.wait(timeout=30)
        response = client.post(url[actions[n]], {"comment": f"Décision {n}"}, follow=True)
        pages[n] = (response.status_code, response.content.decode())

    errors = run_threads(2, work)

    assert errors == []
    assert [status for status, _html in pages.values()] == [200, 200]
    application.refresh_from_db()
    decided = list(
        TaskState.objects.for_instance(application).filter(
            task__name="Décision du comité de sélection"
        )
    )
    assert len(decided) == 1 and decided[0].status in ("approved", "rejected")
    winner = int(decided[0].comment.rsplit(" ", 1)[1])
    expected = {"approve": ApplicationStatus.SELECTED, "decline": ApplicationStatus.REJECTED}
    assert application.status == expected[actions[winner]]
    assert application.live == (application.status == ApplicationStatus.SELECTED)
    decisions = OutboxEmail.objects.filter(to="amelie.roy@example.org")
    assert decisions.count() == 1
    # The other reviewer is told, whether their request was already under way or came after.
    loser_html = pages[1 - winner][1]
    assert (
        "Une autre personne vient de se prononcer sur cette candidature" in loser_html
        or "n&#x27;est pas en attente de modération" in loser_html
    )


def test_two_candidatures_approved_at_once_make_one_host(
    call, submit, communications, django_user_model
):
    """Two committee members each give the final approval to a different candidature of the
    same edition at the same moment: one becomes the host, the other is refused."""
    members = [make_user(django_user_model, f"membre{n}", "Comité de sélection") for n in (1, 2)]
    applications = [
        submit(contact_email=f"milieu{n}@example.org", institution_name=f"École {n}")[0]
        for n in (1, 2)
    ]
    for application in applications:
        act(application, communications, "approve")
    urls = [workflow_action_url_for(application, "approve") for application in applications]
    barrier = threading.Barrier(2)
    pages = {}

    def work(n):
        client = Client()
        client.force_login(members[n])
        barrier.wait(timeout=30)
        response = client.post(urls[n], {"comment": f"Choix {n}"}, follow=True)
        pages[n] = (response.status_code, response.content.decode())

    errors = run_threads(2, work)

    assert errors == []
    assert [status for status, _html in pages.values()] == [200, 200]
    statuses = sorted(
        HostApplication.objects.filter(pk__in=[a.pk for a in applications]).values_list(
            "status", flat=True
        )
    )
    assert statuses.count(ApplicationStatus.SELECTED) == 1, statuses
    for application in applications:
        application.refresh_from_db()
    (loser,) = [n for n, a in enumerate(applications) if a.status != ApplicationStatus.SELECTED]
    assert "a déjà un milieu hôte" in pages[loser][1]


@pytest.mark.parametrize("clients", [2, 10])
def test_identical_candidatures_sent_at_the_same_moment_make_one(call, settings, clients):
    """A double click, or ten tabs: one candidature, and the others are told it was already
    received (issue 25, item 1). The link is resent at most once (item 2)."""
    settings.HOST_APPLICATION_RATE_LIMIT = clients * 2
    barrier = threading.Barrier(clients)
    answers = {}

    def work(n):
        client = Client()
        barrier.wait(timeout=30)
        response = client.post(call.url, application_data())
        answers[n] = (response.status_code, response.get("Location", ""), response.content)

    errors = run_threads(clients, work)

    assert errors == []
    applications = HostApplication.objects.filter(edition=call.get_parent())
    assert applications.count() == 1
    (application,) = applications
    created = [n for n, (status, location, _html) in answers.items() if "/suivi/" in location]
    assert len(created) == 1
    for n, (status, _location, html) in answers.items():
        if n not in created:
            text = html.decode()
            assert status == 200 and "Nous avons déjà cette candidature" in text
            assert application.reference not in text
    receipts = OutboxEmail.objects.filter(to="amelie.roy@example.org")
    assert receipts.filter(subject__contains="reçue").count() == 1
    assert receipts.filter(subject__startswith="Votre lien privé").count() == 1
