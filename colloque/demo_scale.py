"""Volume data of the colloque app for benchmarks: past editions, their programmes, partners.

See home/demo_scale.py. Editions go under the colloque series in the default language, one
per year not taken yet, counting down from 2023. Each runs Wednesday to Friday in one venue:
six rooms, five slots a day and lunch, filled without two items in a room at once and
without a speaker in two places at once. Approved partners (no logo) are listed on every
edition under the existing tiers.
"""

import datetime

from django.utils import timezone
from wagtail.models import Locale

from home.demo_scale import (
    TOPICS,
    add_live_pages,
    aware,
    index_in_bulk,
    scaled,
    seeded,
    seeded_uuid,
    volume_key,
)
from home.demo_utils import heading, paragraph

from .models import (
    ColloqueIndexPage,
    EditionPage,
    EditionPartner,
    EditionStatus,
    EditionVenue,
    Partner,
    PartnerKind,
    PartnerTier,
    ProgrammeItem,
    ProgrammeItemKind,
    Speaker,
    Theme,
    Venue,
)

# At --scale 1: 29 editions (1995 to 2023 beside the demo's) of 72 items, and 60 partners.
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


def _partners(rng, count, *, locale):
    now = timezone.now()
    partners = []
    combos = len(PARTNER_PREFIXES) * len(PLACES)
    for n in range(count):
        prefix = PARTNER_PREFIXES[n % len(PARTNER_PREFIXES)]
        place = PLACES[(n // len(PARTNER_PREFIXES)) % len(PLACES)]
        name = f"{prefix} {place}" + (f" {n // combos + 1}" if n >= combos else "")
        partners.append(
            Partner(
                locale=locale,
                translation_key=seeded_uuid(rng),
                name=name,
                kind=PARTNER_KINDS.get(prefix, PartnerKind.COMMUNITY),
                website=f"https://example.org/partenaires/{n + 1}",
                description=f"{prefix} qui soutient les projets artistiques des écoles {place}.",
                live=True,  # approved by the committee
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
            )
        )
    return Partner.objects.bulk_create(partners, batch_size=500)


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

    editions, programmes = [], []
    for year in years:
        days = _edition_days(year)
        theme = rng.choice(EDITION_THEMES)
        editions.append(
            EditionPage(
                title=f"Colloque {year}",
                slug=str(year),  # the year is the address (EditionPage.clean)
                translation_key=volume_key(f"colloque/edition/{year}"),
                first_published_at=aware(days[0] - datetime.timedelta(days=120)),
                year=year,
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
        )
        venue = rng.choice(venues) if venues else None
        programmes.append(
            (venue, _programme(rng, days, venue=venue, speakers=speakers, themes=themes))
        )
    add_live_pages(series, editions)

    venue_rows, items, item_links = [], [], []
    for edition, (venue, rows) in zip(editions, programmes, strict=True):
        if venue is not None:
            venue_rows.append(
                EditionVenue(
                    edition_id=edition.pk,
                    venue=venue,
                    first_day=edition.start_date,
                    last_day=edition.end_date,
                )
            )
        for order, (item, who, topics) in enumerate(rows):
            item.edition_id = edition.pk
            item.sort_order = order
            items.append(item)
            item_links.append((item, who, topics))
    EditionVenue.objects.bulk_create(venue_rows)
    ProgrammeItem.objects.bulk_create(items, batch_size=500)
    SpeakerLink = ProgrammeItem.speakers.through
    ThemeLink = ProgrammeItem.themes.through
    SpeakerLink.objects.bulk_create(
        [
            SpeakerLink(programmeitem_id=i.pk, speaker_id=s.pk)
            for i, who, _t in item_links
            for s in who
        ],
        batch_size=1000,
    )
    ThemeLink.objects.bulk_create(
        [
            ThemeLink(programmeitem_id=i.pk, theme_id=t.pk)
            for i, _w, topics in item_links
            for t in topics
        ],
        batch_size=1000,
    )

    partners = _partners(rng, scaled(PARTNERS, scale), locale=locale)
    listings = []
    if tiers:
        weights = [TIER_WEIGHTS[min(i, len(TIER_WEIGHTS) - 1)] for i in range(len(tiers))]
        for edition in editions:
            chosen = rng.sample(partners, min(len(partners), LISTINGS_PER_EDITION))
            picked = [(rng.choices(tiers, weights)[0], partner) for partner in chosen]
            picked.sort(key=lambda pair: tiers.index(pair[0]))
            listings += [
                EditionPartner(edition_id=edition.pk, partner=partner, tier=tier, sort_order=order)
                for order, (tier, partner) in enumerate(picked)
            ]
    EditionPartner.objects.bulk_create(listings, batch_size=500)

    index_in_bulk(EditionPage, editions)
    index_in_bulk(Partner, partners)
    report.add("editions", len(editions))
    report.add("programme items", len(items))
    report.add("partners", len(partners))
    report.add("partner listings", len(listings))
