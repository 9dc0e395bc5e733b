"""One person across years: their registrations and candidatures found by address, records
of the same person under another address or spelling merged, then the export or erasure on
request finds them all."""

import io
import json
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from communities import services as community_services
from communities.models import Registration
from factories.colloque import ColloqueIndexPageFactory, EditionPageFactory
from factories.communities import CommunityIndexPageFactory, create_community, person
from factories.home import UserFactory
from factories.host_applications import HostCallPageFactory, application_data
from home.personal_data import find_personal_data
from host_applications import services as candidature_services
from host_applications.forms import HostApplicationForm
from host_applications.models import HostApplication

pytestmark = pytest.mark.django_db

URL = reverse("admin_people")


def register(community, n, **answers):
    return community_services.register(
        community=community, data=person(n, **answers), language="fr-ca"
    ).registration


@pytest.fixture
def amelie(home_page):
    """Amélie Roy: two registrations (the address typed in capitals once), one more under her
    school address spelled without the accent, and a candidature as a school's contact."""
    index = CommunityIndexPageFactory(parent=home_page)
    first = create_community(index, slug="lecture", title="Lire ensemble")
    second = create_community(index, slug="theatre", title="Théâtre à l’école")
    third = create_community(index, slug="danse", title="Danser")
    registrations = [
        register(first, 1, name="Amélie Roy", email="amelie.roy@example.org"),
        register(second, 2, name="Amélie  Roy", email="Amelie.Roy@Example.org"),
        register(third, 3, name="Amelie Roy", email="a.roy@ecole.qc.ca"),
        register(first, 4, name="Bruno Côté", email="bruno@example.org"),
    ]
    series = ColloqueIndexPageFactory(parent=home_page)
    edition = EditionPageFactory(parent=series, year=2026, status="host-call")
    call = HostCallPageFactory(parent=edition)
    form = HostApplicationForm(
        application_data(contact_name="AMÉLIE ROY", contact_email="direction@ecole.qc.ca")
    )
    assert form.is_valid(), form.errors
    application, _token = candidature_services.submit_application(
        call=call, data=form.cleaned_data, files=[], language="fr-ca"
    )
    return registrations, application


def lookup(client, email="amelie.roy@example.org"):
    return client.post(URL, {"email": email, "action": "lookup"}).content.decode()


def test_a_person_is_found_across_communities_and_editions(admin_client, amelie):
    (first, _second, school, _bruno), application = amelie
    html = lookup(admin_client, "AMELIE.ROY@example.org")
    found, near = html.split("Même nom, autre adresse")
    assert "Lire ensemble" in found and "Théâtre à l’école" in found
    assert "Danser" in near and application.reference in near
    assert "Bruno" not in html
    assert reverse("registrations:inspect", args=[first.pk]) in found
    # Found records are ticked; the look-alikes wait for someone to say they are hers.
    assert f'value="registrations:{first.pk}" id="record-registrations:{first.pk}" checked' in (
        found
    )
    assert f'value="registrations:{school.pk}" id="record-registrations:{school.pk}">' in near
    assert "amelie.roy@example.org" not in reverse("admin_people")  # never in a URL


def test_merging_gives_every_record_one_address_and_name(admin_client, amelie):
    (first, second, school, bruno), application = amelie
    response = admin_client.post(
        URL,
        {
            "email": "amelie.roy@example.org",
            "action": "merge",
            "merge_email": "amelie.roy@example.org",
            "merge_name": "Amélie Roy",
            "record": [
                f"registrations:{first.pk}",
                f"registrations:{second.pk}",
                f"registrations:{school.pk}",
                f"candidatures:{application.pk}",
            ],
        },
    )
    assert "3 fiches portent maintenant cette adresse et ce nom." in response.content.decode()
    for registration in (first, second, school):
        registration.refresh_from_db()
        assert (registration.email, registration.name) == ("amelie.roy@example.org", "Amélie Roy")
    application.refresh_from_db()
    assert (application.contact_email, application.contact_name) == (
        "amelie.roy@example.org",
        "Amélie Roy",
    )
    # The editor opens the latest version: it says the same.
    assert application.get_latest_revision_as_object().contact_email == "amelie.roy@example.org"
    assert Registration.objects.get(pk=bruno.pk).email == "bruno@example.org"
    entry = ModelLogEntry.objects.for_instance(school).get(action="communities.merged")
    assert entry.user.is_superuser and "a.roy" not in json.dumps(entry.data)
    assert (
        ModelLogEntry.objects.for_instance(application)
        .filter(action="host_applications.merged")
        .exists()
    )
    # The export and erasure on request now find all of it under one address.
    held = find_personal_data(email="amelie.roy@example.org")
    assert {r.pk for r in held.registrations} == {first.pk, second.pk, school.pk}
    assert [a.pk for a in held.candidatures] == [application.pk]
    html = lookup(admin_client)
    assert "Même nom, autre adresse" not in html
    assert "Ces fiches s’accordent déjà sur l’adresse et le nom." in html


