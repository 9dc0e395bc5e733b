"""Past editions of the colloque, their programmes and partners.

Editions go under the colloque series in the default language, one per year not taken yet,
counting down from 2023. Each runs Wednesday to Friday in one venue: six rooms, five slots a
day and lunch, filled without two items in a room at once and without a speaker in two
places at once, and checked by the programme's own rule (``programme_problems``) before it
is saved. Partners are approved as the committee approves them (``PartnerFactory``: a
published revision) and listed on every edition under the existing tiers.
"""

import datetime

from wagtail.models import Locale

from colloque.models import (
    ColloqueIndexPage,
    EditionPage,
    EditionPartner,
    EditionStatus,
    EditionVenue,
    PartnerKind,
    PartnerTier,
    ProgrammeItem,
    ProgrammeItemKind,
    Speaker,
    Theme,
    Venue,
)
from colloque.services import ProgrammeSlot, programme_problems
from factories.colloque import EditionPageFactory, PartnerFactory
from home.demo_utils import heading, paragraph

from . import TOPICS, aware, scaled, seeded, seeded_uuid, volume_key

# At scale 1: 29 editions (1995 to 2023 beside the demo's) of 72 items, and 60 partners.
EDITIONS = 29
PARTNERS = 60
LISTINGS_PER_EDITION = 10
LAST_YEAR = 2023

T = datetime.time
ROOMS = ["Auditorium", "Salle 101", "Salle 102", "Salle 103", "Salle 104", "Agora"]
SLOTS = [(T(9), T(10, 15)), (T(10, 30), T(11, 45)), (T(13), T(14, 15)), (T(14, 30), T(15, 45)),
         (T(16), T(17))]  # fmt: skip
LUNCH = (T(11, 45), T(13))
ITEMS_PER_DAY = 23  # of the 30 room-slots, plus lunch: 72 items over three days

KIND_TITLES = {
    ProgrammeItemKind.TALK: "Conférence",
    ProgrammeItemKind.WORKSHOP: "Atelier",
    ProgrammeItemKind.ROUND_TABLE: "Table ronde",
    ProgrammeItemKind.PECHA_KUCHA: "Pecha Kucha",
    ProgrammeItemKind.EXHIBITION: "Exposition",
    ProgrammeItemKind.NETWORKING: "Réseautage",
}
KINDS = [ProgrammeItemKind.WORKSHOP] * 5 + [
    ProgrammeItemKind.TALK, ProgrammeItemKind.TALK, ProgrammeItemKind.ROUND_TABLE,
    ProgrammeItemKind.PECHA_KUCHA, ProgrammeItemKind.EXHIBITION, ProgrammeItemKind.NETWORKING,
]  # fmt: skip
DESCRIPTIONS = [
    "Des exemples concrets venus de plusieurs régions, et du temps pour les questions.",
    "On essaie, on discute, on repart avec des idées pour son milieu.",
    "Un échange entre intervenants, enseignants et directions.",
    "Présentation d'un projet mené avec des élèves du secondaire.",
    "Des outils simples pour démarrer un projet avec peu de moyens.",
]  # fmt: skip
EDITION_THEMES = [
    "L'école, lieu de création", "Ouvrir l'école sur sa communauté", "Les arts au cœur du projet éducatif",
    "Bouger, créer, s'exprimer", "Le parascolaire qui rassemble", "Culture et réussite éducative",
    "Des jeunes qui prennent la parole", "Faire équipe avec le milieu culturel",
]  # fmt: skip
HOSTS = [
    "École secondaire de la Vallée", "Polyvalente du Littoral", "Collège des Trois-Lacs",
    "École secondaire des Hautes-Terres", "Centre de services scolaire des Rivières",
    "École des Monts-et-Marées", "Polyvalente de la Plaine", "École secondaire du Plateau",
]  # fmt: skip
PARTNER_PREFIXES = [
    "Fondation culturelle", "Conseil de la culture", "Maison des arts", "Radio communautaire",
    "Regroupement des troupes", "Festival des jeunes créateurs", "Musée régional",
    "Bibliothèque publique", "Coopérative artistique", "Réseau des intervenants",
]  # fmt: skip
PLACES = [
    "du Littoral", "des Hautes-Terres", "de la Vallée", "des Trois-Lacs", "du Plateau",
    "des Rivières", "de la Plaine", "des Monts", "du Grand-Nord", "de l'Estuaire",
    "des Îles", "du Bassin",
]  # fmt: skip
PARTNER_KINDS = {
    "Fondation culturelle": PartnerKind.FUNDING,
    "Conseil de la culture": PartnerKind.INSTITUTIONAL,
    "Radio communautaire": PartnerKind.MEDIA,
    "Musée régional": PartnerKind.INSTITUTIONAL,
    "Bibliothèque publique": PartnerKind.INSTITUTIONAL,
}
TIER_WEIGHTS = (1, 2, 4, 3)  # presenting, major, collaborators, media: by the tiers' order


