"""Demo content of the editorial site: about pages, news, home page, site settings.

Facts (names, dates, places, numbers) come from the seed documents; the text is ours.
"""

import datetime

from django.utils import timezone
from wagtail.models import Locale, Site

from factories.home import (
    NewsIndexPageFactory,
    NewsPageFactory,
    PrivacyPageFactory,
    StandardPageFactory,
)

from .demo_images import demo_image, demo_pdf, demo_site_logo
from .demo_utils import (
    DemoReport,
    accordion,
    call_to_action,
    demo_dates,
    document_link,
    heading,
    image,
    paragraph,
    quote,
    table,
    translate_page,
    update_page,
    upsert_page,
)
from .models import NewsPageRelatedPage, SiteSettings

STUDY_TITLE = "Les bienfaits des activités parascolaires artistiques et culturelles au secondaire"


def build_images():
    specs = {
        "hero": (
            "Colloque : salle en atelier",
            (
                "Formes orangées et turquoise évoquant une salle animée",
                "Orange and turquoise shapes suggesting a lively room",
            ),
            "warm",
        ),
        "workshop": (
            "Atelier de pratiques artistiques",
            (
                "Composition abstraite aux tons chauds, comme un atelier de création",
                "Abstract composition in warm tones, like a creative workshop",
            ),
            "warm",
        ),
        "network": (
            "Réseautage entre intervenants",
            (
                "Cercles superposés sur fond turquoise, image du réseau qui se tisse",
                "Overlapping circles on turquoise, a network being woven",
            ),
            "teal",
        ),
        "study": (
            "Étude sur le parascolaire",
            (
                "Composition vert sauge rappelant une page de rapport",
                "Sage-green composition recalling a page of a report",
            ),
            "sage",
        ),
        "virtual": (
            "Rencontre virtuelle",
            (
                "Disques lumineux sur fond violet, comme des écrans en visioconférence",
                "Bright discs on violet, like screens in a video call",
            ),
            "dusk",
        ),
        "library": (
            "Carrefour d'apprentissage",
            (
                "Bandes claires sur fond turquoise, évoquant des rayonnages",
                "Light stripes on turquoise, suggesting shelves",
            ),
            "teal",
        ),
        "wellbeing": (
            "Bien-être à l'école",
            ("Formes douces vert sauge et crème", "Soft sage-green and cream shapes"),
            "sage",
        ),
        "schools": (
            "Quatre établissements, quatre journées",
            (
                "Taches orangées et dorées réparties comme des lieux sur une carte",
                "Orange and gold spots spread like places on a map",
            ),
            "warm",
        ),
    }
    return {
        key: demo_image(
            title=title,
            description=french,
            description_en=english,
            seed=index + 1,
            palette=palette,
        )
        for index, (key, (title, (french, english), palette)) in enumerate(specs.items())
    }


def build_study_document():
    return demo_pdf(
        title=STUDY_TITLE,
        filename="etude-parascolaire-artistique.pdf",
        description="Étude de l'Observatoire québécois du loisir réalisée à la demande d'ACLAM.",
        pages=[
            (
                "Pourquoi cette étude?",
                [
                    "À l'automne 2023, ACLAM a demandé à l'Observatoire québécois du loisir de "
                    "rassembler les données scientifiques sur la participation des élèves du "
                    "secondaire aux activités parascolaires artistiques et culturelles.",
                    "L'étude a été présentée au Colloque pour des écoles expressives de novembre 2024.",
                ],
            ),
            (
                "Ce que disent les recherches",
                [
                    "Les travaux recensés associent ces activités à un meilleur sentiment "
                    "d'appartenance à l'école, à la persévérance et au bien-être des jeunes.",
                    "Ils soulignent aussi le rôle des intervenants socioculturels qui les rendent possibles.",
                ],
            ),
        ],
    )


