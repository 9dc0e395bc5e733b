import datetime

import factory
import wagtail_factories
from wagtail.models import Locale

from colloque.models import (
    ColloqueIndexPage,
    EditionPage,
    EditionPartner,
    EditionStatus,
    Partner,
    PartnerKind,
    PartnersPage,
    PartnerTier,
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

    class Params:
        # An edition still without a host: no dates and no theme yet.
        looking_for_host = factory.Trait(
            status=EditionStatus.LOOKING_FOR_HOST, theme="", start_date=None, end_date=None
        )


class PartnersPageFactory(wagtail_factories.PageFactory):
    title = "Partenaires"
    slug = "partenaires"

    class Meta:
        model = PartnersPage


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    kind = "talk"
    title = factory.Sequence(lambda n: f"Conférence {n}")
    day = factory.LazyAttribute(lambda o: o.edition.start_date)
    start_time = datetime.time(9, 0)
    end_time = datetime.time(10, 0)

    class Meta:
        model = ProgrammeItem


def tier(name="Partenaire majeur", locale=None):
    """One of the tiers the migration creates (in French unless told)."""
    return PartnerTier.objects.get(name=name, locale=locale or Locale.get_default())


class PartnerFactory(factory.django.DjangoModelFactory):
    """An approved partner (live, published once), unless ``live=False``."""

    name = factory.Sequence(lambda n: f"Partenaire {n}")
    kind = PartnerKind.INSTITUTIONAL
    website = factory.LazyAttribute(
        lambda o: f"https://example.org/{o.name.lower().replace(' ', '-')}"
    )
    description = "Un organisme qui soutient le colloque."
    locale = factory.LazyFunction(default_locale)

    class Meta:
        model = Partner
        skip_postgeneration_save = True

    @factory.post_generation
    def approved(self, create, extracted, **kwargs):
        # An approved partner has a published revision, as the committee's approval leaves it.
        if create and self.live and extracted is not False:
            self.save_revision().publish()


def list_partner(edition, partner, tier_name="Partenaire majeur", publish=True):
    """Put ``partner`` on ``edition`` at a tier, as an editor does in the Partners tab."""
    edition.partner_listings.add(EditionPartner(partner=partner, tier=tier(tier_name)))
    if publish:
        edition.save_revision().publish()
    return edition


def translate_edition(edition, locale, *, title=None, theme=None):
    """The edition's published translation in ``locale`` (its colloque index translated
    too), with its programme copied as an editor's translation starts: same items."""
    translated = edition.copy_for_translation(locale, copy_parents=True)
    translated.title = title or edition.title
    translated.theme = edition.theme if theme is None else theme
    translated.save_revision().publish()
    index = translated.get_parent().specific
    if not index.live:
        index.save_revision().publish()
    return EditionPage.objects.get(pk=translated.pk)
