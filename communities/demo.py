"""Demo content of the communities app, from the facts of seeds 000, 001, 003 and 004.

ACLAM's own community of practice ("the colloque, all year long": workshops, virtual round
tables, networking; seed 000), sessions ahead of the load day.

Two virtual communities on learning commons (six sessions each, 16:00–17:30), the school
wellbeing communities (by level, four meetings a year for three years, deliverables in the
spring of years 1 and 3, a draw when too many apply; the "other" community of managers
and file leads is the seed's own 2021-2024 cohort, its deliverables published) and the
school–social centre cooperation series (three meetings with work in between, six
principles, what comes next). Dates follow today's, so every
registration status shows; registrations go through the services, as visitors' would.
"""

import datetime

from django.utils import timezone
from wagtail.models import Locale, Site

from factories.communities import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    registration_data,
)
from home.demo_utils import (
    CREATED,
    UNCHANGED,
    DemoReport,
    paragraph,
    publish,
    translate_page,
    upsert_page,
)
from home.models import HomePage, HomePageFeaturedLink, OutboxEmail

from . import services
from .models import (
    CommunityFacilitator,
    CommunityPage,
    CommunitySession,
    Deliverable,
    Registration,
    ReservedSeats,
)

T = datetime.time


def _at(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, T(hour, 0)))


def _school_years(today):
    """(the cohort under way, the next school year): start years of school years."""
    current = today.year if today >= datetime.date(today.year, 10, 1) else today.year - 1
    upcoming = today.year if today < datetime.date(today.year, 9, 1) else today.year + 1
    return current, upcoming


def _weekday(day):
    """``day``, or the nearest school day when it falls on a weekend in the loaded year
    (Saturday: the Friday before; Sunday: the Monday after)."""
    if day.weekday() == 5:
        return day - datetime.timedelta(days=1)
    if day.weekday() == 6:
        return day + datetime.timedelta(days=1)
    return day


def _second_thursday(year, month):
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(3 - first.weekday()) % 7 + 7)


def _wellbeing_sessions(start_year, topics):
    days = []
    for year in range(3):
        base = start_year + year
        # October, January, March and May: four meetings a school year, on a Thursday.
        for month, year_shift in ((10, 0), (1, 1), (3, 1), (5, 1)):
            days.append(_second_thursday(base + year_shift, month))
    return [
        CommunitySession(
            date=day,
            start_time=T(13, 30),
            end_time=T(15, 30),
            topic=topics[index % len(topics)],
            meeting_url=f"https://example.org/visio/bien-etre-{index + 1}",
        )
        for index, day in enumerate(days)
    ]


WELLBEING_TOPICS_FR = [
    "Tour de table : les projets sur le bien-être de chaque milieu",
    "Ce qui marche : pratiques prometteuses",
    "Codéveloppement : un cas apporté par un membre",
    "Bilan de l'année et suites",
]
WELLBEING_TOPICS_EN = [
    "Round table: each school's wellbeing projects",
    "What works: promising practices",
    "Co-development: a case brought by a member",
    "Looking back on the year and next steps",
]

FIRST_NAMES = [
    "Amélie", "Benoît", "Catherine", "David", "Émilie", "François", "Geneviève", "Hugo",
    "Isabelle", "Jérôme", "Karine", "Louis", "Mélanie", "Nicolas", "Olivia", "Philippe",
    "Rachel", "Samuel", "Thérèse", "Vincent", "William", "Yasmine", "Zoé", "Alexandre",
]  # fmt: skip
LAST_NAMES = [
    "Bouchard", "Côté", "Gagnon", "Roy", "Lavoie", "Morin", "Fortin", "Gagné", "Ouellet",
    "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette", "Girard",
]  # fmt: skip
SCHOOLS = [
    "École Saint-Jean-Baptiste, CSS de Montréal",
    "École secondaire Jeanne-Mance, CSS de Montréal",
    "École des Cœurs-Vaillants, CSS des Découvreurs",
    "Centre de formation professionnelle de Lévis",
    "École primaire Sainte-Anne, CSS de la Capitale",
    "Centre d'éducation des adultes L'Escale, CSS des Sommets",
    "Westmount High School, English Montreal School Board",
]


def _person(index, *, community_key):
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[(index * 7) % len(LAST_NAMES)]
    email = f"{first}.{last}.{community_key}.{index}".lower()
    for accented, plain in (("é", "e"), ("è", "e"), ("ë", "e"), ("ô", "o"), ("ï", "i")):
        email = email.replace(accented, plain)
    return first + " " + last, f"{email}@example.org"


def _register(community, index, *, key, level, role="teacher", region="06", project="", now):
    name, email = _person(index, community_key=key)
    return services.register(
        community=community,
        data=registration_data(
            name=name,
            email=email,
            role=role,
            organisation=SCHOOLS[index % len(SCHOOLS)],
            region=region,
            school_level=level,
            project=project
            or "Nous voulons partager ce que nous avons essayé et apprendre des autres milieux.",
            colleagues="",
        ),
        language="fr-ca",
        now=now,
    ).registration