def load(*, reset, stdout):
    report = DemoReport()
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    english = Locale.objects.get(language_code="en")
    images = build_images()
    study = build_study_document()
    dates = demo_dates()

    def page(parent, factory, slug, **fields):
        return upsert_page(
            parent=parent, factory=factory, slug=slug, reset=reset, report=report, **fields
        )

    def translate(original, **fields):
        return translate_page(page=original, locale=english, reset=reset, report=report, **fields)

    about = page(
        home,
        StandardPageFactory,
        "a-propos",
        title="À propos",
        show_in_menus=True,
        intro="ACLAM organise depuis l'an 2000 le Colloque pour des écoles expressives, "
        "le rendez-vous des intervenants socioculturels du milieu scolaire.",
        search_description="Qui organise le Colloque pour des écoles expressives, et pourquoi.",
        body=[
            heading("Un colloque né du terrain"),
            paragraph(
                "<p>Les intervenants socioculturels animent la vie culturelle, sportive et "
                "communautaire des écoles. Ils travaillent souvent seuls dans leur établissement. "
                "Le colloque leur offre, une fois par année, un lieu pour se former, comparer leurs "
                "façons de faire et bâtir un réseau.</p>"
            ),
            image(
                images["workshop"],
                alt="Composition abstraite aux tons chauds évoquant un atelier",
                caption="Un atelier du colloque, tel qu'on l'imagine.",
                credit="Image générée",
            ),
            heading("Nos objectifs"),
            paragraph(
                "<ul><li>Garder un lien solide et utile avec le personnel des écoles.</li>"
                "<li>Aider les écoles à s'ouvrir à leur communauté, à l'échelle locale, régionale "
                "et provinciale.</li>"
                "<li>Répondre aux besoins de perfectionnement des intervenants socioculturels.</li>"
                "<li>Fournir des outils et du contenu qui servent au quotidien.</li>"
                "<li>Joindre les intervenants dont l'école ne participe pas encore à nos activités.</li></ul>"
            ),
            quote(
                "Des intervenants formés, outillés et reconnus font des écoles plus expressives.",
                "ACLAM",
            ),
            heading("Le colloque en chiffres"),
            table(
                "Quelques repères sur le colloque",
                [
                    ["Repère", "Valeur"],
                    ["Première édition", "2000"],
                    ["Fréquence", "Une édition par année"],
                    ["Prochaine édition", str(dates.upcoming_year)],
                ],
                header_col=True,
            ),
            accordion(
                "Questions fréquentes",
                [
                    (
                        "Qui peut participer?",
                        "<p>Les intervenants socioculturels, mais aussi les directions, enseignants et partenaires intéressés par la vie culturelle des écoles.</p>",
                    ),
                    (
                        "Où a lieu le colloque?",
                        "<p>Chaque édition est accueillie par un milieu différent, choisi à la suite d'un appel de candidatures.</p>",
                    ),
                ],
            ),
            heading("À lire"),
            document_link(study, "Télécharger l'étude sur le parascolaire artistique"),
        ],
    )
    privacy = page(
        home,
        PrivacyPageFactory,
        "confidentialite",
        title="Politique de confidentialité",
        intro="Ce que nous recueillons à votre sujet, pourquoi, qui y a accès et comment "
        "exercer vos droits.",
        search_description="Comment ACLAM protège les renseignements personnels recueillis "
        "sur ce site (Loi 25).",
        body=PRIVACY_FR,
    )
    news_index = page(
        home,
        NewsIndexPageFactory,
        "actualites",
        title="Actualités",
        show_in_menus=True,
        intro="Les nouvelles du colloque et des communautés de pratique.",
    )
    news = {}
    for item in [_call_news(dates), *NEWS]:
        news[item["key"]] = page(
            news_index,
            NewsPageFactory,
            item["fr"]["slug"],
            title=item["fr"]["title"],
            date=item["date"],
            intro=item["fr"]["intro"],
            image=images[item["image"]],
            body=item["fr"]["body"](images=images, study=study),
            tags=item["fr"]["tags"],
        )
    for key, related in RELATED.items():
        target = news[key]
        wanted = [news[other].pk for other in related]
        if [link.page_id for link in target.related_pages.all()] != wanted:
            target.related_pages = [NewsPageRelatedPage(page_id=pk) for pk in wanted]
            target.save_revision().publish()

    call_news = news["call"]
    update_page(
        page=home,
        reset=reset,
        report=report,
        title="Écoles expressives",
        seo_title="Colloque pour des écoles expressives",
        search_description="Le colloque annuel et les communautés de pratique des intervenants socioculturels en milieu scolaire.",
        intro="Formations, réseautage et bonnes pratiques : des intervenants socioculturels "
        "outillés et reconnus font des écoles expressives.",
        hero_image=images["hero"],
        featured_heading=f"Prochaine édition : {dates.upcoming_year}",
        featured_status="En recherche d'un milieu hôte",
        featured_text="Votre établissement aimerait accueillir le Colloque pour des écoles "
        f"expressives en {dates.upcoming_year}? Soumettez sa candidature.",
        featured_actions=[
            call_to_action(
                f"Accueillir le colloque en {dates.upcoming_year}",
                label="Lire l'appel de candidatures",
                page=call_news,
            )
        ],
        news_heading="Actualités",
        communities_heading="Le colloque, à l'année",
        publication_heading="Nouvelle étude dévoilée au colloque",
        publication_page=news["study"],
        publication_document=study,
        publication_text="Les activités parascolaires artistiques ont des effets réels et "
        "documentés sur les jeunes du secondaire.",
    )

    # English translations, parents first: a page is translated under its parent's translation.
    english_home = translate(
        home,
        title="Expressive Schools",
        slug="home",
        seo_title="Colloque for expressive schools",
        search_description="The yearly colloque and communities of practice of socio-cultural workers in schools.",
        intro="Training, networking and good practices: well-equipped, valued socio-cultural workers make schools expressive.",
        featured_heading=f"Next edition: {dates.upcoming_year}",
        featured_status="Looking for a host institution",
        featured_text=f"Would your school like to host the Colloque for expressive schools in {dates.upcoming_year}? Submit its application.",
        featured_actions=[
            call_to_action(
                f"Host the colloque in {dates.upcoming_year}",
                label="Read the call for hosts",
                page=call_news,
            )
        ],
        news_heading="News",
        communities_heading="The colloque, all year long",
        publication_heading="New study unveiled at the colloque",
        publication_text="Artistic extracurricular activities have real, documented effects on secondary school students.",
    )
    translate(
        about,
        title="About",
        slug="about",
        intro="Since 2000, ACLAM has organised the Colloque for expressive schools, the meeting place of socio-cultural workers in schools.",
        search_description="Who organises the Colloque for expressive schools, and why.",
        body=[
            heading("A colloque born in the field"),
            paragraph(
                "<p>Socio-cultural workers bring cultural, sports and community life into schools, often as the only one of their kind in the building. Once a year, the colloque gives them a place to learn, compare their ways of working and build a network.</p>"
            ),
            image(
                images["workshop"],
                alt="Abstract warm-toned composition suggesting a workshop",
                caption="A colloque workshop, as we imagine it.",
                credit="Generated image",
            ),
            heading("Our objectives"),
            paragraph(
                "<ul><li>Keep a strong, useful link with school staff.</li><li>Help schools open up to their community, locally, regionally and province-wide.</li><li>Meet the professional development needs of socio-cultural workers.</li><li>Provide tools and content that help every day.</li><li>Reach workers whose schools do not yet take part in our activities.</li></ul>"
            ),
            quote(
                "Trained, well-equipped and valued workers make schools more expressive.", "ACLAM"
            ),
            heading("The colloque in numbers"),
            table(
                "A few facts about the colloque",
                [
                    ["Fact", "Value"],
                    ["First edition", "2000"],
                    ["Frequency", "One edition a year"],
                    ["Next edition", str(dates.upcoming_year)],
                ],
                header_col=True,
            ),
            accordion(
                "Frequently asked questions",
                [
                    (
                        "Who can take part?",
                        "<p>Socio-cultural workers, and also principals, teachers and partners who care about cultural life in schools.</p>",
                    ),
                    (
                        "Where does the colloque take place?",
                        "<p>Each edition is hosted by a different institution, chosen through a call for applications.</p>",
                    ),
                ],
            ),
            heading("Further reading"),
            document_link(study, "Download the study on artistic extracurricular activities"),
        ],
    )
    translate(
        privacy,
        title="Privacy policy",
        slug="privacy",
        intro="What we collect about you, why, who can see it and how to exercise your rights.",
        search_description="How ACLAM protects the personal information collected on this "
        "site (Québec's Law 25).",
        body=PRIVACY_EN,
    )
    english_news_index = translate(
        news_index,
        title="News",
        slug="news",
        intro="News from the colloque and the communities of practice.",
    )
    for item in [_call_news(dates), *NEWS]:
        translate(
            news[item["key"]],
            title=item["en"]["title"],
            slug=item["en"]["slug"],
            intro=item["en"]["intro"],
            body=item["en"]["body"](images=images, study=study),
            tags=item["en"]["tags"],
        )
    del english_home, english_news_index

    settings = SiteSettings.for_site(site)
    if reset or not settings.organisation_name:
        settings.organisation_name = "ACLAM"
        settings.address = "Montréal (Québec)"
        settings.contact_email = "info@example.org"
        settings.social_links = [
            {
                "type": "link",
                "value": {"network": "facebook", "url": "https://example.org/facebook"},
            },
            {
                "type": "link",
                "value": {"network": "instagram", "url": "https://example.org/instagram"},
            },
        ]
        settings.save()
    if reset or not settings.privacy_officer_name:
        settings.logo = demo_site_logo(title="Logo d'ACLAM", text="ACLAM")
        settings.default_share_image = images["hero"]
        settings.privacy_officer_name = "Nathalie Bergeron"
        settings.privacy_officer_title = "Directrice générale"
        settings.privacy_officer_title_en = "Executive Director"
        settings.attestation_signer_name = "Nathalie Bergeron"
        settings.attestation_signer_title = "Directrice générale"
        settings.attestation_signer_title_en = "Executive Director"
        settings.privacy_officer_email = "confidentialite@example.org"
        settings.save()
    return report


