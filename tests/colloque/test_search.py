"""The site's search finds programme items and their speakers, accents folded, each result
saying what it is, in the visitor's language, from live editions only."""

import datetime

import pytest

from factories import StandardPageFactory
from factories.colloque import (
    EditionPageFactory,
    PartnerFactory,
    PartnersPageFactory,
    ProgrammeItemFactory,
    SpeakerFactory,
    list_partner,
)
from tests.pages import QUERY_BUDGET, count_queries

pytestmark = pytest.mark.django_db


def search(client, words):
    return client.get("/recherche/", {"q": words}).content.decode()


def test_a_session_is_found_without_its_accents(client, programme):
    html = search(client, "metacognition")
    assert "1 activité d’un colloque" in html
    assert '<a href="/colloque/2024/programme/metacognition/">Métacognition</a>' in html
    assert "Conférence · Colloque 2024" in html  # what the hit is
    assert "Atelier théâtre" not in html
    assert "Atelier théâtre" in search(client, "THEATRE")


def test_a_speaker_is_found_with_their_sessions(client, programme):
    html = search(client, "ayroles")
    assert (
        "1 intervenant" in html
        and '<h3><a href="/colloque/intervenants/julie-ayroles/">Julie Ayroles</a></h3>' in html
    )
    assert (
        'href="/colloque/2024/programme/metacognition/">Métacognition</a> (Colloque 2024)' in html
    )


def test_a_speaker_added_to_a_published_session_is_found(client, programme):
    """The index holds a session's speakers, which are set after the session is saved."""
    workshop = programme["workshop"]
    workshop.speakers.add(SpeakerFactory(name="Rosalie Côté-Brisebois"))
    workshop.save()  # as publishing the edition does: the session, then its speakers
    assert (
        '/colloque/intervenants/rosalie-cote-brisebois/">Rosalie Côté-Brisebois</a></h3>'
        in search(client, "brisebois")
    )


def test_only_live_editions_are_searched(client, programme, series):
    draft = EditionPageFactory(parent=series, year=2025, live=False)
    ProgrammeItemFactory(edition=draft, title="Métacognition avancée")
    html = search(client, "metacognition")
    assert "Métacognition avancée" not in html and "1 activité d’un colloque" in html


def test_searching_many_sessions_costs_what_searching_one_does(client, edition):
    ProgrammeItemFactory(edition=edition, title="Lecture partagée 0")
    one = count_queries(client, "/recherche/?q=lecture")
    for n in range(1, 12):
        item = ProgrammeItemFactory(
            edition=edition, title=f"Lecture partagée {n}", start_time=datetime.time(8 + n % 10)
        )
        item.speakers.add(SpeakerFactory(name=f"Lectrice {n}"))
    assert count_queries(client, "/recherche/?q=lecture") == one <= QUERY_BUDGET
    assert "10 activités de colloques" in search(client, "lecture")  # a section, not a list


def test_a_search_that_finds_every_kind_of_result_stays_within_the_budget(
    client, home_page, edition
):
    """Pages (each with its own type's introduction), sessions, speakers and partners at
    once: the partners page comes from the menu the page shows anyway, and the pages'
    introductions are read with the pages."""
    PartnersPageFactory(parent=home_page, show_in_menus=True)
    StandardPageFactory(parent=home_page, title="Lecture en classe", intro="Lire ensemble.")
    list_partner(edition, PartnerFactory(name="Fondation Lecture"))  # publishes the edition
    item = ProgrammeItemFactory(edition=edition, title="Lecture partagée")
    item.speakers.add(SpeakerFactory(name="Lecture Dubois"))
    item.save()  # as publishing does: the session, then its speakers
    html = search(client, "lecture")
    assert "<p>Lire ensemble.</p>" in html  # the standard page's introduction
    assert "Lecture partagée</a>" in html and ">Lecture Dubois</a></h3>" in html
    assert ">Fondation Lecture</a>" in html
    assert count_queries(client, "/recherche/?q=lecture") <= QUERY_BUDGET