def _rows(*, sessions, facilitators=(), deliverables=(), reserved=()):
    """A community's inline rows, in the order given."""
    for order, session in enumerate(sessions):
        session.sort_order = order
    return {
        "sessions": sessions,
        "facilitators": [
            CommunityFacilitator(sort_order=order, **fields)
            for order, fields in enumerate(facilitators)
        ],
        "deliverables": [
            Deliverable(sort_order=order, **fields) for order, fields in enumerate(deliverables)
        ],
        "reserved_seats": [
            ReservedSeats(sort_order=order, **fields) for order, fields in enumerate(reserved)
        ],
    }


def _community(*, index, slug, reset, report, children, **fields):
    existing = index.get_children().filter(slug=slug).specific().first()
    if existing is not None and (not reset or existing.registrations.exists()):
        # Registrations hang on sessions and seats: a community that has some is left alone.
        report.add(UNCHANGED)
        return existing
    if existing is None:
        page = CommunityPageFactory(parent=index, slug=slug, **fields, **_rows(**children))
    else:
        page = existing
        for name, value in {**fields, **_rows(**children)}.items():
            setattr(page, name, value)
    publish(page)
    report.add(CREATED)
    return page


def _translate(
    page,
    *,
    english,
    reset,
    report,
    sessions_topics=None,
    deliverable_titles=None,
    facilitators=None,
):
    locale = Locale.objects.get(language_code="en")
    translated = translate_page(page=page, locale=locale, reset=reset, report=report, **english)
    changed = False
    # Inline rows are part of the page's revision: change them on the page, then publish.
    if sessions_topics is not None:
        sessions = sorted(translated.sessions.all(), key=lambda s: (s.date, s.start_time, s.pk))
        for session, topic in zip(sessions, sessions_topics, strict=False):
            if session.topic != topic:
                session.topic = topic
                changed = True
        translated.sessions = sessions
    if deliverable_titles is not None:
        deliverables = sorted(translated.deliverables.all(), key=lambda d: (d.target_date, d.pk))
        for deliverable, title in zip(deliverables, deliverable_titles, strict=False):
            if deliverable.title != title:
                deliverable.title = title
                deliverable.target_label = deliverable.target_label.replace("Printemps", "Spring")
                changed = True
        translated.deliverables = deliverables
    if facilitators is not None:  # names and roles in English; organisations keep theirs
        rows = sorted(translated.facilitators.all(), key=lambda f: (f.sort_order, f.pk))
        for row, fields in zip(rows, facilitators, strict=False):
            for name, value in fields.items():
                if getattr(row, name) != value:
                    setattr(row, name, value)
                    changed = True
        translated.facilitators = rows
    if changed:
        publish(translated)
    return translated


def load(*, reset, stdout):
    report = DemoReport()
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    today = timezone.localdate()
    now = timezone.now()
    current, upcoming = _school_years(today)
    first_email = OutboxEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    # A StandardPage stood in for this section before the communities app existed.
    for placeholder in home.get_children().filter(slug="communautes-de-pratique"):
        for translation in placeholder.get_translations(inclusive=True):
            translation.delete()

    index = upsert_page(
        parent=home,
        factory=CommunityIndexPageFactory,
        slug="communautes",
        reset=reset,
        report=report,
        title="Communautés de pratique",
        show_in_menus=True,
        intro="De petits groupes de personnel scolaire qui se réunissent quelques fois par "
        "année, le plus souvent en visioconférence, pour avancer ensemble sur leurs pratiques.",
        body=[
            paragraph(
                "<p>Une communauté de pratique n'est pas une formation : chaque membre y "
                "apporte son expérience pour réfléchir à des questions précises et proposer "
                "des solutions. Entre deux rencontres, on essaie des idées dans son milieu.</p>"
            )
        ],
        privacy_notice="<p>Nous recueillons ces renseignements pour former les groupes, vous "
        "envoyer les liens des rencontres et vous écrire au sujet de votre inscription. Seule "
        "l'équipe d'animation y a accès. Vous pouvez les consulter, les corriger ou demander "
        "leur suppression en tout temps.</p>",
        privacy_contact="confidentialite@example.org",
    )
    english_index = translate_page(
        page=index,
        locale=Locale.objects.get(language_code="en"),
        reset=reset,
        report=report,
        title="Communities of practice",
        slug="communities",
        intro="Small groups of school staff who meet a few times a year, mostly by "
        "videoconference, to move their practice forward together.",
        body=[
            paragraph(
                "<p>A community of practice is not a training course: every member brings "
                "their experience to think through precise questions and suggest solutions. "
                "Between two meetings, people try ideas out in their own school.</p>"
            )
        ],
        privacy_notice="<p>We collect this information to form the groups, send you the "
        "meeting links and write to you about your registration. Only the facilitation team "
        "sees it. You may see it, correct it or ask us to erase it at any time.</p>",
    )

    communities = _learning_commons(index=index, upcoming=upcoming, reset=reset, report=report)
    communities.update(
        _wellbeing(index=index, current=current, upcoming=upcoming, reset=reset, report=report)
    )
    communities["social"] = _social_centres(index=index, reset=reset, report=report)
    _registrations(communities=communities, now=now, report=report)
    communities["aclam"] = _aclam(index=index, today=today, reset=reset, report=report)
    _wellbeing_others(index=index, reset=reset, report=report)
    _feature_on_home(home=home, communities=communities, english_index=english_index)

    # The demo's made-up people get no email: drop what the steps above queued.
    OutboxEmail.objects.filter(pk__gt=first_email, sent_at__isnull=True).delete()
    return report


