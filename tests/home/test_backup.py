"""A backup restores the whole site: every row, every file, pages, links and search.

The test database is SQLite or PostgreSQL (CI runs both): the same test covers SQLite →
SQLite and PostgreSQL → PostgreSQL. The dump is the same JSON either way.
"""

import json
import re
import stat
import tarfile
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page, Revision, TaskState, WorkflowState

from communities import services as communities
from factories.site import build_site
from home import backup
from home.models import OutboxEmail
from host_applications import services as candidatures
from host_applications.models import ApplicationFile, HostApplication

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def fingerprint():
    """Every dumped row's fields, by model and id; content types and permissions (which each
    database numbers its own way) by natural key."""
    rows = {}
    for model in backup.dumped_models():
        label = model._meta.label
        objects = serializers.serialize(
            "python",
            model._base_manager.order_by(model._meta.pk.name),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=label in ("contenttypes.ContentType", "auth.Permission"),
        )
        if label in ("contenttypes.ContentType", "auth.Permission"):
            rows[label] = sorted(json.dumps(obj["fields"], sort_keys=True) for obj in objects)
        else:
            rows[label] = {obj["pk"]: obj["fields"] for obj in objects}
    return rows


def stored_files():
    return {
        alias: {
            name: storages[alias].open(name).read()
            for name in backup.storage_files(storages[alias])
        }
        for alias in ("default", "private")
    }


def wipe():
    with backup.flushable(using="default"):
        call_command("flush", interactive=False, verbosity=0)
    for alias in ("default", "private"):
        for name in list(backup.storage_files(storages[alias])):
            storages[alias].delete(name)
    assert not Page.objects.exists()
    assert stored_files() == {"default": {}, "private": {}}


