"""Demo content of the colloque app: two series, three editions, programmes, speakers.

Facts come from the seed documents (the colloque since 2000, the 2024 edition and its
study; the 2019 networking week at four schools); text is ours. The upcoming edition and
its call for a host follow the day the demo is loaded (``home.demo_utils.DemoDates``).
"""

import datetime
from functools import partial

from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, Site

from factories.colloque import (
    ColloqueIndexPageFactory,
    EditionPageFactory,
    PartnersPageFactory,
    ProgrammeItemFactory,
    SpeakerFactory,
    ThemeFactory,
    VenueFactory,
)
from factories.home import CollectionFactory
from home.demo_images import demo_image, demo_pdf
from home.demo_utils import (
    DemoReport,
    call_to_action,
    demo_dates,
    heading,
    paragraph,
    publish,
    translate_page,
    upsert_page,
)

from . import demo_partners
from .models import (
    EditionDocument,
    EditionPage,
    EditionStatus,
    EditionVenue,
)

T = datetime.time


def _snippet(factory, *, lookup, english, **fields):
    """A translatable snippet in French, made by ``factory``, with its English translation;
    made once."""
    french_locale, english_locale = Locale.get_default(), Locale.objects.get(language_code="en")
    model = factory._meta.model
    french = model.objects.filter(locale=french_locale, **lookup).first()
    if french is None:
        french = factory(locale=french_locale, **lookup, **fields)
    translation = french.get_translation_or_none(english_locale)
    if translation is None:
        translation = french.copy_for_translation(english_locale)
        for name, value in english.items():
            setattr(translation, name, value)
        translation.save()
    return french


THEMES = {
    "arts": ("Arts et culture", "Arts and culture"),
    "bien-etre": ("Bien-être", "Wellbeing"),
    "reseautage": ("Réseautage", "Networking"),
    "pratiques": ("Pratiques pédagogiques", "Teaching practices"),
}

SPEAKERS = {  # name, role, organisation; in English: role, and name and organisation
    # where they describe rather than name (a person's or an institution's name stays).
    "oql": (
        "Équipe de l'Observatoire québécois du loisir",
        "Équipe de recherche",
        "Observatoire québécois du loisir",
        "Research team",
        "Observatoire québécois du loisir team",
    ),
    "aclam": (
        "Équipe d'ACLAM",
        "Organisation du colloque",
        "ACLAM",
        "Colloque organisers",
        "ACLAM team",
    ),
    "hosts": (
        "Intervenants du milieu hôte",
        "Intervenants socioculturels",
        "Milieu hôte 2024",
        "Socio-cultural workers",
        "Speakers from the host institution",
        "2024 host institution",
    ),
    "goudeau": ("Sébastien Goudeau", "Chercheur", "CERCA", "Researcher"),
    "ayroles": ("Julie Ayroles", "Chercheuse", "Université Paris Descartes", "Researcher"),
    "canope": (
        "Équipe Canopé",
        "Animation d'ateliers",
        "Réseau Canopé",
        "Workshop leaders",
        "Canopé team",
    ),
}


# Short biographies (French, English), from the facts of the seed documents.
BIOS = {
    "oql": (
        "L'équipe de recherche qu'ACLAM a approchée à l'automne 2023 pour rassembler les "
        "preuves des bienfaits des activités parascolaires artistiques à l'école secondaire. "
        "Elle a dévoilé son étude au colloque 2024.",
        "The research team ACLAM approached in the autumn of 2023 to gather the evidence "
        "of what artistic extracurricular activities bring to secondary school students. "
        "It unveiled its study at the 2024 colloque.",
    ),
    "aclam": (
        "ACLAM organise le Colloque pour des écoles expressives, en place depuis l'an 2000, "
        "pour outiller et valoriser les intervenants socioculturels en milieu scolaire.",
        "ACLAM has run the colloque since 2000 to equip and value socio-cultural workers "
        "in schools.",
    ),
    "goudeau": (
        "Chercheur au CERCA. À la Semaine ECLORE 2019, sa conférence sur l'école et les "
        "inégalités scolaires a été filmée.",
        "Researcher at CERCA. His talk on schools and educational inequalities at the 2019 "
        "ECLORE week was recorded.",
    ),
    "ayroles": (
        "Chercheuse à l'Université Paris Descartes. Sa conférence de la Semaine ECLORE 2019, "
        "sur la métacognition et l'évaluation, a été filmée.",
        "Researcher at Université Paris Descartes. Her talk on metacognition and assessment "
        "at the 2019 ECLORE week was recorded.",
    ),
    "canope": (
        "Partenaire des ateliers de la Semaine ECLORE 2019, où son équipe a animé un atelier "
        "sur le numérique au service des apprentissages.",
        "A workshop partner of the 2019 ECLORE week, where its team led a workshop on "
        "digital tools for learning.",
    ),
}


