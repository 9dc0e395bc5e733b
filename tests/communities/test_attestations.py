"""Attestations of participation: a PDF in the participant's language, from their private
link once they attended a session, and in bulk for the Animation group."""

import io
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from communities import attestations, services
from factories.communities import session
from home.models import SiteSettings

from .conftest import register

pytestmark = pytest.mark.django_db


def pdf_text(content):
    assert content.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def attended(make_community, animation, site):
    settings = SiteSettings.for_site(site)
    settings.organisation_name = "Réseau des écoles expressives"
    settings.attestation_signer_name = "Marie Côté"
    settings.attestation_signer_title = "Coordonnatrice du réseau"
    settings.attestation_signer_title_en = "Network coordinator"
    settings.save()
    community = make_community(
        title="Lire pour le plaisir",
        capacity_max=5,
        sessions=[
            session(-21, (9, 0), (12, 0), topic="Ouverture"),
            session(-14, (13, 0), (14, 30), topic="Clubs de lecture"),
            session(-7, topic="Bilan"),
        ],
    )
    people = [register(community, n).registration for n in (1, 2, 3)]
    for person in people:
        services.confirm_seat(registration=person)
    first, second, third = community.get_sessions()
    for mark in (first, second):
        services.record_attendance(
            session=mark, registration=people[0], status="present", by=animation
        )
    services.record_attendance(session=third, registration=people[0], status="absent", by=animation)
    services.record_attendance(
        session=third, registration=people[1], status="excused", by=animation
    )
    return community, people


def attestation_url(community, registration):
    return (
        community.url
        + community.reverse_subpage(
            "registration", kwargs={"token": services.token_of(registration)}
        )
        + "attestation.pdf"
    )


def test_the_participant_downloads_it_from_the_private_link(client, attended):
    community, (alice, bruno, _chloe) = attended
    response = client.get(attestation_url(community, alice))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="attestation-personne-1.pdf"'
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "Attestation de participation" in text
    assert "Personne 1" in text
    assert "« Lire pour le plaisir »" in text
    assert "Ouverture" in text and "Clubs de lecture" in text
    assert "Bilan" not in text  # absent that day
    assert "Au total : 2 rencontres, 4,5 h." in text
    assert "Réseau des écoles expressives" in text
    assert "Marie Côté" in text and "Coordonnatrice du réseau" in text

    page = client.get(attestation_url(community, alice).removesuffix("attestation.pdf"))
    assert "Télécharger mon attestation (PDF)" in page.content.decode()
    # Nobody without a session attended gets one, nor a link to it.
    assert client.get(attestation_url(community, bruno)).status_code == 404
    page = client.get(attestation_url(community, bruno).removesuffix("attestation.pdf"))
    assert "attestation.pdf" not in page.content.decode()


def test_a_guessed_token_gets_nothing(client, attended):
    community, (alice, _bruno, _chloe) = attended
    url = attestation_url(community, alice)
    token = services.token_of(alice)
    assert client.get(url.replace(token, token[:-1] + "x")).status_code == 404


def test_in_the_participants_language(attended, animation):
    _community, (alice, _bruno, _chloe) = attended
    alice.language = "en"
    alice.save()
    _name, content = attestations.attestation_pdf(registration=alice)
    text = pdf_text(content)
    assert "Attestation of participation" in text
    assert "In all: 2 sessions, 4.5 h." in text
    assert "Duration" in text
    assert "Network coordinator" in text and "Coordonnatrice" not in text


def test_animation_downloads_every_attestation_in_a_zip(client, attended, animation):
    community, (_alice, _bruno, chloe) = attended
    services.record_attendance(
        session=community.get_sessions()[0], registration=chloe, status="present", by=animation
    )
    client.force_login(animation)
    response = client.get(reverse("communities_attestations", args=[community.pk]))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [
        "attestation-personne-1.pdf",
        "attestation-personne-3.pdf",
    ]
    assert "Au total : 1 rencontre, 3 h." in pdf_text(archive.read("attestation-personne-3.pdf"))


def test_no_zip_before_anyone_attended(client, make_community, animation):
    community = make_community()
    client.force_login(animation)
    response = client.get(reverse("communities_attestations", args=[community.pk]), follow=True)
    assert "Personne n’a encore assisté à une rencontre" in response.content.decode()


def test_names_that_need_escaping_print_as_typed(attended):
    _community, (alice, _bruno, _chloe) = attended
    alice.name = "Zoé <b>&amp; Œuvre"
    alice.save()
    _name, content = attestations.attestation_pdf(registration=alice)
    assert "Zoé <b>&amp; Œuvre" in pdf_text(content)