PRIVACY_FR = [
    paragraph(
        "<p>ACLAM recueille le moins de renseignements possible, et seulement ceux dont elle "
        "a besoin pour organiser le colloque et ses communautés de pratique. Personne n'a à "
        "s'identifier pour consulter le site.</p>"
    ),
    heading("Ce que nous recueillons, et pourquoi"),
    paragraph(
        "<ul><li><b>Inscription à une communauté de pratique :</b> votre nom, votre courriel, "
        "votre école ou centre de services, votre rôle, l'ordre d'enseignement et ce que vous "
        "souhaitez y travailler. Ils servent à former les groupes, à tenir un éventuel tirage "
        "au sort, à vous envoyer les liens des rencontres et, si vous y avez assisté, votre "
        "attestation de participation.</li>"
        "<li><b>Candidature d'un milieu hôte :</b> les coordonnées de la personne-ressource "
        "et la description de l'établissement, avec les documents joints. Ils permettent au "
        "comité de sélection d'évaluer la candidature et de vous tenir au courant.</li>"
        "<li><b>Courriels :</b> une copie des messages que nous vous envoyons est gardée, "
        "pour qu'aucun ne se perde; elle est effacée avec votre inscription ou votre "
        "candidature.</li></ul>"
    ),
    heading("Qui y a accès"),
    paragraph(
        "<p>Les inscriptions ne sont consultées que par l'équipe d'animation de la communauté; "
        "les candidatures, par l'équipe des communications et le comité de sélection. Nous ne "
        "vendons ni ne prêtons ces renseignements.</p>"
    ),
    heading("Témoins (cookies)"),
    paragraph(
        "<p>Le site n'emploie aucun outil de mesure d'audience ni de publicité. Seuls les "
        "témoins techniques nécessaires à la sécurité des formulaires sont utilisés.</p>"
    ),
]