LEARNING_COMMONS_ROLES = [
    "librarian", "teacher", "daycare", "principal", "advisor", "parent", "facilitator",
    "architect", "other",
]  # fmt: skip
LIBRARIANS = [
    {"name": "Équipe des bibliothécaires", "organisation": "Centre de services scolaire de Montréal"},
    {"name": "Équipe de l'École en réseau", "role": "Coordination des séances"},
]  # fmt: skip
LIBRARIANS_EN = [{"name": "The librarians' team"}, {"name": "The École en réseau team", "role": "Session coordination"}]  # fmt: skip


def _copv_sessions(year, days, slug):
    months = (10, 12, 1, 3, 4, 5)
    dates = [
        _weekday(datetime.date(year if month >= 9 else year + 1, month, day))
        for month, day in zip(months, days, strict=True)
    ]
    return [
        CommunitySession(
            date=day,
            start_time=T(16, 0),
            end_time=T(17, 30),
            meeting_url=f"https://example.org/visio/{slug}-{number}",
        )
        for number, day in enumerate(dates, start=1)
    ]


def _learning_commons(*, index, upcoming, reset, report):
    opens = _at(timezone.localdate() - datetime.timedelta(days=20))
    closes = _at(datetime.date(upcoming, 10, 7), 17)
    common = {
        "kind": "virtual",
        "theme": "Carrefours d'apprentissage",
        "audience_roles": LEARNING_COMMONS_ROLES,
        "audience_note": "Idéalement au moins deux membres de l'équipe-école, et la direction à "
        "une séance ou plus.",
        "school_levels": ["preschool-primary", "secondary"],
        "mode": "videoconference",
        "registration_opens_at": opens,
        "registration_closes_at": closes,
        "selection_method": "first-come",
        "release_time": "<p>Au CSSDM, les directions peuvent libérer les enseignants grâce à "
        "l'enveloppe de développement professionnel. Parlez-en à la vôtre : d'autres centres de "
        "services scolaires font de même.</p>",
        "contact_email": "carrefours@example.org",
    }
    setup = _community(
        index=index,
        slug="copv-carrefours-mise-en-place",
        reset=reset,
        report=report,
        title="CoPV 1 — Mettre en place un carrefour d'apprentissage",
        intro="Pour les écoles primaires et secondaires qui songent à créer un carrefour "
        "d'apprentissage : par où commencer?",
        description="<p>Un carrefour d'apprentissage est un espace partagé où toute l'école "
        "trouve livres jeunesse, ressources numériques, robotique ou matériel de science, et "
        "où l'on échange ses bonnes pratiques.</p><p>Le groupe réfléchira par exemple au rôle "
        "pédagogique du carrefour, à la façon de rallier l'équipe-école, aux premiers pas et "
        "aux budgets.</p>",
        objectives="<ul><li>Comprendre ce qu'est un carrefour d'apprentissage.</li><li>Bâtir "
        "un plan de mise en place pour son école.</li></ul>",
        capacity_min=8,
        capacity_max=15,
        children={
            "sessions": _copv_sessions(upcoming, (21, 2, 20, 17, 21, 26), "copv1"),
            "facilitators": LIBRARIANS,
        },
        **common,
    )
    use = _community(
        index=index,
        slug="copv-carrefours-utilisation",
        reset=reset,
        report=report,
        title="CoPV 2 — Faire vivre son carrefour d'apprentissage",
        intro="Votre école a déjà un carrefour d'apprentissage? Voyons comment en tirer le "
        "meilleur parti.",
        description="<p>Pour les écoles qui ont déjà leur carrefour : projets à essayer en "
        "classe, horaire des visites, outils à acheter, partage des bonnes pratiques avec "
        "l'équipe et collaboration avec les bibliothèques publiques du quartier.</p>",
        objectives="<ul><li>Diversifier les projets menés au carrefour.</li><li>Faire du "
        "carrefour un lieu utilisé par toute l'école.</li></ul>",
        capacity_min=4,
        capacity_max=6,
        children={
            "sessions": _copv_sessions(upcoming, (22, 3, 21, 18, 22, 27), "copv2"),
            "facilitators": LIBRARIANS,
        },
        **common,
    )
    english_common = {
        "theme": "Learning commons",
        "audience_note": "Ideally at least two members of the school team, and the principal at "
        "one session or more.",
        "release_time": "<p>At the CSSDM, principals can release teachers through the "
        "professional development budget. Ask yours: other school service centres do the "
        "same.</p>",
    }
    _translate(
        setup,
        english={
            "title": "Virtual CoP 1 — Setting up a learning commons",
            "slug": "virtual-cop-learning-commons-setup",
            "intro": "For primary and secondary schools thinking of creating a learning "
            "commons: where to start?",
            "description": "<p>A learning commons is a shared space where the whole school "
            "finds children's books, digital resources, robotics or science kits, and where "
            "good practices are shared.</p><p>The group will think about the commons' teaching "
            "role, how to bring the school team on board, first steps and budgets.</p>",
            "objectives": "<ul><li>Understand what a learning commons is.</li><li>Build a plan "
            "to set one up in your school.</li></ul>",
            **english_common,
        },
        reset=reset,
        report=report,
        facilitators=LIBRARIANS_EN,
    )
    _translate(
        use,
        english={
            "title": "Virtual CoP 2 — Bringing your learning commons to life",
            "slug": "virtual-cop-learning-commons-use",
            "intro": "Your school already has a learning commons? Let's see how to make the "
            "most of it.",
            "description": "<p>For schools that already have a commons: classroom projects to "
            "try, visit schedules, tools to buy, sharing good practices with the team and "
            "working with the neighbourhood's public libraries.</p>",
            "objectives": "<ul><li>Broaden the projects run in the commons.</li><li>Make it a "
            "place the whole school uses.</li></ul>",
            **english_common,
        },
        reset=reset,
        report=report,
        facilitators=LIBRARIANS_EN,
    )
    return {"setup": setup, "use": use}


