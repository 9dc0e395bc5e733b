"""Communities of practice, their sessions and registrations.

Communities go under the index in the default language, at every stage of their life
relative to today: registration to open, open, closed, under way, over, and over long enough
that retention erased their registrants' personal data. Each is published as editors do
(``create_community``); registrations go through the registration service in bulk
(``register_many``: one lock and one INSERT per community, the same rules as the public
form), then seats are confirmed (``confirm_seats``), declined and withdrawn, draws run
(``draw_lottery``, replayable) and old personal data purged (``purge_registration``) through
the same services staff and participants use. People are made up and write from
example.org; the same person may join several communities, never twice at once. No email is
queued for them (``notify=False``) but those the services always send (a seat offered after
a withdrawal).
"""

import datetime

from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale

from communities import services
from communities.models import (
    AudienceRole,
    CommunityFacilitator,
    CommunityIndexPage,
    CommunityKind,
    CommunityPage,
    CommunitySession,
    MeetingMode,
    Registration,
    RegistrationState,
    SchoolLevel,
    SelectionMethod,
)
from factories.communities import create_community
from home.choices import Region

from . import TOPICS, VOLUME, aware, scaled, seeded

# At scale 1.
COMMUNITIES = 200
REGISTRATIONS = 20_000

T = datetime.time
# (stage, weight): where communities stand today.
STAGES = [("upcoming", 10), ("open", 30), ("closed", 10), ("under-way", 25), ("over", 20),
          ("archived", 5)]  # fmt: skip
KIND_TITLES = {
    CommunityKind.PRACTICE: "Communauté de pratique",
    CommunityKind.VIRTUAL: "Communauté virtuelle",
    CommunityKind.CODEVELOPMENT: "Groupe de codéveloppement",
}
HOURS = [(T(16), T(17, 30)), (T(13, 30), T(15, 30)), (T(9), T(12)), (T(18, 30), T(20))]
SESSION_TOPICS = [
    "Tour de table : les projets de chaque milieu",
    "Ce qui marche : pratiques prometteuses",
    "Codéveloppement : un cas apporté par un membre",
    "Invité : un artiste qui travaille avec les écoles",
    "Outils et ressources à partager",
    "Bilan et suites",
]  # fmt: skip
PLACES = ["École secondaire de la Vallée", "Polyvalente du Littoral", "Centre culturel des Trois-Lacs",
          "École des Monts-et-Marées", "Bibliothèque du Plateau"]  # fmt: skip
FIRST_NAMES = [
    "Amélie", "Benoît", "Catherine", "David", "Émilie", "François", "Geneviève", "Hugo",
    "Isabelle", "Jérôme", "Karine", "Louis", "Mélanie", "Nicolas", "Olivia", "Philippe",
    "Rachel", "Samuel", "Thérèse", "Vincent", "William", "Yasmine", "Zoé", "Alexandre",
    "Béatrice", "Charles", "Diane", "Étienne", "Florence", "Gabriel", "Hélène", "Julien",
]  # fmt: skip
LAST_NAMES = [
    "Bouchard", "Côté", "Gagnon", "Roy", "Lavoie", "Morin", "Fortin", "Gagné", "Ouellet",
    "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette", "Girard",
    "Simard", "Boucher", "Caron", "Beaulieu", "Cloutier", "Dubé", "Poirier", "Fournier",
]  # fmt: skip
SCHOOL_KINDS = ["École primaire", "École secondaire", "Centre de formation professionnelle",
                "Centre d'éducation des adultes", "Collège"]  # fmt: skip
SCHOOL_NAMES = ["de la Vallée", "du Littoral", "des Trois-Lacs", "du Plateau", "des Rivières",
                "de la Plaine", "des Monts", "de l'Estuaire", "des Îles", "du Bassin"]  # fmt: skip
PROJECTS = [
    "Nous voulons partager ce que nous avons essayé et apprendre des autres milieux.",
    "Un projet de théâtre avec deux groupes du premier cycle.",
    "Relancer le club de lecture et l'ouvrir aux familles.",
    "Mieux accueillir les élèves nouvellement arrivés grâce aux arts.",
    "Créer un local de création ouvert sur l'heure du dîner.",
    "Documenter nos pratiques pour les transmettre à la nouvelle équipe.",
]  # fmt: skip


def _day(base, days):
    return base + datetime.timedelta(days=days)