def _speaker_english(role, name=None, organisation=None):
    english = {"role": role}
    if name:
        english["name"] = name
    if organisation:
        english["organisation"] = organisation
    return english


# (key, kind, day offset, start, end, venue key, room, fr title, en title, speakers, themes)
PROGRAMME_2024 = [
    (
        "open",
        "pecha-kucha",
        0,
        T(9),
        T(9, 45),
        "main",
        "Auditorium",
        "Ouverture en Pecha Kucha : des projets qui font vibrer l'école",
        "Pecha Kucha opening: projects that make schools come alive",
        ["hosts"],
        ["arts"],
    ),
    (
        "study",
        "talk",
        0,
        T(10),
        T(11),
        "main",
        "Auditorium",
        "Dévoilement de l'étude sur le parascolaire artistique",
        "Unveiling the study on artistic extracurricular activities",
        ["oql"],
        ["arts", "bien-etre"],
    ),
    (
        "w-theatre",
        "workshop",
        0,
        T(11, 15),
        T(12, 30),
        "main",
        "Salle 101",
        "Atelier : monter un projet de théâtre avec peu de moyens",
        "Workshop: staging a theatre project on a small budget",
        ["hosts"],
        ["arts", "pratiques"],
    ),
    (
        "w-partners",
        "workshop",
        0,
        T(11, 15),
        T(12, 30),
        "main",
        "Salle 102",
        "Atelier : bâtir des partenariats avec les organismes du quartier",
        "Workshop: building partnerships with local organisations",
        ["aclam"],
        ["reseautage"],
    ),
    ("lunch", "break", 0, T(12, 30), T(13, 30), "main", "Cafétéria", "Dîner", "Lunch", [], []),
    (
        "rt-recognition",
        "round-table",
        0,
        T(13, 30),
        T(15),
        "main",
        "Auditorium",
        "Table ronde : faire reconnaître le travail des intervenants socioculturels",
        "Round table: getting socio-cultural work recognised",
        ["aclam", "hosts"],
        ["pratiques"],
    ),
    (
        "network",
        "networking",
        0,
        T(15, 15),
        T(16, 30),
        "main",
        "Agora",
        "Cocktail de réseautage",
        "Networking reception",
        [],
        ["reseautage"],
    ),
    (
        "plenary",
        "plenary",
        1,
        T(9),
        T(10),
        "main",
        "Auditorium",
        "Plénière : ce que l'étude change pour nos écoles",
        "Plenary: what the study means for our schools",
        ["oql", "aclam"],
        ["arts"],
    ),
    (
        "rt-wellbeing",
        "round-table",
        1,
        T(10, 15),
        T(11, 30),
        "main",
        "Auditorium",
        "Table ronde : parascolaire et bien-être des jeunes",
        "Round table: extracurricular activities and youth wellbeing",
        ["oql", "hosts"],
        ["bien-etre"],
    ),
    (
        "expo",
        "exhibition",
        1,
        T(9),
        T(12),
        "main",
        "Agora",
        "Exposition des réalisations des élèves",
        "Exhibition of students' work",
        [],
        ["arts"],
    ),
]

