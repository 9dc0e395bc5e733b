"""Attachments are never left on disk without a row (issue 25, item 4): a database failure
mid-submission removes what was written, and the retention purge sweeps older strays."""

import datetime
import io
import os

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client

from factories.host_applications import application_data
from home.backup import storage_files
from host_applications import services
from host_applications.forms import HostApplicationForm
from host_applications.models import ApplicationFile, HostApplication
from host_applications.services import attachments, submission

from .conftest import act, pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage")]


def private_files():
    return list(storage_files(storages["private"]))


def fail_when_logging(monkeypatch):
    """The database goes away after the files were written, before the transaction ends."""

    def log(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    # Submission and changes look the log up in their own module.
    monkeypatch.setattr(submission, "log", log)


def cleaned(**overrides):
    form = HostApplicationForm(application_data(**overrides))
    assert form.is_valid(), form.errors
    return form.cleaned_data


def test_a_failed_submission_leaves_no_file(call, monkeypatch):
    fail_when_logging(monkeypatch)
    with pytest.raises(OperationalError):
        services.submit_application(
            call=call,
            data=cleaned(),
            files=[pdf("plan.pdf"), pdf("photos.pdf")],
            language="fr-ca",
        )
    assert not HostApplication.objects.exists()
    assert not ApplicationFile.objects.exists()
    assert private_files() == []


def test_a_failed_submission_through_the_form_leaves_no_file(call, monkeypatch):
    fail_when_logging(monkeypatch)
    client = Client(raise_request_exception=False)
    data = application_data()
    data["attachments"] = [pdf("plan.pdf")]
    response = client.post(call.url, data)
    assert response.status_code == 500
    assert not HostApplication.objects.exists()
    assert private_files() == []


def test_failed_changes_leave_no_new_file_and_keep_the_old_ones(
    submit, communications, monkeypatch
):
    application, _token = submit()
    attachments._save_files(application, [pdf("plan.pdf")])
    kept = private_files()
    act(application, communications, "reject", comment="Un plan de plus, svp")
    fail_when_logging(monkeypatch)
    with pytest.raises(OperationalError):
        services.resubmit_application(
            application=application,
            data={name: getattr(application, name) for name in services.APPLICANT_FIELDS},
            files=[pdf("second-plan.pdf")],
        )
    assert private_files() == kept
    assert application.files.count() == 1


def age(name, hours):
    path = storages["private"].path(name)
    moment = (datetime.datetime.now() - datetime.timedelta(hours=hours)).timestamp()
    os.utime(path, (moment, moment))


def test_the_purge_sweeps_files_no_row_owns(submit):
    application, _token = submit()
    attachments._save_files(application, [pdf("plan.pdf")])
    owned = application.files.get().file.name
    storage = storages["private"]
    stray = storage.save("host-applications/1/perdu.pdf", io.BytesIO(b"%PDF-1.4 perdu %%EOF"))
    fresh = storage.save("host-applications/1/en-cours.pdf", io.BytesIO(b"%PDF-1.4 %%EOF"))
    age(owned, 48)
    age(stray, 2)
    # A submission in progress writes its files before its rows commit: an hour's grace.
    age(fresh, 0)

    out = io.StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert "1 fichier sans candidature" in out.getvalue()
    assert storage.exists(stray)

    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "1 fichier sans candidature supprimé" in out.getvalue()
    assert not storage.exists(stray)
    assert storage.exists(owned) and storage.exists(fresh)
    assert application.files.get().file.read().startswith(b"%PDF")