PRIVACY_EN = [
    paragraph(
        "<p>ACLAM collects as little information as it can, and only what it needs to run "
        "the colloque and its communities of practice. Nobody has to identify themselves to "
        "read the site.</p>"
    ),
    heading("What we collect, and why"),
    paragraph(
        "<ul><li><b>Registering for a community of practice:</b> your name, email, school or "
        "school service centre, role, school level and what you want to work on. We use them "
        "to form the groups, hold a draw if needed, send you the meeting links and, if you "
        "attended, your attestation of participation.</li>"
        "<li><b>Applying to host the colloque:</b> the contact person's details and the "
        "description of the institution, with the attached files. The selection committee "
        "uses them to assess the candidature and keep you informed.</li>"
        "<li><b>Emails:</b> we keep a copy of the messages we send you, so none is lost; "
        "it is erased with your registration or candidature.</li></ul>"
    ),
    heading("Who can see it"),
    paragraph(
        "<p>Registrations are seen only by the community's facilitation team; candidatures, "
        "by the communications team and the selection committee. We neither sell nor lend "
        "this information.</p>"
    ),
    heading("Cookies"),
    paragraph(
        "<p>The site uses no analytics or advertising tools. Only the technical cookies that "
        "keep forms secure are used.</p>"
    ),
]