PROGRAMME_2019 = [
    (
        "pk-1",
        "pecha-kucha",
        0,
        T(9),
        T(9, 30),
        "angely",
        "Amphithéâtre",
        "Ouverture en Pecha Kucha par l'équipe du lycée",
        "Pecha Kucha opening by the school team",
        [],
        ["reseautage"],
    ),
    (
        "goudeau",
        "talk",
        0,
        T(9, 45),
        T(11),
        "angely",
        "Amphithéâtre",
        "Conférence : école et inégalités scolaires",
        "Talk: schools and educational inequalities",
        ["goudeau"],
        ["pratiques"],
    ),
    (
        "canope-1",
        "workshop",
        0,
        T(11, 15),
        T(12, 30),
        "angely",
        "Salle B12",
        "Atelier Canopé : le numérique au service des apprentissages",
        "Canopé workshop: digital tools for learning",
        ["canope"],
        ["pratiques"],
    ),
    (
        "pk-2",
        "pecha-kucha",
        1,
        T(9),
        T(9, 30),
        "jarnac",
        "Salle polyvalente",
        "Ouverture en Pecha Kucha par l'équipe du collège",
        "Pecha Kucha opening by the school team",
        [],
        ["reseautage"],
    ),
    (
        "parents",
        "workshop",
        1,
        T(10),
        T(11, 30),
        "jarnac",
        "CDI",
        "Atelier : repenser les rencontres parents-professeurs",
        "Workshop: rethinking parent-teacher meetings",
        [],
        ["pratiques"],
    ),
    (
        "ayroles",
        "talk",
        3,
        T(9, 30),
        T(10, 45),
        "niort",
        "Amphithéâtre",
        "Conférence : métacognition et évaluation",
        "Talk: metacognition and assessment",
        ["ayroles"],
        ["pratiques"],
    ),
    (
        "councils",
        "workshop",
        3,
        T(11),
        T(12, 15),
        "niort",
        "Salle 204",
        "Atelier : de nouveaux formats de conseils de classe",
        "Workshop: new formats for class councils",
        [],
        ["pratiques"],
    ),
    (
        "expo",
        "exhibition",
        4,
        T(9),
        T(16),
        "poitiers",
        "Hall",
        "Exposition itinérante Dan'ébullition",
        "Dan'ébullition travelling exhibition",
        [],
        ["arts"],
    ),
    (
        "pk-4",
        "pecha-kucha",
        4,
        T(9),
        T(9, 30),
        "poitiers",
        "Salle des fêtes",
        "Ouverture en Pecha Kucha au collège du Jardin des Plantes",
        "Pecha Kucha opening at Collège du Jardin des Plantes",
        [],
        ["reseautage"],
    ),
]


# The 2019 week was held in four towns of France (seed 002): its programme times are French
# times, and calendars and pages say so.
FRANCE = "Europe/Paris"


def _venues():
    specs = {  # (name, town), English name, address, time zone (None: the colloque's)
        "main": (
            ("Salle principale du milieu hôte", "Montréal"),
            "Main hall of the host institution",
            "",
            None,
        ),
        "angely": (
            ("Lycée Audouin Dubreuil", "Saint-Jean-d'Angély"),
            "Lycée Audouin Dubreuil",
            "",
            FRANCE,
        ),
        "jarnac": (("Collège Jean Lartaut", "Jarnac"), "Collège Jean Lartaut", "", FRANCE),
        "niort": (("Lycée de la Venise Verte", "Niort"), "Lycée de la Venise Verte", "", FRANCE),
        "poitiers": (
            ("Collège du Jardin des Plantes", "Poitiers"),
            "Collège du Jardin des Plantes",
            "",
            FRANCE,
        ),
    }
    return {
        key: _snippet(
            VenueFactory,
            lookup={"name": name, "town": town},
            english={"name": english},
            address=address,
            **({"time_zone": zone} if zone else {}),
        )
        for key, ((name, town), english, address, zone) in specs.items()
    }


# Talks of the 2019 week that were filmed (the addresses stand in for the real recordings).
RECORDINGS = {
    "goudeau": "https://example.org/videos/eclore-2019-goudeau",
    "ayroles": "https://example.org/videos/eclore-2019-ayroles",
}


RECORDING_TITLES = {  # fr, en
    "goudeau": (
        "Conférence de Sébastien Goudeau : école et inégalités scolaires",
        "Sébastien Goudeau's talk: schools and educational inequalities",
    ),
    "ayroles": (
        "Conférence de Julie Ayroles : métacognition et évaluation",
        "Julie Ayroles's talk: metacognition and assessment",
    ),
}