def _calendar(rng, stage, *, today, sessions, interval):
    """(opens_at, closes_at, first session day) for a community at ``stage`` today."""
    if stage == "upcoming":
        opens = _day(today, rng.randint(5, 60))
        closes = _day(opens, rng.randint(20, 45))
        first = _day(closes, rng.randint(7, 21))
    elif stage == "open":
        opens = _day(today, -rng.randint(3, 40))
        closes = _day(today, rng.randint(3, 60))
        first = _day(closes, rng.randint(7, 21))
    elif stage == "closed":
        opens = _day(today, -rng.randint(45, 90))
        closes = _day(today, -rng.randint(1, 20))
        first = _day(today, rng.randint(3, 30))
    else:
        if stage == "under-way":  # some sessions held, the last one still ahead
            held = rng.randint(1, sessions - 1)
            first = _day(today, -(interval * held - rng.randint(1, interval - 1)))
        else:
            last = _day(today, -rng.randint(3, 300) if stage == "over" else -rng.randint(400, 900))
            first = _day(last, -interval * (sessions - 1))
        closes = _day(first, -rng.randint(7, 14))
        opens = _day(closes, -rng.randint(30, 60))
    return aware(opens), aware(closes, 17), first


def _community(rng, n, stage, *, index, now):
    kind = rng.choice(CommunityKind.values)
    topic = rng.choice(TOPICS)
    draw = rng.random() < 0.3
    mode = rng.choices(MeetingMode.values, (6, 2, 2))[0]  # videoconference, in person, hybrid
    sessions = 4 + n % 4
    interval = rng.choice((7, 14, 28))
    today = timezone.localdate(now)
    opens, closes, first = _calendar(rng, stage, today=today, sessions=sessions, interval=interval)
    capacity = rng.choice((12, 15, 20, 25, 30, 40, 50, 60, 80, 100))
    if not draw and rng.random() < 0.2:
        capacity = None  # seats not counted
    start, end = rng.choice(HOURS)
    place = rng.choice(PLACES)
    community = create_community(
        index,
        slug=f"{VOLUME}communaute-{n:04d}",
        title=f"{KIND_TITLES[kind]} {n} — {topic}",
        kind=kind,
        theme=topic[0].upper() + topic[1:],
        intro=f"Un groupe d'intervenants et d'enseignants qui avancent ensemble sur {topic}.",
        description=f"<p>Chaque rencontre part des projets des membres. On y échange sur {topic}, "
        "on essaie des idées dans son milieu entre deux séances et on en rend compte au groupe.</p>",
        objectives="<ul><li>Partager des pratiques qui fonctionnent.</li><li>Bâtir des outils "
        "communs.</li><li>Élargir son réseau.</li></ul>",
        audience_roles=rng.sample(AudienceRole.values, rng.randint(2, 5)),
        school_levels=rng.sample(SchoolLevel.values, rng.randint(1, 3)),
        mode=mode,
        capacity_min=capacity // 2 if capacity and rng.random() < 0.5 else None,
        capacity_max=capacity,
        waitlist_enabled=True,
        opens=opens,
        closes=closes,
        selection_method=SelectionMethod.DRAW if draw else SelectionMethod.FIRST_COME,
        selection_note="Tirage au sort parmi les projets pertinents si trop de personnes s'inscrivent."
        if draw
        else "",
        reminder_hours=rng.choice((24, 48)),
        contact_email=f"communaute-{n}@example.org",
        sessions=[
            CommunitySession(
                date=_day(first, interval * number),
                start_time=start,
                end_time=end,
                topic=SESSION_TOPICS[number % len(SESSION_TOPICS)],
                location="" if mode == MeetingMode.VIDEOCONFERENCE else place,
                meeting_url=""
                if mode == MeetingMode.IN_PERSON
                else f"https://example.org/visio/{n}-{number + 1}",
            )
            for number in range(sessions)
        ],
        facilitators=[
            CommunityFacilitator(
                sort_order=0,
                name=f"Équipe d'animation {rng.choice(SCHOOL_NAMES)}",
                organisation="Réseau des intervenants socioculturels",
            )
        ],
    )
    community.volume_stage = stage
    return community


def _spread(rng, total, communities):
    """How many registrations each community gets (none before registration opens)."""
    weights = [rng.uniform(0.4, 1.6) if c.volume_stage != "upcoming" else 0 for c in communities]
    scale = total / (sum(weights) or 1)
    counts = [int(w * scale) for w in weights]
    open_ones = [i for i, w in enumerate(weights) if w]
    if not open_ones:
        return counts
    for i in range(total - sum(counts)):  # what rounding left, one each
        counts[open_ones[i % len(open_ones)]] += 1
    return counts


