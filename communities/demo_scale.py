"""Volume data of the communities app for benchmarks: communities, sessions, registrations.

See home/demo_scale.py. Communities go under the index in the default language, at every
stage of their life relative to today: registration to open, open, closed, under way, over,
and over long enough that retention erased their registrants' personal data. Registrations
follow the rules of communities/services.py: first come, first served gives the seats in
order and then the waitlist; a draw keeps everyone pending until it runs, then selects with
the services' own seeded shuffle and stores a replayable Lottery. People are made up and
write from example.org; the same person may join several communities, never twice at once.
"""

import datetime
import secrets

from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale

from home.choices import Region
from home.demo_scale import (
    TOPICS,
    VOLUME,
    add_live_pages,
    aware,
    index_in_bulk,
    scaled,
    seeded,
    seeded_uuid,
)
from home.private_links import hash_token

from . import services
from .models import (
    AudienceRole,
    CommunityFacilitator,
    CommunityIndexPage,
    CommunityKind,
    CommunityPage,
    CommunitySession,
    Lottery,
    MeetingMode,
    Registration,
    RegistrationState,
    SchoolLevel,
    SelectionMethod,
)

# At --scale 1.
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


def _community(rng, n, stage, *, now):
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
    page = CommunityPage(
        title=f"{KIND_TITLES[kind]} {n} — {topic}",
        slug=f"{VOLUME}communaute-{n:04d}",
        translation_key=seeded_uuid(rng),
        first_published_at=min(now, opens - datetime.timedelta(days=7)),
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
        registration_opens_at=opens,
        registration_closes_at=closes,
        selection_method=SelectionMethod.DRAW if draw else SelectionMethod.FIRST_COME,
        selection_note="Tirage au sort parmi les projets pertinents si trop de personnes s'inscrivent."
        if draw
        else "",
        reminder_hours=rng.choice((24, 48)),
        contact_email=f"communaute-{n}@example.org",
    )
    page.volume_sessions = [
        CommunitySession(
            sort_order=number,
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
    ]
    page.volume_stage = stage
    return page


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


def _first_come(rng, community, rows, *, now):
    """Seats in order of registration, then the waitlist; declined or withdrawn seats go to
    the next in line."""
    open_now = community.volume_stage == "open"
    capacity, holding, position = community.capacity_max, 0, 0
    for row in rows:
        when = row["submitted_at"]
        if capacity is None or holding < capacity:
            roll = rng.random()
            if roll < 0.05:
                row.update(
                    state=RegistrationState.DECLINED, state_changed_at=_later(rng, when, now=now)
                )
            elif roll < 0.1 and not open_now:
                row.update(
                    state=RegistrationState.WITHDRAWN,
                    state_changed_at=_later(rng, when, now=now, days=20),
                )
            elif open_now and roll > 0.8:
                holding += 1
                row.update(state=RegistrationState.SELECTED)  # offered, not confirmed yet
            else:
                holding += 1
                row.update(
                    state=RegistrationState.CONFIRMED, state_changed_at=_later(rng, when, now=now)
                )
        elif rng.random() < 0.07:
            row.update(
                state=RegistrationState.WITHDRAWN,
                state_changed_at=_later(rng, when, now=now, days=20),
            )
        else:
            position += 1
            row.update(state=RegistrationState.WAITLISTED, waitlist_position=position)


def _draw(rng, community, rows, *, now):
    """Pending until the draw; after it, the services' draw over the eligible, in order of
    registration. Returns the draw (indexes of ``rows``) or None when it has not run."""
    stage = community.volume_stage
    ran_at = community.registration_closes_at + datetime.timedelta(days=2)
    if stage == "open" or ran_at > now:
        for row in rows:
            roll = rng.random()
            assessed = stage != "open" or roll < 0.5
            row["eligible"] = (rng.random() < 0.85) if assessed else None
        return None
    for row in rows:
        row["eligible"] = rng.random() < 0.85
    seed = rng.getrandbits(62)
    eligible = [i for i, row in enumerate(rows) if row["eligible"]]
    order = services.draw_order(eligible_ids=eligible, seed=seed)
    seats = community.capacity_max if community.capacity_max is not None else len(order)
    winners = services.pick_winners(
        order=order, level_of={i: rows[i]["school_level"] for i in order}, seats=seats, reserved=[]
    )
    # The winners are the first seats of the order; a declined seat goes to the next in it.
    free, position = seats, 0
    for i in order:
        row = rows[i]
        changed = _later(rng, ran_at, now=now)
        if free and rng.random() < 0.05:
            row.update(state=RegistrationState.DECLINED, state_changed_at=changed)
        elif free:
            free -= 1
            if stage == "closed" and rng.random() < 0.3:
                row.update(state=RegistrationState.SELECTED, state_changed_at=ran_at)
            else:
                row.update(state=RegistrationState.CONFIRMED, state_changed_at=changed)
        else:
            position += 1
            row.update(
                state=RegistrationState.WAITLISTED,
                waitlist_position=position,
                state_changed_at=ran_at,
            )
    for row in rows:
        if not row["eligible"]:
            row.update(state=RegistrationState.NOT_SELECTED, state_changed_at=ran_at)
    return {
        "seed": seed,
        "ran_at": ran_at,
        "seats": seats,
        "eligible": eligible,
        "order": order,
        "winners": winners,
    }


def _registrations(rng, community, people, numbers, *, now):
    """The community's registrations as field values, in order of registration."""
    end = min(now, community.registration_closes_at)
    moments = sorted(_moment(rng, community.registration_opens_at, end) for _ in numbers)
    rows = []
    for number, moment in zip(numbers, moments, strict=True):
        rows.append(
            {
                **people.person(number),
                "role": rng.choice(community.audience_roles),
                "school_level": rng.choice(community.school_levels),
                "project": rng.choice(PROJECTS),
                "colleagues": "Deux collègues de l'équipe-école" if rng.random() < 0.2 else "",
                "language": "en" if rng.random() < 0.1 else "fr-ca",
                "submitted_at": moment,
                "consented_at": moment,
                "state_changed_at": moment,
                "state": RegistrationState.PENDING,
                "eligible": None,
                "waitlist_position": None,
            }
        )
    if community.selection_method == SelectionMethod.DRAW:
        lottery = _draw(rng, community, rows, now=now)
    else:
        _first_come(rng, community, rows, now=now)
        lottery = None
    if community.volume_stage == "archived":
        # Retention erased who they were (services.purge_registration), a year after the end.
        purged_at = aware(community.volume_sessions[-1].date + datetime.timedelta(days=366))
        for row in rows:
            row.update(name="", email="", organisation="", project="", colleagues="")
            row.update(token_salt="", token_hash=f"purged:{secrets.token_hex(16)}")
            row["personal_data_purged_at"] = purged_at
    else:
        for row in rows:
            # The private link, exactly as services.register makes it.
            salt = secrets.token_hex(16)
            row.update(token_salt=salt, token_hash=hash_token(services.private_token(salt=salt)))
    return rows, lottery


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
        _community(rng, n, rng.choices(stages, weights)[0], now=now)
        for n in range(1, scaled(COMMUNITIES, scale) + 1)
    ]
    add_live_pages(index, communities)

    sessions, facilitators = [], []
    for community in communities:
        for session in community.volume_sessions:
            session.community_id = community.pk
            sessions.append(session)
        facilitators.append(
            CommunityFacilitator(
                community_id=community.pk,
                sort_order=0,
                name=f"Équipe d'animation {rng.choice(SCHOOL_NAMES)}",
                organisation="Réseau des intervenants socioculturels",
            )
        )
    CommunitySession.objects.bulk_create(sessions, batch_size=500)
    CommunityFacilitator.objects.bulk_create(facilitators, batch_size=500)

    counts = _spread(rng, scaled(REGISTRATIONS, scale), communities)
    people = People(max(scaled(REGISTRATIONS, scale) // 3, *counts))
    registrations, draws = [], []
    for community, count in zip(communities, counts, strict=True):
        numbers = rng.sample(range(people.size), count)  # nobody twice in one community
        rows, lottery = _registrations(rng, community, people, numbers, now=now)
        objects = [Registration(community_id=community.pk, **row) for row in rows]
        registrations += objects
        if lottery:
            draws.append((community, objects, lottery))
    # In order of registration within each community: the draws below rely on it.
    Registration.objects.bulk_create(registrations, batch_size=1000)

    lotteries = []
    for community, objects, draw in draws:
        pk = [registration.pk for registration in objects]
        eligible = [pk[i] for i in draw["eligible"]]
        order = [pk[i] for i in draw["order"]]
        # draw_order sorts the ids before shuffling: ids that grow with the rows give the
        # same order as the rows' indexes did, so the stored draw replays.
        if services.draw_order(eligible_ids=eligible, seed=draw["seed"]) != order:
            raise RuntimeError("Registration ids do not follow the order of insertion.")
        lotteries.append(
            Lottery(
                community_id=community.pk,
                seed=draw["seed"],
                ran_at=draw["ran_at"],
                seats=draw["seats"],
                applicants=len(objects),
                eligible_ids=eligible,
                order=order,
                winner_ids=[pk[i] for i in draw["winners"]],
                reserved={},
            )
        )
    Lottery.objects.bulk_create(lotteries)

    index_in_bulk(CommunityPage, communities)
    report.add("communities", len(communities))
    report.add("sessions", len(sessions))
    report.add("registrations", len(registrations))
    report.add("draws", len(lotteries))