WELLBEING_COMMON = {
    "kind": "codevelopment",
    "theme": "Bien-être à l'école",
    "audience_roles": ["teacher", "principal", "advisor", "facilitator", "other"],
    "audience_note": "Des représentants désignés par leur organisation, qui partagent leurs "
    "initiatives et contribuent à diffuser les pratiques exemplaires.",
    "mode": "videoconference",
    "selection_method": "draw",
    "selection_note": "Tirage au sort parmi les projets pertinents si trop de personnes "
    "s'inscrivent.",
    "description": "<p>Au sortir de la pandémie, les écoles repensent leurs pratiques pour "
    "assurer le bien-être de tous et, en fin de compte, la réussite éducative dans une visée "
    "inclusive. Ces groupes de codéveloppement virtuels offrent un accompagnement de proximité "
    "autour des pratiques probantes.</p>",
    "objectives": "<ol><li>Dégager des pratiques prometteuses en matière de bien-être à "
    "l'école.</li><li>Élaborer un guide de pratiques pour le milieu scolaire.</li><li>Favoriser "
    "le réseautage entre équipes-écoles, centres de FP et de FGA, centres de services scolaires "
    "et commissions scolaires autour de projets qui émergent.</li></ol>",
    "work_between_sessions": "<p>Entre les rencontres, chaque membre fait avancer le projet de "
    "son milieu et documente ce qui fonctionne, pour le guide.</p>",
    "funding": "<p>Les organisations peuvent payer le remplacement de leur personnel avec les "
    "mesures budgétaires 15021 et 15022 (réseau public) ou 30370 et 30371 (écoles privées "
    "agréées aux fins de subventions).</p>",
    "contact_email": "bien-etre@example.org",
}
WELLBEING_ENGLISH = {
    "theme": "Wellbeing at school",
    "audience_note": "Representatives named by their organisation, who share their "
    "initiatives and help spread exemplary practices.",
    "selection_note": "A draw among the relevant projects if too many people register.",
    "description": "<p>After the pandemic, schools are rethinking their practices to ensure "
    "everyone's wellbeing and, in the end, educational success for all. These virtual "
    "co-development groups offer close support around evidence-based practices.</p>",
    "objectives": "<ol><li>Identify promising wellbeing practices in schools.</li><li>Write a "
    "practice guide for schools.</li><li>Encourage networking between school teams, vocational "
    "and adult education centres, school service centres and school boards around emerging "
    "projects.</li></ol>",
    "work_between_sessions": "<p>Between meetings, each member moves their school's project "
    "forward and records what works, for the guide.</p>",
    "funding": "<p>Organisations can pay for replacing their staff with budget measures 15021 "
    "and 15022 (public network) or 30370 and 30371 (subsidised private schools).</p>",
}
FACILITATORS = [
    {
        "name": "Équipe de la Stratégie d'entraide éducative et de bien-être à l'école",
        "organisation": "Direction des services éducatifs complémentaires (DSECIMD)",
    }
]
FACILITATORS_EN = [
    {"name": "The team of the school strategy for educational support and well-being"}
]


def _deliverables(start_year):
    return [
        {
            "title": "Diffusion de pratiques prometteuses",
            "target_date": datetime.date(start_year + 1, 5, 31),
            "target_label": f"Printemps {start_year + 1}",
        },
        {
            "title": "Guide de pratiques en matière de bien-être",
            "target_date": datetime.date(start_year + 3, 5, 31),
            "target_label": f"Printemps {start_year + 3}",
        },
    ]


