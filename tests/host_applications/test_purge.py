"""Law 25 retention: personal data of candidatures not selected is erased after a delay."""

import datetime
import io

import pytest
from django.core.management import call_command
from wagtail.models import TaskState

from home.models import OutboxEmail
from host_applications.models import HostApplication

from .conftest import act, pdf

pytestmark = pytest.mark.django_db


def run_purge(*args):
    out = io.StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def past_edition(edition):
    edition.end_date = datetime.date.today() - datetime.timedelta(days=400)
    edition.start_date = edition.end_date
    edition.save_revision().publish()
    return edition


def test_purge_erases_not_selected_candidatures_after_the_delay(
    submit, communications, committee, past_edition, settings, django_capture_on_commit_callbacks
):
    from host_applications.services import attachments

    kept, _ = submit(institution_name="Retenue", contact_email="retenue@example.org")
    rejected, _ = submit()
    attachments._save_files(rejected, [pdf("plan.pdf")])
    stored = rejected.files.get().file.name
    act(rejected, communications, "decline", comment="Madame Roy nous a dit que…")
    act(kept, communications, "approve")
    act(kept, committee, "approve")

    dry = run_purge("--dry-run")
    assert rejected.reference in dry and kept.reference not in dry
    assert HostApplication.objects.get(pk=rejected.pk).contact_email == "amelie.roy@example.org"

    with django_capture_on_commit_callbacks(execute=True):  # files go once the rows have
        output = run_purge()
    assert f"{rejected.reference}" in output
    assert "1 candidature" in output
    rejected.refresh_from_db()
    assert rejected.personal_data_purged_at is not None
    assert rejected.contact_name == rejected.contact_email == rejected.motivation == ""
    assert (
        rejected.institution_name == "École secondaire du Plateau"
    )  # an institution is not a person
    assert not rejected.files.exists()
    from django.core.files.storage import storages

    assert not storages["private"].exists(stored)
    for revision in rejected.revisions.all():
        assert "amelie.roy" not in str(revision.content)
    assert not TaskState.objects.for_instance(rejected).exclude(comment="").exists()
    assert (
        not OutboxEmail.objects.filter(to="amelie.roy@example.org").exclude(sent_at=None).exists()
    )
    kept.refresh_from_db()
    assert kept.contact_email == "retenue@example.org"

    # Idempotent: nothing left to do.
    assert "Aucune candidature" in run_purge()


def test_recent_editions_are_kept(submit, communications):
    application, _ = submit()
    act(application, communications, "decline")
    assert "Aucune candidature" in run_purge()
    application.refresh_from_db()
    assert application.contact_email == "amelie.roy@example.org"


def test_the_delay_is_a_setting(submit, communications, edition, settings):
    edition.end_date = datetime.date.today() - datetime.timedelta(days=10)
    edition.save_revision().publish()
    application, _ = submit()
    act(application, communications, "decline")
    settings.HOST_APPLICATION_RETENTION_DAYS = 5
    assert application.reference in run_purge()
