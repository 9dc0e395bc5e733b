"""Addresses in each language: /recherche/ and /en/search/, /…/intervenants/ and
/en/…/speakers/…; French addresses under /en/ redirect to the English ones."""

import pytest
from django.utils import translation
from wagtail.models import Locale

from colloque.models import EditionPage
from communities import services as community_services
from communities.models import CommunityPage, Registration, RegistrationState
from host_applications.models import HostCallPage
from tests.pages import QUERY_BUDGET, count_queries


def _english(page):
    return page.get_translation(Locale.objects.get(language_code="en"))


@pytest.mark.django_db
def test_search_has_an_address_in_each_language(client, demo):
    french = client.get("/recherche/", {"q": "colloque"})
    assert 'action="/recherche/"' in french.content.decode()
    english = client.get("/en/search/", {"q": "colloque"})
    assert 'action="/en/search/"' in english.content.decode()
    assert "colloque" in english.content.decode().lower()
    moved = client.get("/en/recherche/", {"q": "colloque"})
    assert (moved.status_code, moved["Location"]) == (301, "/en/search/?q=colloque")
    assert client.get("/search/").status_code == 404


@pytest.mark.django_db
def test_an_editions_speakers_in_each_language(client, demo):
    french = EditionPage.objects.get(year=2024, locale__language_code="fr-ca", slug="2024")
    english = _english(french)
    assert "Intervenants" in client.get(french.url + "intervenants/").content.decode()
    assert "Speakers" in client.get(english.url + "speakers/").content.decode()
    moved = client.get(english.url + "intervenants/")
    assert (moved.status_code, moved["Location"]) == (301, english.url + "speakers/")
    assert client.get(french.url + "speakers/").status_code == 404
    # Each page links in its own language, whatever language is active.
    with translation.override("en"):
        assert french.reverse_subpage("speakers") == "intervenants/"
    with translation.override("fr-ca"):
        assert english.reverse_subpage("speakers") == "speakers/"
    assert 'href="/en/colloque/2024/speakers/"' in client.get(english.url).content.decode()


@pytest.mark.django_db
def test_a_communitys_registration_and_calendar_in_each_language(client, demo):
    french = CommunityPage.objects.filter(locale__language_code="fr-ca", live=True).first()
    english = _english(french)
    assert 'name="email"' in client.get(french.url + "inscription/").content.decode()
    assert 'name="email"' in client.get(english.url + "registration/").content.decode()
    moved = client.get(english.url + "inscription/")
    assert (moved.status_code, moved["Location"]) == (301, english.url + "registration/")
    assert english.get_calendar_url() == english.url + "sessions.ics"
    assert french.get_calendar_url() == french.url + "seances.ics"
    assert b"BEGIN:VCALENDAR" in client.get(english.url + "sessions.ics").content
    moved = client.get(english.url + "seances.ics")
    assert (moved.status_code, moved["Location"]) == (301, english.url + "sessions.ics")


@pytest.mark.django_db
def test_an_english_participants_private_links_are_english(client, demo):
    registration = Registration.objects.filter(
        state=RegistrationState.CONFIRMED, community__sessions__isnull=False
    ).first()
    registration.language = "en"
    registration.save(update_fields=["language"])
    token = community_services.token_of(registration)
    with translation.override("fr-ca"):  # as in the French admin
        link = community_services.registration_url(registration=registration, token=token)
        calendar = community_services.personal_calendar_url(registration=registration, token=token)
    assert f"/registration/{token}/" in link and "/en/" in link
    assert calendar == link + "sessions.ics"
    path = "/" + calendar.split("://", 1)[1].split("/", 1)[1]
    assert b"BEGIN:VCALENDAR" in client.get(path).content
    french_path = path.replace("/registration/", "/inscription/").replace(
        "sessions.ics", "seances.ics"
    )
    moved = client.get(french_path)
    assert (moved.status_code, moved["Location"]) == (301, path)


@pytest.mark.django_db
def test_a_candidatures_follow_up_in_each_language(demo):
    french = HostCallPage.objects.filter(locale__language_code="fr-ca").first()
    english = _english(french)
    token = "t" * 30
    assert french.reverse_subpage("status", kwargs={"token": token}) == f"suivi/{token}/"
    assert english.reverse_subpage("status", kwargs={"token": token}) == f"status/{token}/"
    assert english.reverse_subpage("edit", kwargs={"token": token}) == f"status/{token}/edit/"
    assert french.reverse_subpage("withdraw", kwargs={"token": token}) == f"suivi/{token}/retrait/"


@pytest.mark.django_db
def test_sub_pages_name_their_translations_as_alternates(client, demo):
    """hreflang of a sub-page names the same sub-page in the other language, not the edition:
    the speakers at /en/…/speakers/, one programme item at its English address."""
    french = EditionPage.objects.get(year=2024, locale__language_code="fr-ca", slug="2024")
    english = _english(french)
    html = client.get(french.url + "intervenants/").content.decode()
    assert f'hreflang="en" href="http://testserver{english.url}speakers/"' in html
    item = french.get_programme().first()
    twin = english.get_programme().first()
    html = client.get(item.get_url()).content.decode()
    assert f'hreflang="en" href="http://testserver{twin.get_url()}"' in html
    back = client.get(twin.get_url()).content.decode()
    assert f'hreflang="fr-ca" href="http://testserver{item.get_url()}"' in back
    assert count_queries(client, item.get_url()) <= QUERY_BUDGET  # its alternate included