def _wellbeing(*, index, current, upcoming, reset, report):
    today = timezone.localdate()
    primary = _community(
        index=index,
        slug="bien-etre-prescolaire-primaire",
        reset=reset,
        report=report,
        title="Bien-être à l'école — préscolaire et primaire",
        intro="Un groupe de codéveloppement virtuel pour les équipes du préscolaire et du "
        "primaire, sur trois ans.",
        school_levels=["preschool-primary"],
        capacity_min=12,
        capacity_max=15,
        registration_opens_at=_at(datetime.date(current, 5, 1)),
        registration_closes_at=_at(datetime.date(current, 9, 15), 17),
        children={
            "sessions": _wellbeing_sessions(current, WELLBEING_TOPICS_FR),
            "facilitators": FACILITATORS,
            "deliverables": _deliverables(current),
        },
        **WELLBEING_COMMON,
    )
    secondary = _community(
        index=index,
        slug="bien-etre-secondaire-fp-fga",
        reset=reset,
        report=report,
        title="Bien-être à l'école — secondaire, FP et FGA",
        intro="Un groupe de codéveloppement virtuel pour le secondaire, y compris la formation "
        "professionnelle et l'éducation des adultes.",
        school_levels=["secondary", "vocational", "adult"],
        capacity_min=12,
        capacity_max=15,
        registration_opens_at=_at(today - datetime.timedelta(days=10)),
        registration_closes_at=_at(today + datetime.timedelta(days=30), 17),
        children={
            "sessions": _wellbeing_sessions(upcoming, WELLBEING_TOPICS_FR),
            "facilitators": FACILITATORS,
            "deliverables": _deliverables(upcoming),
            "reserved": [
                {"school_level": "vocational", "seats": 2},
                {"school_level": "adult", "seats": 2},
            ],
        },
        **WELLBEING_COMMON,
    )
    english_sector = _community(
        index=index,
        slug="bien-etre-secteur-anglophone",
        reset=reset,
        report=report,
        title="Bien-être à l'école — secteur anglophone",
        intro="Une communauté pour les écoles et centres du secteur anglophone; le nombre de "
        "places sera précisé selon l'intérêt.",
        school_levels=["english"],
        capacity_min=None,
        capacity_max=None,
        registration_opens_at=_at(today - datetime.timedelta(days=40)),
        registration_closes_at=_at(today - datetime.timedelta(days=2), 17),
        children={
            "sessions": _wellbeing_sessions(upcoming, WELLBEING_TOPICS_FR),
            "facilitators": FACILITATORS,
            "deliverables": _deliverables(upcoming),
        },
        **WELLBEING_COMMON,
    )
    for page, title, slug, intro in (
        (
            primary,
            "Wellbeing at school — preschool and primary",
            "wellbeing-preschool-primary",
            "A virtual co-development group for preschool and primary teams, over three years.",
        ),
        (
            secondary,
            "Wellbeing at school — secondary, vocational and adult education",
            "wellbeing-secondary-vocational-adult",
            "A virtual co-development group for secondary schools, including vocational "
            "training and adult education.",
        ),
        (
            english_sector,
            "Wellbeing at school — English-language sector",
            "wellbeing-english-language-sector",
            "A community for English-language schools and centres; the number of seats will "
            "depend on interest.",
        ),
    ):
        _translate(
            page,
            english={"title": title, "slug": slug, "intro": intro, **WELLBEING_ENGLISH},
            reset=reset,
            report=report,
            sessions_topics=[WELLBEING_TOPICS_EN[i % len(WELLBEING_TOPICS_EN)] for i in range(12)],
            deliverable_titles=["Sharing promising practices", "Wellbeing practice guide"],
            facilitators=FACILITATORS_EN,
        )
    return {"primary": primary, "secondary": secondary, "english": english_sector}


# Seed 003's six principles and what follows the three meetings, in our words.
SOCIAL_PRINCIPLES_FR = (
    "<h3>Nos six principes</h3><ol>"
    "<li>Mettre en commun ce que chacun sait et fait.</li>"
    "<li>Réfléchir ensemble et avancer ensemble.</li>"
    "<li>Garder une démarche positive et constructive.</li>"
    "<li>Viser la présence de chaque participant aux trois rencontres.</li>"
    "<li>Faire une place aux personnes qui se joignent en cours de route.</li>"
    "<li>Parler des personnes absentes comme si elles étaient dans la salle.</li>"
    "</ol><h3>La suite</h3><p>Après la rencontre élargie, d'autres rencontres pourraient "
    "reprendre la formule à l'échelle locale, pour pousser la réflexion plus loin.</p>"
)
SOCIAL_PRINCIPLES_EN = (
    "<h3>Our six principles</h3><ol>"
    "<li>Pool what each of us knows and does.</li>"
    "<li>Think together and move forward together.</li>"
    "<li>Keep a positive, constructive approach.</li>"
    "<li>Aim for every participant to attend all three meetings.</li>"
    "<li>Make room for people who join along the way.</li>"
    "<li>Speak of people who are absent as if they were in the room.</li>"
    "</ol><h3>What comes next</h3><p>After the wider meeting, local meetings could take up "
    "the same format, to carry the work further.</p>"
)