# The colloque has taken place every year since 2000 (seed 000); the 2024 edition has its own
# page, the years before it are listed on the series page rather than as empty pages.
FIRST_YEAR, FIRST_EDITION_WITH_PAGE = 2000, 2024
HASHTAG_URL = "https://twitter.com/hashtag/ECLORE19"


def _recordings(language):
    return [
        {
            # Links, not players: no provider embeds these addresses, and the editor refuses
            # a video it cannot embed.
            "type": "link",
            "value": {
                "url": RECORDINGS[key],
                "title": titles[0] if language == "fr" else titles[1],
            },
        }
        for key, titles in RECORDING_TITLES.items()
    ]


def _archive(language):
    years = "".join(f"<li>{year}</li>" for year in range(FIRST_YEAR, FIRST_EDITION_WITH_PAGE))
    if language == "fr":
        return [
            heading("Les éditions depuis 2000"),
            paragraph(
                "<p>Le colloque se tient chaque année depuis l'an 2000, chaque fois dans un "
                f"milieu différent. Avant l'édition {FIRST_EDITION_WITH_PAGE}, présentée "
                "ci-dessous avec sa programmation, il a eu lieu en :</p>"
                f"<ul>{years}</ul>"
            ),
        ]
    return [
        heading("Editions since 2000"),
        paragraph(
            "<p>The colloque has been held every year since 2000, each time at a different "
            f"institution. Before the {FIRST_EDITION_WITH_PAGE} edition, shown below with its "
            f"programme, it took place in:</p><ul>{years}</ul>"
        ),
    ]


def _eclore_link(week, language):
    if language == "fr":
        return call_to_action(
            "S'inspirer d'ailleurs : la semaine ECLORE 2019",
            text="Quatre journées de réseautage dans quatre établissements, du 25 au 29 "
            "novembre 2019 : programme, documents et conférences filmées.",
            label="Voir la semaine ECLORE 2019",
            page=week,
        )
    return call_to_action(
        "Learning from elsewhere: the 2019 ECLORE week",
        text="Four networking days at four schools, November 25 to 29, 2019: programme, "
        "documents and filmed talks.",
        label="See the 2019 ECLORE week",
        page=week,
    )


def _eclore_body(language):
    link = f'<a href="{HASHTAG_URL}">#ECLORE19</a>'
    if language == "fr":
        return [
            paragraph(
                "<p>Chaque journée s'ouvrait par des présentations Pecha Kucha des équipes "
                "d'accueil, suivies de conférences de chercheurs et de nombreux ateliers animés "
                "par des partenaires et des directions d'établissement. Des élèves volontaires "
                "guidaient les participants d'un atelier à l'autre.</p>"
            ),
            paragraph(f"<p>Les journées ont été suivies sur Twitter avec le mot-clic {link}.</p>"),
        ]
    return [
        paragraph(
            "<p>Each day opened with Pecha Kucha presentations by the host teams, followed by "
            "researchers' talks and many workshops led by partners and school principals. "
            "Student volunteers guided participants from one workshop to the next.</p>"
        ),
        paragraph(f"<p>The days were followed on Twitter with the hashtag {link}.</p>"),
    ]


def _eclore_documents():
    """The week's two annexes (seed 002): the programme of the days and the portfolio."""
    programme = demo_pdf(
        title="Semaine ECLORE 2019 — programme des journées",
        filename="semaine-eclore-2019-programme.pdf",
        description="Le programme des quatre journées de la semaine ECLORE, novembre 2019.",
        pages=[
            (
                "Quatre journées, quatre établissements",
                [
                    "Lundi 25 novembre : Lycée Audouin Dubreuil, Saint-Jean-d'Angély.",
                    "Mardi 26 novembre : Collège Jean Lartaut, Jarnac.",
                    "Jeudi 28 novembre : Lycée de la Venise Verte, Niort.",
                    "Vendredi 29 novembre : Collège du Jardin des Plantes, Poitiers.",
                ],
            ),
            (
                "Au programme de chaque journée",
                [
                    "Une ouverture en Pecha Kucha par les équipes de l'établissement d'accueil.",
                    "Des conférences de chercheurs (CERCA, Université Paris Descartes).",
                    "Des ateliers avec Canopé, la CARDIE et la DANE, et d'autres proposés par "
                    "des directions d'établissement.",
                ],
            ),
        ],
    )
    portfolio = demo_pdf(
        title="Semaine ECLORE 2019 — portfolio",
        filename="semaine-eclore-2019-portfolio.pdf",
        description="Retour en images et en mots sur la semaine ECLORE de novembre 2019.",
        pages=[
            (
                "Ce que la semaine a permis",
                [
                    "Mettre en réseau les acteurs et les partenaires des quatre départements.",
                    "Partager les stratégies de pilotage sur des thèmes communs : travail "
                    "personnel de l'élève, oral, évaluation, école inclusive.",
                ],
            ),
            (
                "L'exposition itinérante",
                [
                    "L'exposition Dan'ébullition a accompagné la semaine d'un établissement à l'autre."
                ],
            ),
        ],
    )
    return programme, portfolio