def _call_fr(*, images, study):
    return [
        paragraph(
            "<p>Chaque édition du colloque est accueillie par un milieu différent : une école, un centre de services scolaire ou un autre établissement prêt à recevoir les participants pendant quelques jours.</p>"
        ),
        heading("Ce que nous cherchons"),
        paragraph(
            "<ul><li>Des salles pour les conférences, les ateliers et les tables rondes.</li><li>Une équipe locale motivée pour l'accueil.</li><li>L'envie de faire rayonner la vie culturelle de votre milieu.</li></ul>"
        ),
        call_to_action(
            "Envie de relever le défi?",
            label="Écrire à l'équipe",
            url="mailto:info@example.org",
            text="Présentez-nous votre milieu et vos idées.",
        ),
    ]


def _call_en(*, images, study):
    return [
        paragraph(
            "<p>Each edition of the colloque is hosted by a different institution: a school, a school service centre or another organisation ready to welcome participants for a few days.</p>"
        ),
        heading("What we are looking for"),
        paragraph(
            "<ul><li>Rooms for talks, workshops and round tables.</li><li>A motivated local team to welcome people.</li><li>A wish to showcase your community's cultural life.</li></ul>"
        ),
        call_to_action(
            "Up for the challenge?",
            label="Write to the team",
            url="mailto:info@example.org",
            text="Tell us about your school and your ideas.",
        ),
    ]


def _study_fr(*, images, study):
    return [
        paragraph(
            "<p>À l'automne 2023, ACLAM a demandé à l'Observatoire québécois du loisir de rassembler les preuves scientifiques des bienfaits du parascolaire culturel et artistique à l'école secondaire.</p>"
        ),
        quote(
            "L'impact de ces activités est réel et documenté : il faut continuer de les offrir.",
            "Constat de l'étude",
        ),
        document_link(study),
    ]


def _study_en(*, images, study):
    return [
        paragraph(
            "<p>In autumn 2023, ACLAM asked the Observatoire québécois du loisir to gather the scientific evidence on the benefits of cultural and artistic extracurricular activities in secondary school.</p>"
        ),
        quote(
            "The impact of these activities is real and documented: they must keep being offered.",
            "Finding of the study",
        ),
        document_link(study),
    ]


def _recap_fr(*, images, study):
    return [
        paragraph(
            "<p>Conférences, ateliers, tables rondes et présentations Pecha Kucha : l'édition 2024 a réuni des intervenants venus de toutes les régions.</p>"
        ),
        image(
            images["workshop"],
            alt="Composition chaude évoquant un atelier",
            caption="L'édition 2024 en images.",
        ),
    ]


def _recap_en(*, images, study):
    return [
        paragraph(
            "<p>Talks, workshops, round tables and Pecha Kucha presentations: the 2024 edition brought together workers from every region.</p>"
        ),
        image(
            images["workshop"],
            alt="Warm composition suggesting a workshop",
            caption="The 2024 edition in pictures.",
        ),
    ]


def _copv_fr(*, images, study):
    return [
        paragraph(
            "<p>Les bibliothécaires du Centre de services scolaire de Montréal (CSSDM) et l'École en réseau lancent deux CoPV : l'une pour mettre en place un carrefour d'apprentissage, l'autre pour mieux l'utiliser.</p>"
        ),
        paragraph(
            "<p>Bibliothécaires, enseignants, éducateurs en service de garde, directions, conseillers pédagogiques, parents et architectes sont les bienvenus. Six séances de 16 h à 17 h 30, d'octobre à mai.</p>"
        ),
    ]


def _copv_en(*, images, study):
    return [
        paragraph(
            "<p>Librarians from the Centre de services scolaire de Montréal (CSSDM) and École en réseau are launching two virtual CoPs: one to set up a learning commons, the other to make better use of one.</p>"
        ),
        paragraph(
            "<p>Librarians, teachers, daycare educators, principals, education consultants, parents and architects are all welcome. Six sessions from 4:00 to 5:30 p.m., October to May.</p>"
        ),
    ]


def _wellbeing_fr(*, images, study):
    return [
        paragraph(
            "<p>Présentés au Symposium de la rentrée scolaire 2021-2022, des communautés de pratique et des groupes de codéveloppement virtuels portent sur les pratiques probantes en matière de bien-être à l'école. Ils se réunissent quatre fois par année (octobre, janvier, mars et mai), pendant trois ans.</p>"
        ),
        table(
            "Livrables prévus",
            [
                ["Livrable", "Échéance"],
                ["Diffusion de pratiques prometteuses", "Printemps 2022"],
                ["Guide de pratiques sur le bien-être", "Printemps 2024"],
            ],
        ),
        paragraph(
            "<p>Le réseau public peut utiliser les mesures 15021 et 15022 pour remplacer le personnel libéré; les écoles privées agréées, les mesures 30370 et 30371.</p>"
        ),
    ]