def _social_centres(*, index, reset, report):
    page = _community(
        index=index,
        slug="ecoles-et-centres-sociaux",
        reset=reset,
        report=report,
        kind="codevelopment",
        theme="Coopération école–centres sociaux",
        title="Écoles et centres sociaux : valoriser les liens",
        intro="Trois rencontres pour mettre en forme les coopérations réussies entre "
        "établissements scolaires et centres sociaux.",
        description="<p>Centres sociaux et écoles agissent sur les mêmes territoires, auprès "
        "des mêmes familles, sur des sujets qui se croisent. Leurs liens varient d'un endroit "
        "à l'autre; tous constatent pourtant que ce partenariat est nécessaire et que certaines "
        "façons de faire l'aident.</p>" + SOCIAL_PRINCIPLES_FR,
        objectives="<ul><li>Mettre en forme les pratiques réussies et les faire connaître."
        "</li><li>Développer l'expertise des acteurs sur ce qui facilite les coopérations."
        "</li><li>Renforcer les liens locaux et départementaux.</li></ul>",
        audience_roles=["facilitator", "teacher", "principal", "other"],
        school_levels=["preschool-primary", "secondary"],
        mode="in-person",
        capacity_min=None,
        capacity_max=30,
        registration_opens_at=_at(datetime.date(2018, 2, 1)),
        registration_closes_at=_at(datetime.date(2018, 3, 30), 17),
        selection_method="first-come",
        work_between_sessions="<p>Après la première rencontre, les centres sociaux recueillent "
        "l'avis de leurs partenaires de l'éducation sur ce qui favorise leurs relations. Après "
        "la deuxième, ils en parlent autour d'eux et invitent leurs partenaires scolaires à se "
        "joindre à la troisième.</p>",
        children={
            "sessions": [
                CommunitySession(
                    date=datetime.date(2018, 4, 19),
                    start_time=T(9, 0),
                    end_time=T(12, 0),
                    topic="Entre centres sociaux : capitaliser les démarches réussies",
                ),
                CommunitySession(
                    date=datetime.date(2018, 10, 4),
                    start_time=T(9, 0),
                    end_time=T(12, 0),
                    topic="Compléter, valider et mettre en forme les productions",
                ),
                CommunitySession(
                    date=datetime.date(2019, 1, 24),
                    start_time=T(9, 0),
                    end_time=T(16, 0),
                    topic="Rencontre élargie aux partenaires de l'éducation : présenter, "
                    "échanger, débattre",
                ),
            ],
            "deliverables": [
                {
                    "title": "Recueil des démarches réussies (vidéo ou papier)",
                    "target_date": datetime.date(2018, 12, 31),
                    "target_label": "Automne 2018",
                    "status": "published",
                }
            ],
        },
    )
    _translate(
        page,
        english={
            "title": "Schools and social centres: valuing the links",
            "slug": "schools-and-social-centres",
            "theme": "School–social centre cooperation",
            "intro": "Three meetings to write up successful cooperation between schools and "
            "social centres.",
            "description": "<p>Social centres and schools work in the same neighbourhoods, "
            "with the same families, on overlapping topics. Their links vary from place to "
            "place; yet everyone agrees the partnership is needed and that some ways of working "
            "help.</p>" + SOCIAL_PRINCIPLES_EN,
            "objectives": "<ul><li>Write up successful practices and make them known.</li>"
            "<li>Build expertise on what makes cooperation easier.</li><li>Strengthen local and "
            "regional links.</li></ul>",
            "work_between_sessions": "<p>After the first meeting, social centres ask their "
            "education partners what helps their relationship. After the second, they spread "
            "the word and invite school partners to the third.</p>",
        },
        reset=reset,
        report=report,
        deliverable_titles=["Collection of successful approaches (video or print)"],
        sessions_topics=[
            "Among social centres: building on what worked",
            "Completing, validating and writing up the results",
            "Meeting open to education partners: present, discuss, debate",
        ],
    )
    return page


ACLAM_SESSIONS = [  # fr topic, en topic, kind of meeting
    (
        "Table ronde virtuelle : faire reconnaître le travail des intervenants socioculturels",
        "Virtual round table: getting socio-cultural work recognised",
        "online",
    ),
    (
        "Atelier : monter un projet parascolaire artistique avec peu de moyens",
        "Workshop: an artistic extracurricular project on a small budget",
        "online",
    ),
    (
        "Réseautage : une fin d'après-midi entre intervenants de la région",
        "Networking: a late afternoon with workers from the region",
        "in-person",
    ),
    (
        "Table ronde virtuelle : ce que l'étude sur le parascolaire change pour nos écoles",
        "Virtual round table: what the extracurricular study means for our schools",
        "online",
    ),
]


def _aclam_sessions(today):
    """Every six weeks from two months after the load day, always on a Wednesday."""
    sessions = []
    for number, (topic, _english, kind) in enumerate(ACLAM_SESSIONS, start=1):
        day = today + datetime.timedelta(days=60 + 42 * (number - 1))
        day += datetime.timedelta(days=(2 - day.weekday()) % 7)
        sessions.append(
            CommunitySession(
                date=day,
                start_time=T(15, 30),
                end_time=T(17, 0),
                topic=topic,
                location="Montréal — lieu communiqué aux inscrits" if kind == "in-person" else "",
                meeting_url=f"https://example.org/visio/aclam-{number}" if kind == "online" else "",
            )
        )
    return sessions