def visit(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return CSRF.sub("", response.content.decode())


@pytest.fixture
def site(home_page, private_storage):
    yield build_site(home_page)
    # The test's transaction rolls the restored content types back to their old ids.
    ContentType.objects.clear_cache()


def test_a_backup_restores_everything(site, client, tmp_path):
    scored, scored_token = site.candidatures["scored"]
    mine = site.registrations["mine"]
    mine_token = communities.token_of(mine)
    urls = [
        "/",
        site.pages["about"].url,
        site.pages["news"].url,
        site.pages["drawn"].url,
        site.pages["first_come"].url,
        "/recherche/?q=réseautage",
        candidatures.status_url(application=scored, token=scored_token),
        communities.registration_url(registration=mine, token=mine_token),
    ]
    before_pages = {url: visit(client, url) for url in urls}
    assert "réseautage" in before_pages["/recherche/?q=réseautage"]
    assert scored.reference in before_pages[urls[6]]
    before_rows = fingerprint()
    before_files = stored_files()
    assert len(before_files["private"]) == 4
    assert any(name.startswith("original_images/") for name in before_files["default"])
    assert any(name.startswith("documents/") for name in before_files["default"])

    path = tmp_path / "site.tar.gz"
    out = StringIO()
    call_command("backup", "--output", str(path), stdout=out)
    assert "4 fichiers privés" in out.getvalue()  # in French, the default language
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with tarfile.open(path) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["counts"]["host_applications.HostApplication"] == 3
    assert manifest["counts"]["communities.Registration"] == 6
    assert "wagtailsearch.IndexEntry" not in manifest["counts"]
    assert set(manifest["files"]["private"]) == set(before_files["private"])

    wipe()
    call_command("restore", str(path), "--noinput", stdout=StringIO())

    after_rows = fingerprint()
    changed = {
        (label, pk, name): (fields.get(name), after_rows[label].get(pk, {}).get(name))
        for label, rows in before_rows.items()
        if isinstance(rows, dict)
        for pk, fields in rows.items()
        for name in fields
        if fields.get(name) != after_rows[label].get(pk, {}).get(name)
    }
    assert not changed
    assert after_rows == before_rows
    assert stored_files() == before_files
    for url, html in before_pages.items():
        assert visit(client, url) == html, url

    # Revisions, drafts and moderation as they were.
    about = Page.objects.get(pk=site.pages["about"].pk).specific
    assert about.has_unpublished_changes
    assert about.get_latest_revision_as_object().intro == "Brouillon pas encore publié."
    scored = HostApplication.objects.get(pk=scored.pk)
    assert scored.status == "screened"
    assert scored.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert Revision.objects.for_instance(scored).count() == 1
    assert TaskState.objects.for_instance(site.partner).get().status == "in_progress"
    declined = HostApplication.objects.get(pk=site.candidatures["declined"][0].pk)
    assert declined.status == "rejected"
    # Files open through their rows.
    attachment = ApplicationFile.objects.filter(application=scored).first()
    assert attachment.file.read() == before_files["private"][attachment.file.name]
    # New rows get new ids (PostgreSQL sequences were reset after the load).
    email = OutboxEmail.objects.create(to="x@example.org", subject="s", body="b")
    assert email.pk > max(before_rows["home.OutboxEmail"])


def test_restore_refuses_other_migrations(site, tmp_path):
    path = tmp_path / "site.tar.gz"
    call_command("backup", "--output", str(path), stdout=StringIO())
    MigrationRecorder.Migration.objects.filter(app="home").order_by("-name").first().delete()
    with pytest.raises(CommandError, match=r"other migrations.*\n.*home \(only in the backup\)"):
        call_command("restore", str(path), "--noinput", stdout=StringIO())
    assert Page.objects.filter(pk=site.pages["about"].pk).exists()


def test_restore_refuses_a_damaged_archive(site, tmp_path):
    path = tmp_path / "site.tar.gz"
    call_command("backup", "--output", str(path), stdout=StringIO())
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(path) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name.startswith("private/"):
                data = data + b"!"
                member.size = len(data)
            target.addfile(member, ContentFile(data))
    with pytest.raises(CommandError, match="checksum differs"):
        call_command("restore", str(damaged), "--noinput", stdout=StringIO())
    assert HostApplication.objects.count() == 3


def test_restore_asks_before_replacing(site, tmp_path, monkeypatch):
    path = tmp_path / "site.tar.gz"
    call_command("backup", "--output", str(path), stdout=StringIO())
    monkeypatch.setattr("builtins.input", lambda question: "non")
    with pytest.raises(CommandError, match=r"Restauration annulée|Restore cancelled"):
        call_command("restore", str(path), stdout=StringIO())
    assert HostApplication.objects.count() == 3


def test_every_exclusion_names_something_installed():
    """A label that names nothing (an app renamed, a typo) would silently back up what it
    was meant to leave out: the task queue did, under ``django_tasks_db`` (issue 25)."""
    from django.apps import apps

    for label in backup.EXCLUDED:
        if "." in label:
            apps.get_model(label)  # LookupError: names no installed model
        else:
            assert list(apps.get_app_config(label).get_models()), label
    assert DBTaskResult in backup.excluded_models()


def queue_email_task():
    """An email waiting in the outbox, and its task waiting in the database queue (the row
    django-tasks-db's backend writes on enqueue)."""
    email = OutboxEmail.objects.create(to="x@example.org", subject="s", body="b")
    DBTaskResult.objects.create(
        task_path="home.tasks.send_outbox_email",
        args_kwargs={"args": [email.pk], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
    )


def test_the_task_queue_is_left_out_and_not_replayed(site, tmp_path):
    queue_email_task()
    assert DBTaskResult.objects.filter(status="READY").exists()

    path = tmp_path / "site.tar.gz"
    call_command("backup", "--output", str(path), stdout=StringIO())
    with tarfile.open(path) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        rows = json.load(tar.extractfile("database.json"))
    assert not [row for row in rows if row["model"].startswith("django_tasks_database.")]
    assert "django_tasks_database.DBTaskResult" not in manifest["counts"]
    assert "home.Counter" not in manifest["counts"]

    call_command("restore", str(path), "--noinput", stdout=StringIO())
    assert not DBTaskResult.objects.exists()  # nothing to run again
    assert OutboxEmail.objects.filter(to="x@example.org", sent_at__isnull=True).exists()


def test_an_older_archive_with_the_task_queue_does_not_replay_it(site, tmp_path, monkeypatch):
    queue_email_task()
    path = tmp_path / "old.tar.gz"
    # As backups were made before issue 25: the queue's label named no app.
    monkeypatch.setattr(
        backup, "EXCLUDED", tuple(label for label in backup.EXCLUDED if "tasks" not in label)
    )
    call_command("backup", "--output", str(path), stdout=StringIO())
    monkeypatch.undo()
    with tarfile.open(path) as tar:
        assert json.load(tar.extractfile("manifest.json"))["counts"][
            "django_tasks_database.DBTaskResult"
        ]

    call_command("restore", str(path), "--noinput", stdout=StringIO())
    assert not DBTaskResult.objects.exists()
    assert HostApplication.objects.count() == 3