def _eclore_document_rows(documents, language):
    labels = {
        "fr": ("Programme des journées", "Portfolio de la semaine"),
        "en": ("Programme of the days (in French)", "Portfolio of the week (in French)"),
    }[language]
    return [
        EditionDocument(sort_order=order, document=document, label=label)
        for order, (document, label) in enumerate(zip(documents, labels, strict=True))
    ]


def _items(start_date, programme, *, venues, speakers, themes, language):
    """The edition's programme items as unsaved objects (attached through the cluster)."""
    items = []
    for index, (key, kind, offset, start, end, venue, room, fr, en, who, topics) in enumerate(
        programme
    ):
        item = ProgrammeItemFactory.build(
            sort_order=index,
            kind=kind,
            title=fr if language == "fr" else en,
            day=start_date + datetime.timedelta(days=offset),
            start_time=start,
            end_time=end,
            venue=venues[venue],
            room=room,
            recording_url=RECORDINGS.get(key, "") if programme is PROGRAMME_2019 else "",
        )
        item.speakers = [speakers[k] for k in who]
        item.themes = [themes[k] for k in topics]
        items.append(item)
    return items


def _localized(objects, locale):
    return {key: obj.get_translation(locale) for key, obj in objects.items()}


def load(*, reset, stdout):
    report = DemoReport()
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    english = Locale.objects.get(language_code="en")
    themes = {
        k: _snippet(ThemeFactory, lookup={"slug": k}, english={"name": en}, name=fr)
        for k, (fr, en) in THEMES.items()
    }
    speakers = {
        k: _snippet(
            SpeakerFactory,
            lookup={"name": name},
            english={**_speaker_english(*english), "bio": BIOS.get(k, ("", ""))[1]},
            role=role,
            organisation=org,
            bio=BIOS.get(k, ("", ""))[0],
        )
        for k, (name, role, org, *english) in SPEAKERS.items()
    }
    venues = _venues()
    study = get_document_model().objects.filter(title__startswith="Les bienfaits").first()
    root_collection = Collection.get_first_root_node()
    gallery = root_collection.get_children().filter(name="Colloque 2024 — photos").first()
    if gallery is None:
        gallery = CollectionFactory(parent=root_collection, name="Colloque 2024 — photos")
    photos = [
        demo_image(
            title=f"Colloque 2024 — photo {n}",
            description=description,
            description_en=description_en,
            seed=100 + n,
            palette=palette,
            collection=gallery,
        )
        for n, (description, description_en, palette) in enumerate(
            [
                (
                    "Formes chaudes évoquant la salle pendant l'ouverture en Pecha Kucha",
                    "Warm shapes suggesting the room during the Pecha Kucha opening",
                    "warm",
                ),
                (
                    "Disques turquoise évoquant des participants en atelier",
                    "Turquoise discs suggesting participants in a workshop",
                    "teal",
                ),
                (
                    "Composition vert sauge évoquant la présentation de l'étude",
                    "Sage-green composition suggesting the study's presentation",
                    "sage",
                ),
                (
                    "Taches dorées évoquant l'exposition des élèves",
                    "Gold spots suggesting the students' exhibition",
                    "warm",
                ),
            ],
            start=1,
        )
    ]

    def page(parent, factory, slug, **fields):
        return upsert_page(
            parent=parent, factory=factory, slug=slug, reset=reset, report=report, **fields
        )

    # The ECLORE week first: the colloque series page links to it.
    eclore_documents = _eclore_documents()
    eclore = page(
        home,
        ColloqueIndexPageFactory,
        "semaine-eclore",
        title="Semaine ECLORE",
        intro="Une semaine de journées de réseautage tenues dans plusieurs établissements, une inspiration pour notre colloque.",
    )
    week_2019 = page(
        eclore,
        EditionPageFactory,
        "2019",
        title="Semaine ECLORE 2019",
        year=2019,
        theme="Quatre journées, quatre établissements, quatre villes",
        start_date=datetime.date(2019, 11, 25),
        end_date=datetime.date(2019, 11, 29),
        status=EditionStatus.OVER,
        host_institution="Quatre établissements d'accueil",
        intro="Directions, enseignants, conseillers pédagogiques et formateurs se sont réunis dans quatre établissements pour faire vivre les territoires apprenants.",
        venues=[
            EditionVenue(venue=venues["angely"], first_day=datetime.date(2019, 11, 25)),
            EditionVenue(venue=venues["jarnac"], first_day=datetime.date(2019, 11, 26)),
            EditionVenue(venue=venues["niort"], first_day=datetime.date(2019, 11, 28)),
            EditionVenue(venue=venues["poitiers"], first_day=datetime.date(2019, 11, 29)),
        ],
        body=_eclore_body("fr"),
        documents=_eclore_document_rows(eclore_documents, "fr"),
        recordings=_recordings("fr"),
        programme_items=_items(
            datetime.date(2019, 11, 25),
            PROGRAMME_2019,
            venues=venues,
            speakers=speakers,
            themes=themes,
            language="fr",
        ),
    )
    series = page(
        home,
        ColloqueIndexPageFactory,
        "colloque",
        title="Colloque pour des écoles expressives",
        show_in_menus=True,
        intro="Depuis l'an 2000, un rendez-vous annuel de formation et de réseautage pour les intervenants socioculturels en milieu scolaire.",
        body=[
            heading("Une histoire qui commence en 2000"),
            paragraph(
                "<p>Le colloque est l'un des moyens qu'ACLAM s'est donnés pour garder un lien fort avec le personnel des écoles. Chaque édition est accueillie par un milieu différent.</p>"
            ),
            heading("Objectifs"),
            paragraph(
                "<ul><li>Répondre aux besoins de perfectionnement des intervenants socioculturels.</li><li>Favoriser le réseautage et l'échange d'expertise.</li><li>Ouvrir les écoles sur leur milieu de vie.</li></ul>"
            ),
            *_archive("fr"),
            _eclore_link(week_2019, "fr"),
        ],
    )
    edition_2024 = page(
        series,
        EditionPageFactory,
        "2024",
        title="Colloque 2024",
        year=2024,
        theme="Le parascolaire artistique, un atout pour les jeunes",
        start_date=datetime.date(2024, 11, 21),
        end_date=datetime.date(2024, 11, 22),
        status=EditionStatus.OVER,
        host_institution="Milieu hôte de l'édition 2024",
        intro="Deux journées de conférences, d'ateliers et de tables rondes, et le dévoilement d'une étude sur le parascolaire artistique.",
        hero_image=photos[0],
        gallery_collection=gallery,
        venues=[
            EditionVenue(
                venue=venues["main"],
                first_day=datetime.date(2024, 11, 21),
                last_day=datetime.date(2024, 11, 22),
            )
        ],
        documents=[EditionDocument(document=study, label="L'étude sur le parascolaire artistique")]
        if study
        else [],
        programme_items=_items(
            datetime.date(2024, 11, 21),
            PROGRAMME_2024,
            venues=venues,
            speakers=speakers,
            themes=themes,
            language="fr",
        ),
    )
    upcoming_year = demo_dates().upcoming_year
    edition_upcoming = page(
        series,
        # No host yet: no dates and no theme (the factory's defaults are a past edition's).
        partial(EditionPageFactory, looking_for_host=True),
        str(upcoming_year),
        title=f"Colloque {upcoming_year}",
        year=upcoming_year,
        status=EditionStatus.LOOKING_FOR_HOST,
        intro=f"Nous cherchons l'établissement qui accueillera l'édition {upcoming_year}. Envie de relever le défi?",
        registration_text="<p>Les inscriptions ouvriront lorsque le milieu hôte sera choisi.</p>",
    )

    # Every language's home page features the next edition; its status comes from the edition.
    for translated_home in home.get_translations(inclusive=True).specific():
        featured = translated_home.featured_page
        if reset or not (featured and isinstance(featured.specific, EditionPage)):
            translated_home.featured_page = edition_upcoming
            publish(translated_home)

    # English translations, parents first.
    def translate(original, **fields):
        return translate_page(page=original, locale=english, reset=reset, report=report, **fields)

    translate(
        eclore,
        title="ECLORE week",
        slug="eclore-week",
        intro="A week of networking days held at several schools, an inspiration for our colloque.",
    )
    english_week = translate(
        week_2019,
        slug="2019",
        title="ECLORE week 2019",
        theme="Four days, four schools, four towns",
        host_institution="Four host schools",
        intro="Principals, teachers, education consultants and trainers met at four schools to bring learning territories to life.",
        body=_eclore_body("en"),
        documents=_eclore_document_rows(eclore_documents, "en"),
        recordings=_recordings("en"),
    )
    _translate_programme(english_week, PROGRAMME_2019, english)
    translate(
        series,
        title="Colloque for expressive schools",
        slug="colloque",
        intro="Since 2000, a yearly training and networking gathering for socio-cultural workers in schools.",
        body=[
            heading("A story that began in 2000"),
            paragraph(
                "<p>The colloque is one of the ways ACLAM keeps a strong link with school staff. Each edition is hosted by a different institution.</p>"
            ),
            heading("Objectives"),
            paragraph(
                "<ul><li>Meet the professional development needs of socio-cultural workers.</li><li>Encourage networking and sharing expertise.</li><li>Open schools to their community.</li></ul>"
            ),
            *_archive("en"),
            _eclore_link(english_week, "en"),
        ],
    )
    for french, english_fields, programme in (
        (
            edition_2024,
            {
                "title": "Colloque 2024",
                "theme": "Artistic extracurricular activities, an asset for young people",
                "intro": "Two days of talks, workshops and round tables, and the unveiling of a study on artistic extracurricular activities.",
                "host_institution": "Host institution of the 2024 edition",
            },
            PROGRAMME_2024,
        ),
        (
            edition_upcoming,
            {
                "title": f"Colloque {upcoming_year}",
                "intro": f"We are looking for the institution that will host the {upcoming_year} edition. Up for the challenge?",
                "registration_text": "<p>Registration will open once the host institution is chosen.</p>",
            },
            None,
        ),
    ):
        english_page = translate(french, slug=str(french.year), **english_fields)
        _translate_programme(english_page, programme, english)

    partners_page = page(
        home,
        PartnersPageFactory,
        "partenaires",
        title="Partenaires",
        show_in_menus=True,
        intro="Des organismes, des établissements et des médias rendent chaque édition possible. Chaque partenaire est approuvé par le comité de sélection avant d'être annoncé.",
    )
    translate(
        partners_page,
        title="Partners",
        slug="partners",
        intro="Organisations, schools and media make each edition possible. Every partner is approved by the selection committee before it is announced.",
    )
    demo_partners.load(report=report)
    return report


def _translate_programme(english_page, programme, english):
    """Give the copied programme items their English titles and English snippets."""
    if not programme:
        return
    changed = False
    items = list(english_page.programme_items.order_by("sort_order"))
    for item, row in zip(items, programme, strict=False):
        english_title = row[8]
        if item.title != english_title or (item.venue and item.venue.locale_id != english.pk):
            item.title = english_title
            item.slug = ""  # its English address, made from its English title on saving
            if item.venue:
                item.venue = item.venue.get_translation(english)
            item.speakers = [s.get_translation(english) for s in item.speakers.all()]
            item.themes = [t.get_translation(english) for t in item.themes.all()]
            changed = True
    venues = list(english_page.venues.all())
    for venue in venues:
        if venue.venue.locale_id != english.pk:
            venue.venue = venue.venue.get_translation(english)
            changed = True
    if changed:
        english_page.programme_items = items
        english_page.venues = venues
        publish(english_page)