class People:
    """Made-up people, each with one address; communities draw from the same pool."""

    def __init__(self, size):
        self.size = size

    def person(self, number):
        first = FIRST_NAMES[number % len(FIRST_NAMES)]
        last = LAST_NAMES[(number // len(FIRST_NAMES)) % len(LAST_NAMES)]
        school = (
            f"{SCHOOL_KINDS[number % len(SCHOOL_KINDS)]} {SCHOOL_NAMES[number % len(SCHOOL_NAMES)]}"
        )
        return {
            "name": f"{first} {last}",
            "email": f"{slugify(first)}.{slugify(last)}.{number}@example.org",
            "organisation": school,
            "region": Region.values[number % len(Region.values)],
        }


def _moment(rng, start, end):
    return start + (end - start) * rng.random()


def _later(rng, moment, *, now, days=3):
    return min(now, moment + datetime.timedelta(hours=rng.randint(1, 24 * days)))


def _entries(rng, community, people, numbers, *, now):
    """(answers, language, moment) of each registration, in order of arrival, all within the
    window (it closes at ``registration_closes_at``, excluded)."""
    start = community.registration_opens_at
    end = min(now, community.registration_closes_at - datetime.timedelta(seconds=1))
    moments = sorted(_moment(rng, start, end) for _ in numbers)
    return [
        (
            {
                **people.person(number),
                "role": rng.choice(community.audience_roles),
                "school_level": rng.choice(community.school_levels),
                "project": rng.choice(PROJECTS),
                "colleagues": "Deux collègues de l'équipe-école" if rng.random() < 0.2 else "",
            },
            "en" if rng.random() < 0.1 else "fr-ca",
            moment,
        )
        for number, moment in zip(numbers, moments, strict=True)
    ]


def _settle(rng, community, *, now, after):
    """What people did with the seats they were offered, through the services: most
    confirm, a few decline or later withdraw (their seats go to the waitlist, in order).
    While registration is open, a fifth of the offers still wait for an answer."""
    open_now = community.volume_stage == "open"
    offered = list(
        Registration.objects.filter(community=community, state=RegistrationState.SELECTED).order_by(
            "pk"
        )
    )
    declined = [r for r in offered if rng.random() < 0.04]
    for registration in declined:
        services.decline_seat(registration=registration, now=_later(rng, after, now=now))
    left = set(declined)
    waiting = {r for r in offered if open_now and r not in left and rng.random() < 0.2}
    confirmed = [r for r in offered if r not in left and r not in waiting]
    services.confirm_seats(registrations=confirmed, now=_later(rng, after, now=now), notify=False)
    if not open_now:
        for registration in confirmed:
            if rng.random() < 0.04:
                services.withdraw(
                    registration=registration, now=_later(rng, after, now=now, days=20)
                )
    return len(declined)


def _draw(rng, community, registrations, *, now):
    """Staff judge relevance, then the draw runs two days after registration closes (if that
    is past); returns the Lottery or None."""
    stage = community.volume_stage
    ran_at = community.registration_closes_at + datetime.timedelta(days=2)
    assessed = [r for r in registrations if stage != "open" or rng.random() < 0.5]
    eligible = [r for r in assessed if rng.random() < 0.85]
    services.set_eligibility(registrations=eligible, eligible=True)
    services.set_eligibility(
        registrations=[r for r in assessed if r not in set(eligible)], eligible=False
    )
    if stage == "open" or ran_at > now:
        return None
    return services.draw_lottery(
        community=community, seed=rng.getrandbits(62), now=ran_at, notify=False
    )


def load(*, scale, report):
    locale = Locale.get_default()
    index = CommunityIndexPage.objects.filter(locale=locale).first()
    if index is None:
        report.skipped.append(("communities", "no communities index"))
        return
    if CommunityPage.objects.child_of(index).filter(slug__startswith=VOLUME).exists():
        report.unchanged.append("communities")
        return
    rng = seeded("communities")
    now = timezone.now()
    stages, weights = zip(*STAGES, strict=True)
    communities = [
        _community(rng, n, rng.choices(stages, weights)[0], index=index, now=now)
        for n in range(1, scaled(COMMUNITIES, scale) + 1)
    ]
    counts = _spread(rng, scaled(REGISTRATIONS, scale), communities)
    people = People(max(scaled(REGISTRATIONS, scale) // 3, *counts))
    registered = draws = purged = 0
    for community, count in zip(communities, counts, strict=True):
        if not count:
            continue
        numbers = rng.sample(range(people.size), count)  # nobody twice in one community
        results = services.register_many(
            community=community,
            entries=_entries(rng, community, people, numbers, now=now),
            notify=False,
        )
        registrations = [result.registration for result in results]
        registered += len(registrations)
        after = min(now, community.registration_closes_at)
        if community.selection_method == SelectionMethod.DRAW:
            lottery = _draw(rng, community, registrations, now=now)
            if lottery is None:
                continue
            draws += 1
            after = lottery.ran_at
        _settle(rng, community, now=now, after=after)
        if community.volume_stage == "archived":
            # Retention erased who they were, as purge_personal_data does a year after.
            for registration in Registration.objects.filter(community=community):
                services.purge_registration(registration=registration)
                purged += 1
    report.add("communities", len(communities))
    report.add("sessions", CommunitySession.objects.filter(community__in=communities).count())
    report.add("registrations", registered)
    report.add("draws", draws)
    report.add("purged", purged)
