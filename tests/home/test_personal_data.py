"""A person's data on request (Law 25): export everything held about an address, erase it."""

import io
import json
import stat
import zipfile
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from wagtail.models import ModelLogEntry, Revision, TaskState

from communities.models import Registration, SessionReminder
from factories.home import UserFactory
from factories.site import build_site
from home import backup, personal_data
from home.models import OutboxEmail, PersonalDataErasure, User
from host_applications import personal_data as candidature_data
from host_applications import services as candidatures
from host_applications.models import ApplicationFile

pytestmark = pytest.mark.django_db

EMAIL = "Amelie.ROY@example.org"  # as the person writes it today
URL = "/admin/donnees-personnelles/"


@pytest.fixture
def site(home_page, private_storage):
    return build_site(home_page)


def everything_in_the_database():
    """The whole database as the backup writes it, plus the search index, as lower-case text."""
    from wagtail.search.models import IndexEntry

    stream = io.BytesIO()
    backup._dump_database(stream, using="default")
    index = json.dumps(list(IndexEntry.objects.values("title", "body", "autocomplete")))
    return (stream.getvalue().decode() + index).casefold()


def read_zip(content):
    archive = zipfile.ZipFile(io.BytesIO(content))
    document = json.loads(archive.read("donnees-personnelles.json"))
    files = {
        name: archive.read(name) for name in archive.namelist() if name.startswith("fichiers/")
    }
    return document, files


def test_export_holds_every_record_and_file_of_the_address_and_nothing_of_others(site):
    scored, declined = site.candidatures["scored"][0], site.candidatures["declined"][0]
    document, files = read_zip(personal_data.export_bytes(email=EMAIL))

    assert document["Adresse courriel"] == "amelie.roy@example.org"
    applications = document["Candidatures de milieu hôte"]
    assert [row["Référence"] for row in applications] == [scored.reference, declined.reference]
    first = applications[0]
    assert first["Courriel"] == "amelie.roy@example.org"
    assert first["Motivation"] == "Nos élèves d'Amélie adorent la scène."
    assert first["Évaluations"][0]["Commentaire général"] == "Solide."
    assert {score["Note sur 5"] for score in first["Évaluations"][0]["Notes"]} == {3, 4}
    assert "Dossier complet, Amélie Roy." in [
        step["Commentaire"] for step in first["Étapes de modération"]
    ]
    assert first["Versions"][0]["Courriel"] == "amelie.roy@example.org"
    # Every file the person sent, with its bytes.
    expected = {
        candidature_data.attachment_path(application, attachment).replace("files", "fichiers", 1): (
            attachment.file.open("rb").read()
        )
        for application in (scored, declined)
        for attachment in application.files.all()
    }
    assert len(expected) == 3 and files == expected

    registrations = document["Inscriptions aux communautés"]
    assert {row["Communauté"] for row in registrations} == {"Communauté tirage", "Lecture plaisir"}
    drawn = next(row for row in registrations if row["Communauté"] == "Communauté tirage")
    assert drawn["Tirage au sort"]["Graine"] == 7
    mine = next(row for row in registrations if row["Communauté"] == "Lecture plaisir")
    assert len(mine["Rappels de séance"]) == 1
    sent = OutboxEmail.objects.filter(to__iexact="amelie.roy@example.org").count()
    assert sent >= 4 and len(document["Courriels envoyés ou en attente"]) == sent
    assert [user["Nom d’utilisateur"] for user in document["Comptes d’utilisateur"]] == ["amelie"]

    text = json.dumps(document, ensure_ascii=False).casefold()
    for other in ("marc.tremblay@example.org", "personne1@example.org", "école jean-talon"):
        assert other not in text