def _wellbeing_en(*, images, study):
    return [
        paragraph(
            "<p>Presented at the 2021-2022 back-to-school symposium (Symposium de la rentrée scolaire), virtual communities of practice and codevelopment groups focus on evidence-based practices for wellbeing at school. They meet four times a year (October, January, March and May) for three years.</p>"
        ),
        table(
            "Planned deliverables",
            [
                ["Deliverable", "Due"],
                ["Sharing promising practices", "Spring 2022"],
                ["Guide to wellbeing practices", "Spring 2024"],
            ],
        ),
        paragraph(
            "<p>Public school boards can use budget measures 15021 and 15022 to replace released staff; subsidised private schools, measures 30370 and 30371.</p>"
        ),
    ]


def _eclore_fr(*, images, study):
    return [
        paragraph(
            "<p>En novembre 2019, une semaine de réseautage s'est tenue dans quatre établissements de quatre villes, une journée chacun, avec des ouvertures en Pecha Kucha, des conférences et de nombreux ateliers.</p>"
        ),
        table(
            "Les quatre journées",
            [
                ["Date", "Établissement", "Ville"],
                ["25 novembre", "Lycée Audouin Dubreuil", "Saint-Jean-d'Angély"],
                ["26 novembre", "Collège Jean Lartaut", "Jarnac"],
                ["28 novembre", "Lycée de la Venise Verte", "Niort"],
                ["29 novembre", "Collège du Jardin des Plantes", "Poitiers"],
            ],
        ),
    ]


def _eclore_en(*, images, study):
    return [
        paragraph(
            "<p>In November 2019, a networking week was held at four schools in four towns, one day each, with Pecha Kucha openings, talks and many workshops.</p>"
        ),
        table(
            "The four days",
            [
                ["Date", "School", "Town"],
                ["November 25", "Lycée Audouin Dubreuil", "Saint-Jean-d'Angély"],
                ["November 26", "Collège Jean Lartaut", "Jarnac"],
                ["November 28", "Lycée de la Venise Verte", "Niort"],
                ["November 29", "Collège du Jardin des Plantes", "Poitiers"],
            ],
        ),
    ]


def _social_fr(*, images, study):
    return [
        paragraph(
            "<p>Centres sociaux et écoles agissent sur les mêmes territoires, auprès des mêmes familles. Trois rencontres ont permis de recueillir ce qui fait fonctionner leur coopération : une au printemps, une à l'automne 2018 (le jeudi 4 octobre au matin) et une rencontre élargie au début de 2019.</p>"
        ),
        paragraph(
            "<p>Entre les rencontres, les centres ont consulté leurs partenaires scolaires, puis les ont invités à se joindre au groupe.</p>"
        ),
    ]


def _social_en(*, images, study):
    return [
        paragraph(
            "<p>Social centres and schools work in the same neighbourhoods, with the same families. Three meetings gathered what makes their cooperation work: one in spring, one in autumn 2018 (the morning of Thursday, October 4) and a wider meeting in early 2019.</p>"
        ),
        paragraph(
            "<p>Between meetings, the centres asked their school partners for their views, then invited them to join the group.</p>"
        ),
    ]


def _call_news(dates):
    """The news of the call for a host of the upcoming edition, dated the day it opened."""
    year = dates.upcoming_year
    return {
        "key": "call",
        "date": timezone.localdate(dates.call_opens_at),
        "image": "hero",
        "fr": {
            "slug": f"appel-milieu-hote-{year}",
            "title": f"Appel de candidatures : accueillez le colloque en {year}",
            "intro": f"Nous cherchons le milieu qui accueillera l'édition {year} du Colloque pour des écoles expressives.",
            "tags": ["appel de candidatures", "colloque"],
            "body": _call_fr,
        },
        "en": {
            "slug": f"call-for-hosts-{year}",
            "title": f"Call for applications: host the colloque in {year}",
            "intro": f"We are looking for the institution that will host the {year} Colloque for expressive schools.",
            "tags": ["call for applications", "colloque"],
            "body": _call_en,
        },
    }