def _aclam(*, index, today, reset, report):
    """Seed 000: ACLAM's own community of practice, "the colloque, all year long"."""
    page = _community(
        index=index,
        slug="communaute-de-pratique-aclam",
        reset=reset,
        report=report,
        kind="practice",
        theme="Le colloque, à l'année",
        title="Communauté de pratique ACLAM",
        intro="Ateliers, tables rondes virtuelles et occasions de réseautage : le Colloque "
        "pour des écoles expressives se poursuit toute l'année.",
        description="<p>Pour ACLAM, des intervenants socioculturels formés, outillés et "
        "reconnus font des écoles expressives. Entre deux éditions du colloque, sa communauté "
        "de pratique leur propose une programmation à elle : des ateliers pratiques, des tables "
        "rondes en visioconférence et des rencontres pour tisser des liens.</p><p>Le colloque "
        "vous a plu? Vous y retrouverez l'esprit des journées, tout au long de l'année.</p>",
        objectives="<ul><li>Continuer d'outiller les intervenants entre deux colloques.</li>"
        "<li>Faire circuler l'expertise d'une école à l'autre.</li><li>Garder vivant le réseau "
        "né au colloque.</li></ul>",
        audience_roles=["facilitator", "teacher", "principal", "advisor"],
        audience_note="D'abord les intervenants socioculturels en milieu scolaire; le personnel "
        "des écoles qui travaille avec eux est le bienvenu.",
        school_levels=["preschool-primary", "secondary"],
        mode="hybrid",
        capacity_min=None,
        capacity_max=None,
        registration_opens_at=_at(today - datetime.timedelta(days=15)),
        registration_closes_at=_at(today + datetime.timedelta(days=45), 17),
        selection_method="first-come",
        contact_email="communaute@example.org",
        children={
            "sessions": _aclam_sessions(today),
            "facilitators": [{"name": "Équipe d'ACLAM", "role": "Animation de la communauté"}],
        },
    )
    _translate(
        page,
        english={
            "title": "ACLAM community of practice",
            "slug": "aclam-community-of-practice",
            "theme": "The colloque, all year long",
            "intro": "Workshops, virtual round tables and networking: the Colloque for "
            "expressive schools carries on all year.",
            "description": "<p>ACLAM holds that trained, well-equipped and valued "
            "socio-cultural workers make schools expressive. Between two editions of the "
            "colloque, its community of practice offers them a programme of its own: hands-on "
            "workshops, round tables by videoconference and meetings to build ties.</p><p>Enjoyed "
            "the colloque? You will find its spirit here, all year long.</p>",
            "objectives": "<ul><li>Keep equipping workers between two colloques.</li><li>Share "
            "expertise from school to school.</li><li>Keep the network born at the colloque "
            "alive.</li></ul>",
            "audience_note": "Socio-cultural workers in schools first; school staff who work "
            "with them are welcome.",
        },
        reset=reset,
        report=report,
        sessions_topics=[english for _fr, english, _kind in ACLAM_SESSIONS],
        facilitators=[{"name": "The ACLAM team", "role": "Community facilitation"}],
    )
    english = page.get_translation(Locale.objects.get(language_code="en"))
    sessions = list(english.sessions.all())
    french_place, english_place = (
        "Montréal — lieu communiqué aux inscrits",
        "Montréal — venue sent to participants",
    )
    if any(s.location == french_place for s in sessions):
        for session in sessions:
            session.location = session.location.replace(french_place, english_place)
        english.sessions = sessions
        publish(english)
    return page


def _wellbeing_others(*, index, reset, report):
    """Seed 001: the "other" communities (managers, people in charge of the wellbeing file),
    formed as needed; the cohort the seed describes, launched for the 2021-2022 school year
    at the Symposium de la rentrée scolaire, with its deliverables of spring 2022 and 2024 now
    behind it."""
    sessions = _wellbeing_sessions(2021, WELLBEING_TOPICS_FR)
    first = sessions[0].date
    page = _community(
        index=index,
        slug="bien-etre-gestionnaires-repondants",
        reset=reset,
        report=report,
        **{
            **WELLBEING_COMMON,
            "title": "Bien-être à l'école — gestionnaires et répondants des dossiers",
            "intro": "La communauté « autres » : gestionnaires et répondantes et répondants "
            "des dossiers du bien-être, réunis au besoin; la cohorte 2021-2024.",
            "description": "<p>En plus des communautés par ordre d'enseignement, la démarche "
            "présentée au Symposium de la rentrée scolaire 2021-2022 prévoyait des communautés "
            "« autres », formées selon l'intérêt : les gestionnaires et les personnes qui "
            "répondent des dossiers du bien-être dans leur organisation s'y retrouvent entre "
            "pairs.</p><p>Cette cohorte s'est réunie quatre fois par année, d'octobre 2021 à "
            "mai 2024. Ses deux livrables sont parus : les pratiques prometteuses au printemps "
            "2022, le guide de pratiques au printemps 2024.</p>",
            "audience_roles": ["principal", "other"],
            "audience_note": "Gestionnaires, et répondantes et répondants des dossiers du "
            "bien-être désignés par leur organisation.",
            "school_levels": ["preschool-primary", "secondary", "vocational", "adult"],
            "capacity_min": None,
            "capacity_max": None,
            "selection_method": "first-come",
            "selection_note": "Communauté formée au besoin, selon l'intérêt et les ressources.",
            # The seed gives the first meeting (October 2021), not the window: it closed three
            # weeks before that meeting and opened five weeks before closing.
            "registration_opens_at": _at(first - datetime.timedelta(days=56)),
            "registration_closes_at": _at(first - datetime.timedelta(days=21), 17),
        },
        children={
            "sessions": sessions,
            "facilitators": FACILITATORS,
            "deliverables": [
                {**deliverable, "status": "published"} for deliverable in _deliverables(2021)
            ],
        },
    )
    _translate(
        page,
        english={
            **WELLBEING_ENGLISH,
            "title": "Wellbeing at school — managers and file leads",
            "slug": "wellbeing-managers-file-leads",
            "intro": "The “other” community: managers and the people in charge of the wellbeing "
            "file, brought together as needed; the 2021-2024 cohort.",
            "description": "<p>Besides the communities by school level, the plan presented at "
            "the Symposium de la rentrée scolaire 2021-2022 (the back-to-school symposium) "
            "provided for “other” communities, formed according to interest: managers and the "
            "people in charge of the wellbeing file in their organisation meet their peers "
            "there.</p><p>This cohort met four times a year, from October 2021 to May 2024. "
            "Both its deliverables are out: promising practices in spring 2022, the practice "
            "guide in spring 2024.</p>",
            "audience_note": "Managers, and the people in charge of the wellbeing file named by "
            "their organisation.",
            "selection_note": "A community formed as needed, depending on interest and resources.",
        },
        reset=reset,
        report=report,
        sessions_topics=[WELLBEING_TOPICS_EN[i % len(WELLBEING_TOPICS_EN)] for i in range(12)],
        deliverable_titles=["Sharing promising practices", "Wellbeing practice guide"],
        facilitators=FACILITATORS_EN,
    )
    return page


