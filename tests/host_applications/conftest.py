import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from colloque.models import EditionStatus
from factories.colloque import ColloqueIndexPageFactory, EditionPageFactory
from factories.host_applications import (
    PDF_BYTES,
    HostCallPageFactory,
    SelectionCriterionFactory,
    application_data,
)
from host_applications import services


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path, monkeypatch):
    from django.core.files.storage import storages

    from host_applications.models import ApplicationFile

    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    storages._storages.pop("private", None)  # rebuilt from the new settings
    # The field keeps the storage it was given at import: pointed at the test's own too.
    monkeypatch.setattr(ApplicationFile._meta.get_field("file"), "storage", storages["private"])
    yield
    storages._storages.pop("private", None)


@pytest.fixture
def edition(home_page):
    series = ColloqueIndexPageFactory(parent=home_page)
    return EditionPageFactory(
        parent=series,
        year=2026,
        status=EditionStatus.LOOKING_FOR_HOST,
        start_date=datetime.date(2026, 11, 19),
        end_date=datetime.date(2026, 11, 20),
    )


@pytest.fixture
def call(edition):
    page = HostCallPageFactory(parent=edition)
    for title, weight in (("Capacité", 60), ("Accessibilité", 40)):
        SelectionCriterionFactory(call=page, title=title, weight=weight)
    return page


@pytest.fixture
def criteria(call):
    return list(call.criteria.all())


def make_user(django_user_model, username, group):
    user = django_user_model.objects.create_user(
        username=username, password="pw", email=f"{username}@example.org"
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def communications(django_user_model):
    return make_user(django_user_model, "sophie", "Communications")


@pytest.fixture
def committee(django_user_model):
    return make_user(django_user_model, "louis", "Comité de sélection")


@pytest.fixture
def facilitator(django_user_model):
    return make_user(django_user_model, "anim", "Animation")


def pdf(name="plan.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def submit(call):
    """Submit through the service, as the public form does; returns (application, token)."""

    def _submit(**overrides):
        from host_applications.forms import HostApplicationForm

        form = HostApplicationForm(application_data(**overrides))
        assert form.is_valid(), form.errors
        return services.submit_application(
            call=call, data=form.cleaned_data, files=[], language="fr-ca"
        )

    return _submit


def act(application, user, action, comment=""):
    application.refresh_from_db()
    task_state = application.current_workflow_task_state
    task_state.task.specific.on_action(task_state, user, action, comment=comment)
    application.refresh_from_db()
    return application


def workflow_action_url_for(application, action):
    """The admin's URL for a workflow action on the candidature's current step."""
    from django.urls import reverse

    application.refresh_from_db()
    return reverse(
        "wagtailsnippets_host_applications_hostapplication:workflow_action",
        args=[application.pk, action, application.current_workflow_task_state.pk],
    )
