import datetime

import pytest

from colloque.models import EditionVenue, PartnersPage
from factories.colloque import (
    ColloqueIndexPageFactory,
    EditionPageFactory,
    ProgrammeItemFactory,
    SpeakerFactory,
    ThemeFactory,
    VenueFactory,
)
from factories.home import UserFactory


@pytest.fixture
def series(home_page):
    return ColloqueIndexPageFactory(parent=home_page)


@pytest.fixture
def edition(series):
    return EditionPageFactory(parent=series, year=2024)


@pytest.fixture
def programme(edition):
    """A small programme: an opening, a workshop with a theme, a talk at another venue."""
    school, library = VenueFactory(name="École Alpha"), VenueFactory(name="Bibliothèque Beta")
    arts = ThemeFactory(name="Arts", slug="arts")
    speaker = SpeakerFactory(name="Julie Ayroles")
    opening = ProgrammeItemFactory(
        edition=edition,
        kind="pecha-kucha",
        title="Ouverture",
        venue=school,
        room="Auditorium",
        start_time=datetime.time(9),
        end_time=datetime.time(9, 30),
    )
    workshop = ProgrammeItemFactory(
        edition=edition,
        kind="workshop",
        title="Atelier théâtre",
        venue=school,
        room="Salle 2",
        start_time=datetime.time(10),
        end_time=datetime.time(11, 30),
    )
    workshop.themes.add(arts)
    talk = ProgrammeItemFactory(
        edition=edition,
        kind="talk",
        title="Métacognition",
        venue=library,
        day=edition.end_date,
        start_time=datetime.time(13),
        end_time=datetime.time(14),
    )
    talk.speakers.add(speaker)
    for item in (opening, workshop, talk):
        item.save()
    edition.venues = [EditionVenue(venue=school, first_day=edition.start_date)]
    edition.save_revision().publish()
    return {
        "opening": opening,
        "workshop": workshop,
        "talk": talk,
        "school": school,
        "library": library,
        "arts": arts,
        "speaker": speaker,
    }


@pytest.fixture
def communications(db):
    return UserFactory(username="sophie", group="Communications")


@pytest.fixture
def committee(db):
    return UserFactory(username="louis", group="Comité de sélection")


@pytest.fixture
def facilitator(db):
    return UserFactory(username="anim", group="Animation")


@pytest.fixture
def published_edition(edition):
    edition.save_revision().publish()
    return edition


@pytest.fixture
def partners_page(home_page):
    page = PartnersPage(title="Partenaires", slug="partenaires", intro="Nos partenaires.")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page