def _edition_days(year):
    """Wednesday to Friday of the second full week of November."""
    first = datetime.date(year, 11, 1)
    wednesday = first + datetime.timedelta(days=(2 - first.weekday()) % 7 + 7)
    return [wednesday + datetime.timedelta(days=offset) for offset in range(3)]


def _years(series, count):
    """``count`` years without an edition, counting down from LAST_YEAR."""
    taken = set(series.get_children().values_list("slug", flat=True))
    years, year = [], LAST_YEAR
    while len(years) < count:
        if str(year) not in taken:
            years.append(year)
        year -= 1
    return years


def _programme(rng, days, *, venue, speakers, themes):
    """(item, speakers, themes) for three days: one item per room and slot at most, and no
    speaker in two rooms in the same slot."""
    rows = []
    number = 0
    for day in days:
        cells = [(slot, room) for slot in range(len(SLOTS)) for room in ROOMS]
        chosen = {(0, "Auditorium")} | set(rng.sample(cells[1:], ITEMS_PER_DAY - 1))
        busy = {}  # slot -> speakers already speaking then
        for slot, room in sorted(chosen, key=lambda cell: (cell[0], ROOMS.index(cell[1]))):
            start, end = SLOTS[slot]
            if (slot, room) == (0, "Auditorium"):
                kind = ProgrammeItemKind.PLENARY
            else:
                kind = rng.choice(KINDS)
            if kind == ProgrammeItemKind.PECHA_KUCHA:
                end = (
                    datetime.datetime.combine(day, start) + datetime.timedelta(minutes=30)
                ).time()
            topic = rng.choice(TOPICS)
            number += 1
            title = (
                f"Plénière — {topic}"
                if kind == ProgrammeItemKind.PLENARY
                else f"{KIND_TITLES[kind]} {number} — {topic}"
            )
            free = [s for s in speakers if s.pk not in busy.setdefault(slot, set())]
            who = rng.sample(free, min(len(free), rng.choice((0, 1, 1, 2))))
            busy[slot].update(s.pk for s in who)
            item = ProgrammeItem(
                kind=kind,
                title=title,
                description=rng.choice(DESCRIPTIONS),
                day=day,
                start_time=start,
                end_time=end,
                venue=venue,
                room=room,
                capacity=rng.choice((20, 25, 30, 40))
                if kind == ProgrammeItemKind.WORKSHOP
                else None,
            )
            rows.append((item, who, rng.sample(themes, min(len(themes), rng.randint(1, 2)))))
        rows.append(
            (
                ProgrammeItem(
                    kind=ProgrammeItemKind.BREAK,
                    title="Dîner",
                    day=day,
                    start_time=LUNCH[0],
                    end_time=LUNCH[1],
                    venue=venue,
                    room="Cafétéria",
                ),
                [],
                [],
            )
        )
    return rows


def _check(edition, rows):
    """The programme's own rule, as the edition's form applies it: nothing saved otherwise."""
    slots = [
        ProgrammeSlot(
            title=item.title,
            day=item.day,
            start=item.start_time,
            end=item.end_time,
            venue=item.venue.pk if item.venue else None,
            room=item.room,
            speakers=tuple(speaker.pk for speaker in who),
        )
        for item, who, _themes in rows
    ]
    problems = programme_problems(
        start_date=edition.start_date, end_date=edition.end_date, items=slots
    )
    if problems:
        raise ValueError(f"Colloque {edition.year}: {problems}")


