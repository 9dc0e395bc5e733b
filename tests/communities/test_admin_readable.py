"""Registrations read well in the admin: inspect view and exports (issue 20)."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from communities.models import Registration

from .conftest import register

pytestmark = pytest.mark.django_db

# 00:00 UTC on 5 March is 19:00 on 4 March in Montréal.
MIDNIGHT_UTC = datetime.datetime(2026, 3, 5, 0, 0, tzinfo=datetime.UTC)


@pytest.fixture
def registration(community):
    registration = register(community, 1, name="Alice Dubé").registration
    Registration.objects.filter(pk=registration.pk).update(
        submitted_at=MIDNIGHT_UTC,
        consented_at=MIDNIGHT_UTC,
        state_changed_at=MIDNIGHT_UTC,
        eligible=True,
        waitlist_position=None,
    )
    return Registration.objects.get(pk=registration.pk)


def inspect_fields(client, registration):
    html = client.get(reverse("registrations:inspect", args=[registration.pk])).content.decode()
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, re.S)
    return {
        re.sub(r"\s+", " ", label).strip(): re.sub(r"\s+", " ", value).strip()
        for label, value in pairs
    }


def test_inspect_shows_local_times_words_and_dashes(client, animation, registration):
    client.force_login(animation)
    fields = inspect_fields(client, registration)

    assert fields["Inscrit le"] == "4 mars 2026 à 19 h"  # spaces normalised
    assert fields["Admissible"] == "Oui"
    assert fields["Rang sur la liste d’attente"] == "—"
    assert "None" not in fields.values() and "True" not in fields.values()
    assert not any("token" in label.lower() or "hash" in label.lower() for label in fields)


def test_inspect_says_not_assessed_as_a_dash(client, animation, registration):
    Registration.objects.filter(pk=registration.pk).update(eligible=None)
    client.force_login(animation)
    assert inspect_fields(client, registration)["Admissible"] == "—"


def csv_rows(response):
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(content)))


def test_csv_export_has_local_iso_times_and_words(client, animation, registration):
    client.force_login(animation)
    (row,) = csv_rows(client.get(reverse("registrations:index"), {"export": "csv"}))

    assert row["Inscrit le"] == "2026-03-04T19:00:00-05:00"
    assert row["Admissible"] == "Oui"
    assert row["Rang sur la liste d’attente"] == ""
    assert row["Ordre d’enseignement"] == "Secondaire"


def test_csv_export_speaks_the_admin_users_language(client, animation, registration):
    profile = UserProfile.get_for_user(animation)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(animation)
    (row,) = csv_rows(client.get(reverse("registrations:index"), {"export": "csv"}))

    assert row["Registered at"] == "2026-03-04T19:00:00-05:00"
    assert row["Eligible"] == "Yes"
    assert row["School level"] == "Secondary"


def test_xlsx_export_has_real_local_datetimes(client, animation, registration):
    client.force_login(animation)
    response = client.get(reverse("registrations:index"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    row = dict(zip(header, values, strict=True))

    assert row["Inscrit le"] == datetime.datetime(2026, 3, 4, 19, 0)
    assert row["Admissible"] == "Oui"
    assert row["Nom"] == "Alice Dubé"