def test_erasure_removes_the_address_everywhere_and_leaves_others(
    site, django_capture_on_commit_callbacks
):
    scored, scored_token = site.candidatures["scored"]
    declined = site.candidatures["declined"][0]
    other = site.candidatures["other"][0]
    mine_files = [
        a.file.name for a in ApplicationFile.objects.filter(application__in=[scored, declined])
    ]
    other_files = [a.file.name for a in other.files.all()]
    others_emails = OutboxEmail.objects.exclude(to__iexact="amelie.roy@example.org").count()
    assert "amelie.roy@example.org" in everything_in_the_database()

    with django_capture_on_commit_callbacks(execute=True):  # files go once the rows have
        erasure = personal_data.erase_personal_data(email=EMAIL, by=site.users["communications"])

    assert "amelie.roy@example.org" not in everything_in_the_database()
    assert personal_data.find_personal_data(email=EMAIL).empty
    # Candidatures stay as the edition's record, anonymised; the open one is withdrawn.
    scored.refresh_from_db()
    declined.refresh_from_db()
    assert scored.status == "withdrawn" and declined.status == "rejected"
    for application in (scored, declined):
        assert application.personal_data_purged_at is not None
        assert application.contact_name == application.motivation == ""
        for revision in Revision.objects.for_instance(application):
            assert "amélie" not in json.dumps(revision.content, ensure_ascii=False).casefold()
        assert not TaskState.objects.for_instance(application).exclude(comment="").exists()
        for entry in ModelLogEntry.objects.for_instance(application):
            assert "comment" not in (entry.data or {})
    assert candidatures.find_by_token(call=site.pages["call"], token=scored_token) is None
    assert not ApplicationFile.objects.filter(application__in=[scored, declined]).exists()
    assert not any(storages["private"].exists(name) for name in mine_files)
    # Registrations deleted; the seat went on; the draw still replays.
    assert not Registration.objects.filter(email__iexact="amelie.roy@example.org").exists()
    assert not SessionReminder.objects.exists()
    assert Registration.objects.count() == 4
    # Accounts anonymised, not deleted.
    account = User.objects.get(pk=site.users["amelie"].pk)
    assert (account.username, account.email, account.is_active) == (
        f"efface-{account.pk}",
        "",
        False,
    )
    assert not account.has_usable_password()
    # Others untouched.
    other.refresh_from_db()
    assert (
        other.contact_email == "marc.tremblay@example.org" and other.personal_data_purged_at is None
    )
    assert all(storages["private"].exists(name) for name in other_files)
    assert OutboxEmail.objects.count() >= others_emails
    assert not OutboxEmail.objects.filter(to__iexact="amelie.roy@example.org").exists()
    # What is kept about the erasure: who, when, how much, a keyed hash.
    assert erasure.erased_by == site.users["communications"]
    assert erasure.email_digest == personal_data.email_digest("amelie.roy@example.org")
    assert erasure.counts["candidatures"] == 2 and erasure.counts["registrations"] == 2
    assert (
        "amelie"
        not in json.dumps(
            list(PersonalDataErasure.objects.values("email_digest", "erased_by_name", "counts"))
        ).casefold()
    )


def test_the_commands_export_and_erase(site, tmp_path, monkeypatch):
    path = tmp_path / "export.zip"
    out = StringIO()
    call_command("export_personal_data", EMAIL, "--output", str(path), stdout=out)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    document, files = read_zip(path.read_bytes())
    assert len(document["Candidatures de milieu hôte"]) == 2 and len(files) == 3
    assert "Candidatures de milieu hôte: 2" in out.getvalue()

    monkeypatch.setattr("builtins.input", lambda question: "non")
    with pytest.raises(CommandError):
        call_command("erase_personal_data", EMAIL, stdout=StringIO())
    assert not personal_data.find_personal_data(email=EMAIL).empty

    call_command("erase_personal_data", EMAIL, "--noinput", stdout=StringIO())
    assert personal_data.find_personal_data(email=EMAIL).empty
    assert PersonalDataErasure.objects.get().erased_by_name == "ligne de commande"
    out = StringIO()
    call_command("erase_personal_data", EMAIL, "--noinput", stdout=out)
    assert "Rien n’est conservé" in out.getvalue()


def test_the_admin_view_looks_up_exports_and_erases_after_confirmation(site, client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = client.post(URL, {"email": EMAIL, "action": "lookup"}).content.decode()
    assert "Candidatures de milieu hôte" in html and "Effacer…" in html
    assert 'name="confirm"' not in html

    response = client.post(URL, {"email": EMAIL, "action": "export"})
    assert response["Content-Type"] == "application/zip"
    document, files = read_zip(response.content)
    assert len(document["Inscriptions aux communautés"]) == 2 and len(files) == 3

    html = client.post(URL, {"email": EMAIL, "action": "confirm"}).content.decode()
    assert 'name="confirm"' in html
    # Without the box ticked, nothing happens.
    client.post(URL, {"email": EMAIL, "action": "erase"})
    assert not personal_data.find_personal_data(email=EMAIL).empty
    response = client.post(URL, {"email": EMAIL, "action": "erase", "confirm": "yes"}, follow=True)
    assert personal_data.find_personal_data(email=EMAIL).empty
    assert "a été effacé" in response.content.decode()


def test_only_superusers_and_permitted_groups_reach_the_view(site, client):
    communications = site.users["communications"]
    client.force_login(communications)
    # Wagtail turns a refusal in its admin into a redirect to the dashboard, with a message.
    for response in (
        client.get(URL),
        client.post(URL, {"email": EMAIL, "action": "erase", "confirm": "yes"}),
        client.post(URL, {"email": EMAIL, "action": "export"}),
    ):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not personal_data.find_personal_data(email=EMAIL).empty

    privacy = Group.objects.create(name="Responsable vie privée")
    privacy.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="manage_personal_data"),
    )
    officer = UserFactory(username="officer")
    officer.groups.add(privacy)
    client.force_login(officer)
    html = client.get(URL).content.decode()
    assert "Données personnelles" in html and 'name="email"' in html
    assert (
        client.post(URL, {"email": EMAIL, "action": "export"})["Content-Type"] == "application/zip"
    )


def test_csrf_is_required(site):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(URL, {"email": EMAIL, "action": "erase", "confirm": "yes"})
    assert response.status_code == 403
    assert not personal_data.find_personal_data(email=EMAIL).empty