def test_export_and_erasure_are_offered_to_those_allowed(admin_client, client, amelie):
    html = lookup(admin_client)
    assert reverse("personal_data") in html and 'value="export"' in html
    response = admin_client.post(
        reverse("personal_data"), {"email": "amelie.roy@example.org", "action": "export"}
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    document = archive.read("donnees-personnelles.json").decode()
    assert "Lire ensemble" in document and "Théâtre à l’école" in document
    client.force_login(UserFactory(group="Animation"))
    assert 'value="export"' not in lookup(client)


def test_two_registrations_under_way_in_one_community_are_not_merged(admin_client, amelie):
    (first, _second, _school, bruno), _application = amelie
    html = admin_client.post(
        URL,
        {
            "email": "amelie.roy@example.org",
            "action": "merge",
            "merge_email": "amelie.roy@example.org",
            "merge_name": "Amélie Roy",
            "record": [f"registrations:{bruno.pk}", f"registrations:{first.pk}"],
        },
    ).content.decode()
    assert "Deux inscriptions en cours à « Lire ensemble » partageraient cette adresse" in (
        html.replace("\xa0", " ")
    )
    assert Registration.objects.get(pk=bruno.pk).email == "bruno@example.org"


def test_each_group_sees_what_it_may_read(client, amelie):
    (_first, _second, _school, _bruno), application = amelie
    client.force_login(UserFactory(group="Animation"))
    html = lookup(client)
    assert "Lire ensemble" in html and application.reference not in html
    # A crafted merge of records it may not read changes nothing.
    client.post(
        URL,
        {
            "email": "amelie.roy@example.org",
            "action": "merge",
            "merge_email": "x@example.org",
            "merge_name": "X",
            "record": [f"candidatures:{application.pk}"],
        },
    )
    assert HostApplication.objects.get(pk=application.pk).contact_name == "AMÉLIE ROY"
    for group in ("Communications", "Comité de sélection"):
        client.force_login(UserFactory(group=group))
        assert "Rien de ce que vous pouvez consulter" in lookup(client)
        html = lookup(client, "direction@ecole.qc.ca")
        assert application.reference in html and "Lire ensemble" not in html


def test_reading_records_is_not_changing_them(client, amelie):
    """A user who may only read registrations finds them but cannot merge them."""
    (first, second, _school, _bruno), _application = amelie
    reader = UserFactory()
    reader.user_permissions.add(
        Permission.objects.get(codename="view_registration"),
        Permission.objects.get(codename="access_admin"),
    )
    client.force_login(reader)
    assert "Lire ensemble" in lookup(client)
    response = client.post(
        URL,
        {
            "email": "amelie.roy@example.org",
            "action": "merge",
            "merge_email": "x@example.org",
            "merge_name": "X",
            "record": [f"registrations:{first.pk}", f"registrations:{second.pk}"],
        },
    )
    assert "Vous ne pouvez pas modifier certaines de ces fiches." in response.content.decode()
    assert {Registration.objects.get(pk=r.pk).name for r in (first, second)} == {
        first.name,
        second.name,
    }


def test_a_lookup_costs_the_same_for_one_record_or_many(admin_client, home_page):
    index = CommunityIndexPageFactory(parent=home_page)
    one = create_community(index, slug="une")
    register(one, 1, email="lea@example.org", name="Léa")
    register(one, 2, email="lea-ecole@example.org", name="Lea")  # one of each kind
    data = {"email": "lea@example.org", "action": "lookup"}
    admin_client.post(URL, data)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert "Léa" in admin_client.post(URL, data).content.decode()
        return len(captured)

    first = queries()
    for n in range(12):
        community = create_community(index, slug=f"autre-{n}", capacity_max=20)
        register(community, 1, email="lea@example.org", name="Léa")
        register(community, 2, email=f"lea{n}@example.org", name="Lea")
    assert queries() == first