NEWS = [
    {
        "key": "study",
        "date": datetime.date(2024, 11, 22),
        "image": "study",
        "fr": {
            "slug": "etude-parascolaire-artistique",
            "title": "Une étude sur le parascolaire artistique dévoilée au colloque",
            "intro": "L'Observatoire québécois du loisir a rassemblé les preuves des bienfaits des activités artistiques et culturelles au secondaire.",
            "tags": ["étude", "colloque"],
            "body": _study_fr,
        },
        "en": {
            "slug": "study-artistic-extracurricular",
            "title": "A study on artistic extracurricular activities unveiled at the colloque",
            "intro": "The Observatoire québécois du loisir gathered the evidence of the benefits of artistic and cultural activities in secondary school.",
            "tags": ["study", "colloque"],
            "body": _study_en,
        },
    },
    {
        "key": "recap",
        "date": datetime.date(2024, 11, 29),
        "image": "workshop",
        "fr": {
            "slug": "retour-colloque-2024",
            "title": "Retour sur le colloque de novembre 2024",
            "intro": "Une programmation riche, des échanges nombreux et une étude très attendue.",
            "tags": ["colloque"],
            "body": _recap_fr,
        },
        "en": {
            "slug": "colloque-2024-recap",
            "title": "Looking back on the November 2024 colloque",
            "intro": "A rich programme, many exchanges and a long-awaited study.",
            "tags": ["colloque"],
            "body": _recap_en,
        },
    },
    {
        "key": "copv",
        "date": datetime.date(2025, 9, 10),
        "image": "library",
        "fr": {
            "slug": "copv-carrefours-apprentissage",
            "title": "Deux CoPV sur les carrefours d'apprentissage",
            "intro": "Les inscriptions sont ouvertes pour deux communautés de pratique virtuelles sur les bibliothèques scolaires.",
            "tags": ["communautés"],
            "body": _copv_fr,
        },
        "en": {
            "slug": "virtual-cops-learning-commons",
            "title": "Two virtual CoPs on learning commons",
            "intro": "Registration is open for two virtual communities of practice on school libraries.",
            "tags": ["communities"],
            "body": _copv_en,
        },
    },
    {
        "key": "wellbeing",
        "date": datetime.date(2025, 5, 20),
        "image": "wellbeing",
        "fr": {
            "slug": "bien-etre-communautes-codeveloppement",
            "title": "Bien-être à l'école : communautés et groupes de codéveloppement",
            "intro": "Des rencontres virtuelles pour dégager des pratiques prometteuses et produire un guide.",
            "tags": ["communautés", "bien-être"],
            "body": _wellbeing_fr,
        },
        "en": {
            "slug": "wellbeing-communities-codevelopment",
            "title": "Wellbeing at school: communities and codevelopment groups",
            "intro": "Virtual meetings to identify promising practices and write a guide.",
            "tags": ["communities", "wellbeing"],
            "body": _wellbeing_en,
        },
    },
    {
        "key": "eclore",
        "date": datetime.date(2025, 2, 12),
        "image": "schools",
        "fr": {
            "slug": "semaine-reseautage-quatre-etablissements",
            "title": "S'inspirer d'ailleurs : une semaine dans quatre établissements",
            "intro": "Quatre journées, quatre écoles, quatre villes : un modèle de rencontre qui nous inspire.",
            "tags": ["réseautage"],
            "body": _eclore_fr,
        },
        "en": {
            "slug": "networking-week-four-schools",
            "title": "Learning from elsewhere: a week at four schools",
            "intro": "Four days, four schools, four towns: a meeting format that inspires us.",
            "tags": ["networking"],
            "body": _eclore_en,
        },
    },
    {
        "key": "social",
        "date": datetime.date(2025, 3, 5),
        "image": "network",
        "fr": {
            "slug": "ecoles-centres-sociaux",
            "title": "Écoles et centres sociaux : trois rencontres pour mieux coopérer",
            "intro": "Mettre en forme les coopérations réussies entre établissements scolaires et centres sociaux.",
            "tags": ["réseautage", "communautés"],
            "body": _social_fr,
        },
        "en": {
            "slug": "schools-social-centres",
            "title": "Schools and social centres: three meetings to work better together",
            "intro": "Capturing what makes cooperation between schools and social centres succeed.",
            "tags": ["networking", "communities"],
            "body": _social_en,
        },
    },
]

RELATED = {"call": ["recap"], "study": ["recap"], "recap": ["study", "call"], "copv": ["wellbeing"]}
