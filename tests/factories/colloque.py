import datetime

import factory
import wagtail_factories
from wagtail.models import Locale

from colloque.models import (
    ColloqueIndexPage,
    EditionPage,
    EditionStatus,
    ProgrammeItem,
    Speaker,
    Theme,
    Venue,
)


def default_locale():
    return Locale.get_default()


class ThemeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    locale = factory.LazyFunction(default_locale)

    class Meta:
        model = Theme


class SpeakerFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Intervenante {n}")
    role = "Chercheuse"
    organisation = "Université"
    locale = factory.LazyFunction(default_locale)

    class Meta:
        model = Speaker


class VenueFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"École {n}")
    address = "1 rue Principale"
    town = "Montréal"
    locale = factory.LazyFunction(default_locale)

    class Meta:
        model = Venue


class ColloqueIndexPageFactory(wagtail_factories.PageFactory):
    title = "Colloque"
    slug = "colloque"
    intro = "Le colloque annuel."

    class Meta:
        model = ColloqueIndexPage


class EditionPageFactory(wagtail_factories.PageFactory):
    year = 2024
    title = factory.LazyAttribute(lambda o: f"Colloque {o.year}")
    slug = factory.LazyAttribute(lambda o: str(o.year))
    start_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 11, 21))
    end_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 11, 22))
    status = EditionStatus.OVER
    theme = "Des écoles expressives"

    class Meta:
        model = EditionPage


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    kind = "talk"
    title = factory.Sequence(lambda n: f"Conférence {n}")
    day = factory.LazyAttribute(lambda o: o.edition.start_date)
    start_time = datetime.time(9, 0)
    end_time = datetime.time(10, 0)

    class Meta:
        model = ProgrammeItem