def _registrations(*, communities, now, report):
    if Registration.objects.filter(community__in=list(communities.values())).exists():
        report.add(UNCHANGED)
        return
    # CoPV 1: seats given in order; one confirmed, one declined (seat back), one withdrawn.
    setup = communities["setup"]
    during = setup.registration_opens_at + datetime.timedelta(days=1)
    people = [
        _register(setup, i, key="copv1", level="secondary" if i % 2 else "preschool-primary",
                  role=("librarian", "teacher", "principal")[i % 3], now=during)
        for i in range(5)
    ]  # fmt: skip
    services.confirm_seat(registration=people[0], now=during)
    services.confirm_seat(registration=people[1], now=during)
    services.decline_seat(registration=people[2], now=during)
    services.confirm_seat(registration=people[3], now=during)
    services.withdraw(registration=people[3], now=during)
    report.add(CREATED)

    # CoPV 2: six seats, all taken, and a waitlist.
    use = communities["use"]
    during = use.registration_opens_at + datetime.timedelta(days=1)
    people = [
        _register(use, i, key="copv2", level="preschool-primary", role="librarian", now=during)
        for i in range(8)
    ]
    for person in people[:5]:
        services.confirm_seat(registration=person, now=during)
    report.add(CREATED)

    # Wellbeing, preschool and primary: oversubscribed, assessed and drawn (seed stored).
    primary = communities["primary"]
    during = primary.registration_opens_at + datetime.timedelta(days=3)
    people = [
        _register(primary, i, key="primary", level="preschool-primary",
                  role=("teacher", "advisor", "principal", "facilitator")[i % 4],
                  region=("03", "06", "12", "16")[i % 4], now=during)
        for i in range(20)
    ]  # fmt: skip
    services.set_eligibility(registrations=people[:18], eligible=True)
    services.set_eligibility(registrations=people[18:], eligible=False)
    drawn_at = primary.registration_closes_at + datetime.timedelta(days=2)
    services.draw_lottery(community=primary, seed=20210901, now=drawn_at)
    for registration in Registration.objects.filter(community=primary, state="selected")[:14]:
        services.confirm_seat(registration=registration, now=drawn_at)
    report.add(CREATED)

    # Wellbeing, secondary: registration open, waiting for the draw; some assessed already.
    secondary = communities["secondary"]
    people = [
        _register(secondary, i, key="secondary",
                  level=("secondary", "vocational", "adult")[i % 3], now=now)
        for i in range(9)
    ]  # fmt: skip
    services.set_eligibility(registrations=people[:4], eligible=True)
    report.add(CREATED)

    # English-language sector: closed two days ago, assessed, the draw is still to run.
    english = communities["english"]
    during = english.registration_opens_at + datetime.timedelta(days=5)
    people = [
        _register(english, i, key="english", level="english", role="teacher", region="06",
                  now=during)
        for i in range(4)
    ]  # fmt: skip
    services.set_eligibility(registrations=people[:3], eligible=True)
    services.set_eligibility(registrations=people[3:], eligible=False)
    report.add(CREATED)


def _feature_on_home(*, home, communities, english_index):
    """The home page features three communities under "the colloque, all year long", ACLAM's
    own first (replacing the former placeholder pages)."""
    english = Locale.objects.get(language_code="en")
    for page_home in [home, home.get_translation_or_none(english)]:
        if page_home is None:
            continue
        page_home = HomePage.objects.get(pk=page_home.pk)
        links = list(page_home.featured_links.all())
        if links and all(isinstance(link.page.specific, CommunityPage) for link in links):
            continue
        french = page_home.locale_id == home.locale_id
        featured = []
        for key, summary_fr, summary_en in (
            ("aclam", "Ateliers, tables rondes virtuelles et réseautage entre deux colloques.",
             "Workshops, virtual round tables and networking between two colloques."),
            ("setup", "Six séances pour lancer un carrefour d'apprentissage.",
             "Six sessions to launch a learning commons."),
            ("primary", "Trois ans de codéveloppement sur le bien-être à l'école.",
             "Three years of co-development on wellbeing at school."),
        ):  # fmt: skip
            target = communities[key]
            if not french:
                target = target.get_translation_or_none(english) or target
            featured.append(
                HomePageFeaturedLink(page=target, summary=summary_fr if french else summary_en)
            )
        page_home.featured_links = featured
        publish(page_home)