def _partners(rng, count, *, locale):
    partners = []
    combos = len(PARTNER_PREFIXES) * len(PLACES)
    for n in range(count):
        prefix = PARTNER_PREFIXES[n % len(PARTNER_PREFIXES)]
        place = PLACES[(n // len(PARTNER_PREFIXES)) % len(PLACES)]
        name = f"{prefix} {place}" + (f" {n // combos + 1}" if n >= combos else "")
        partners.append(
            PartnerFactory(
                locale=locale,
                translation_key=seeded_uuid(rng),
                name=name,
                kind=PARTNER_KINDS.get(prefix, PartnerKind.COMMUNITY),
                website=f"https://example.org/partenaires/{n + 1}",
                description=f"{prefix} qui soutient les projets artistiques des écoles {place}.",
            )
        )
    return partners


def load(*, scale, report):
    locale = Locale.get_default()
    series = ColloqueIndexPage.objects.filter(locale=locale, slug="colloque").first()
    if series is None:
        report.skipped.append(("editions", "no colloque series"))
        return
    # Volume editions carry translation keys derived from their year: that is the marker.
    if EditionPage.objects.filter(
        translation_key__in=[
            volume_key(f"colloque/edition/{year}") for year in range(1000, LAST_YEAR + 1)
        ]
    ).exists():
        report.unchanged.append("editions")
        return
    years = _years(series, scaled(EDITIONS, scale))
    rng = seeded("colloque")
    speakers = list(Speaker.objects.filter(locale=locale).order_by("pk"))
    themes = list(Theme.objects.filter(locale=locale).order_by("pk"))
    venues = list(Venue.objects.filter(locale=locale).order_by("pk"))
    tiers = list(PartnerTier.objects.filter(locale=locale).order_by("sort_order", "pk"))
    partners = _partners(rng, scaled(PARTNERS, scale), locale=locale)
    weights = [TIER_WEIGHTS[min(i, len(TIER_WEIGHTS) - 1)] for i in range(len(tiers))]

    items = listings = 0
    for year in years:
        days = _edition_days(year)
        theme = rng.choice(EDITION_THEMES)
        venue = rng.choice(venues) if venues else None
        edition = EditionPageFactory.build(
            year=year,
            translation_key=volume_key(f"colloque/edition/{year}"),
            first_published_at=aware(days[0] - datetime.timedelta(days=120)),
            theme=theme,
            start_date=days[0],
            end_date=days[-1],
            status=EditionStatus.OVER,
            host_institution=rng.choice(HOSTS),
            intro=f"Trois journées de conférences, d'ateliers et d'échanges autour du thème « {theme} ».",
            body=[
                heading("Au programme"),
                paragraph(
                    f"<p>Plus de soixante activités sur {', '.join(rng.sample(TOPICS, 3))} et bien d'autres sujets.</p>"
                ),
            ],
        )
        rows = _programme(rng, days, venue=venue, speakers=speakers, themes=themes)
        _check(edition, rows)
        for order, (item, who, topics) in enumerate(rows):
            item.sort_order = order
            item.speakers = who
            item.themes = topics
        # Inline children of the page (clusters): saved with it, as the edition form does.
        edition.programme_items = [item for item, _who, _topics in rows]
        if venue is not None:
            edition.venues = [
                EditionVenue(venue=venue, first_day=days[0], last_day=days[-1], sort_order=0)
            ]
        if tiers:
            chosen = rng.sample(partners, min(len(partners), LISTINGS_PER_EDITION))
            picked = sorted(
                ((rng.choices(tiers, weights)[0], partner) for partner in chosen),
                key=lambda pair: tiers.index(pair[0]),
            )
            edition.partner_listings = [
                EditionPartner(partner=partner, tier=tier, sort_order=order)
                for order, (tier, partner) in enumerate(picked)
            ]
            listings += len(picked)
        series.add_child(instance=edition)
        items += len(rows)
    report.add("editions", len(years))
    report.add("programme items", items)
    report.add("partners", len(partners))
    report.add("partner listings", listings)
