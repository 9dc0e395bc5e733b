"""Demo: the call for a host of the upcoming colloque, open, with candidatures at each step.

Candidatures are submitted through the public form and the submission service
(``factories.host_applications.submit``), then screened, sent back for changes or rejected
through the admin's workflow actions (``act``). Institutions, people and addresses are made up.
"""

from wagtail.models import Locale, Site

from colloque.models import EditionPage
from factories.host_applications import (
    HostCallPageFactory,
    SelectionCriterionFactory,
    act,
    submit,
)
from home.demo_utils import (
    CREATED,
    UNCHANGED,
    DemoReport,
    call_to_action,
    demo_dates,
    demo_staff,
    heading,
    paragraph,
    publish,
    translate_page,
    upsert_page,
)
from home.models import OutboxEmail

from . import services
from .models import HostApplication

CRITERIA = [
    # (title, description, weight, English title, English description)
    (
        "Capacité d'accueil",
        "Une salle plénière pour tous les participants et des salles d'atelier disponibles en même temps.",
        30,
        "Capacity",
        "A plenary room for every participant and workshop rooms available at the same time.",
    ),
    (
        "Accessibilité universelle",
        "Entrées, salles et toilettes accessibles; signalisation claire.",
        20,
        "Universal accessibility",
        "Accessible entrances, rooms and washrooms; clear signage.",
    ),
    (
        "Services sur place",
        "Repas et pauses, équipement technique, soutien d'un technicien.",
        20,
        "On-site services",
        "Meals and breaks, technical equipment, a technician's support.",
    ),
    (
        "Accès et hébergement",
        "Transport, stationnement et hébergement à proximité.",
        15,
        "Access and accommodation",
        "Transport, parking and accommodation nearby.",
    ),
    (
        "Engagement du milieu",
        "Une équipe locale motivée et des partenaires culturels prêts à s'impliquer.",
        15,
        "Local commitment",
        "A motivated local team and cultural partners ready to take part.",
    ),
]

APPLICATIONS = [
    {
        "key": "new",
        "institution_name": "École secondaire de la Rivière-du-Nord",
        "institution_type": "secondary",
        "region": "15",
        "address": "1200, rue des Érables",
        "town": "Saint-Jérôme",
        "postal_code": "J7Z 4L9",
        "contact_name": "Julie Gagnon",
        "contact_role": "Animatrice de vie spirituelle et d'engagement communautaire",
        "contact_email": "julie.gagnon@example.org",
        "contact_phone": "450 555-0142",
        # Thursday and Friday of that week of the upcoming November (computed at load).
        "week": 3,
        "dates_note": "Le jeudi et le vendredi conviennent à notre calendrier scolaire.",
        "plenary_capacity": 320,
        "workshop_rooms": 10,
        "accessibility": "full",
        "accessibility_details": "Ascenseur, portes automatiques et toilettes adaptées à chaque étage.",
        "catering": "Cafétéria sur place; notre traiteur habituel peut servir 300 repas.",
        "technical_equipment": "Auditorium avec sonorisation, projecteurs dans chaque local, Wi-Fi.",
        "accommodation_transport": "Deux hôtels à 5 minutes; gare de train de banlieue à 10 minutes à pied.",
        "local_partners": "La maison de la culture et la troupe de théâtre de l'école.",
        "motivation": "Notre école a lancé un programme arts-études l'an dernier : accueillir le colloque ferait rayonner le travail des élèves et de l'équipe.",
    },
    {
        "key": "screened",
        "institution_name": "Polyvalente des Appalaches",
        "institution_type": "secondary",
        "region": "12",
        "address": "455, boulevard Vachon Nord",
        "town": "Sainte-Marie",
        "postal_code": "G6E 1M2",
        "contact_name": "Marc-André Poulin",
        "contact_role": "Technicien en loisirs",
        "contact_email": "marc-andre.poulin@example.org",
        "contact_phone": "418 555-0187",
        "week": 2,
        "dates_note": "",
        "plenary_capacity": 450,
        "workshop_rooms": 14,
        "accessibility": "full",
        "accessibility_details": "",
        "catering": "Service alimentaire de l'école; pauses offertes par le conseil d'établissement.",
        "technical_equipment": "Grand gymnase avec scène, écran géant, micros sans fil, deux techniciens.",
        "accommodation_transport": "Autoroute 73 à proximité; hôtels à Sainte-Marie et à Lévis.",
        "local_partners": "La MRC de La Nouvelle-Beauce et le festival de musique régional.",
        "motivation": "Nos intervenants socioculturels forment un réseau très actif en Beauce; nous voulons partager nos projets avec toute la province.",
    },
    {
        "key": "changes",
        "institution_name": "École secondaire des Deux-Lacs",
        "institution_type": "secondary",
        "region": "04",
        "address": "80, avenue de la Station",
        "town": "Shawinigan",
        "postal_code": "G9N 1T5",
        "contact_name": "Isabelle Caron",
        "contact_role": "Directrice adjointe",
        "contact_email": "isabelle.caron@example.org",
        "contact_phone": "819 555-0123",
        "week": 4,
        "dates_note": "",
        "plenary_capacity": 250,
        "workshop_rooms": 6,
        "accessibility": "partial",
        "accessibility_details": "L'aile des arts n'a pas d'ascenseur.",
        "catering": "Traiteur à confirmer.",
        "technical_equipment": "Salle de spectacle de 250 places.",
        "accommodation_transport": "Hôtels au centre-ville, à 10 minutes.",
        "local_partners": "",
        "motivation": "Le colloque serait une belle occasion de faire connaître notre nouvelle salle de spectacle.",
    },
    {
        "key": "rejected",
        "institution_name": "Cégep de la Baie",
        "institution_type": "college",
        "region": "09",
        "address": "537, boulevard Blanche",
        "town": "Baie-Comeau",
        "postal_code": "G5C 2B2",
        "contact_name": "Nathalie Bélanger",
        "contact_role": "Conseillère à la vie étudiante",
        "contact_email": "nathalie.belanger@example.org",
        "contact_phone": "418 555-0199",
        "week": 5,
        "dates_note": "",
        "plenary_capacity": 180,
        "workshop_rooms": 5,
        "accessibility": "full",
        "accessibility_details": "",
        "catering": "Cafétéria du cégep.",
        "technical_equipment": "Amphithéâtre équipé.",
        "accommodation_transport": "Vols vers Baie-Comeau; hôtels en ville.",
        "local_partners": "Le centre des arts de Baie-Comeau.",
        "motivation": "Rapprocher le colloque des intervenants de la Côte-Nord, qui doivent souvent parcourir de longues distances.",
    },
]


def load(*, reset, stdout):
    report = DemoReport()
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    english = Locale.objects.get(language_code="en")
    dates = demo_dates()
    year = dates.upcoming_year
    edition = EditionPage.objects.filter(year=year, locale=home.locale, slug=str(year)).first()
    if edition is None:
        return report
    opens_at, closes_at = dates.call_opens_at, dates.call_closes_at
    call = upsert_page(
        parent=edition,
        factory=HostCallPageFactory,
        slug="candidature",
        reset=reset,
        report=report,
        title=f"Accueillir le Colloque {year}",
        intro="Votre établissement aimerait recevoir les intervenants socioculturels de toute la province? Présentez sa candidature comme milieu hôte.",
        opens_at=opens_at,
        closes_at=closes_at,
        hosting=[
            paragraph(
                "<p>Le milieu hôte accueille pendant deux jours environ 300 personnes : intervenants socioculturels, enseignants, directions et partenaires. Il prête ses salles, coordonne l'accueil avec notre équipe et fait découvrir la vie culturelle de sa région.</p>"
            ),
            heading("Ce que nous prenons en charge"),
            paragraph(
                "<ul><li>La programmation, les conférenciers et les inscriptions.</li><li>Les communications et les partenaires provinciaux.</li><li>Un soutien financier pour les frais d'accueil.</li></ul>"
            ),
            heading("Ce que nous attendons du milieu"),
            paragraph(
                "<ul><li>Une personne responsable sur place pendant la préparation et l'événement.</li><li>Des bénévoles pour l'accueil des participants.</li><li>Des salles libres pendant les deux jours.</li></ul>"
            ),
        ],
        requirements="<p>Le colloque se tient sur deux jours consécutifs, idéalement un jeudi et un vendredi de novembre.</p>",
        min_plenary_capacity=250,
        min_workshop_rooms=8,
        accessibility_required=True,
        expected_dates="Deux jours consécutifs en novembre",
        privacy_notice=(
            "<p>Nous recueillons ces renseignements pour évaluer votre candidature et communiquer avec vous à son sujet, "
            "et pour aucune autre fin.</p><p>Seuls l'équipe des communications et les membres du comité de sélection "
            "les consultent. Les renseignements de la candidature retenue sont conservés pour organiser l'édition.</p>"
        ),
        privacy_contact="confidentialite@example.org",
        form_intro="<p>Prévoyez une vingtaine de minutes. Vous pouvez joindre jusqu'à trois fichiers PDF : plan des salles, photos, lettres d'appui.</p>",
        criteria=[
            SelectionCriterionFactory.build(title=title, description=description, weight=weight)
            for title, description, weight, _en, _en_description in CRITERIA
        ],
    )
    english_call = translate_page(
        page=call,
        locale=english,
        reset=reset,
        report=report,
        slug="candidature",
        title=f"Host the {year} colloque",
        intro="Would your institution like to welcome socio-cultural workers from across the province? Submit its candidature as host.",
        hosting=[
            paragraph(
                "<p>The host welcomes about 300 people for two days: socio-cultural workers, teachers, principals and partners. It lends its rooms, plans the welcome with our team and shows the cultural life of its region.</p>"
            ),
            heading("What we take care of"),
            paragraph(
                "<ul><li>The programme, speakers and registration.</li><li>Communications and provincial partners.</li><li>Financial support for hosting costs.</li></ul>"
            ),
            heading("What we expect from the host"),
            paragraph(
                "<ul><li>A person in charge on site during the preparation and the event.</li><li>Volunteers to welcome participants.</li><li>Rooms free for both days.</li></ul>"
            ),
        ],
        requirements="<p>The colloque takes two consecutive days, ideally a Thursday and a Friday in November.</p>",
        expected_dates="Two consecutive days in November",
        privacy_notice=(
            "<p>We collect this information to assess your candidature and to write to you about it, and for no other purpose.</p>"
            "<p>Only the communications team and the members of the selection committee see it. The information of the selected candidature is kept to organise the edition.</p>"
        ),
        form_intro="<p>Allow about twenty minutes. You can attach up to three PDF files: floor plans, photos, letters of support.</p>",
    )
    for criterion, (_fr, _fr_description, _weight, title, description) in zip(
        english_call.criteria.order_by("sort_order"), CRITERIA, strict=False
    ):
        if criterion.title != title:
            criterion.title, criterion.description = title, description
            criterion.save()

    _feature_on_home(home=home, call=call, reset=reset, year=year)
    _candidatures(call=call, report=report, dates=dates)
    return report


def _feature_on_home(*, home, call, reset, year):
    """The home page's call to action leads to the call itself, in each language."""
    for translated_home in home.get_translations(inclusive=True).specific():
        translated_call = call.get_translation_or_none(translated_home.locale) or call
        actions = list(translated_home.featured_actions.raw_data)
        if not actions:
            continue
        link = actions[0]["value"].get("link", {})
        if link.get("page") == translated_call.pk and not reset:
            continue
        french = translated_home.locale_id == home.locale_id
        actions[0] = call_to_action(
            f"Accueillir le colloque en {year}" if french else f"Host the colloque in {year}",
            label="Soumettre une candidature comme milieu hôte"
            if french
            else "Submit a candidature as host",
            page=translated_call,
        )
        translated_home.featured_actions = actions
        publish(translated_home)


def _candidatures(*, call, report, dates):
    if HostApplication.objects.filter(call=call).exists():
        report.add(UNCHANGED)
        return
    communications, committee = demo_staff()
    first_email = OutboxEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    criteria = list(call.criteria.all())
    applications = {}
    for entry in APPLICATIONS:
        answers = {key: value for key, value in entry.items() if key not in ("key", "week")}
        start, end = dates.november_days(entry["week"])
        # Through the public form, then the submission service, as a visitor's candidature.
        application, _token = submit(
            call, proposed_start_date=start, proposed_end_date=end, **answers
        )
        applications[entry["key"]] = application
        report.add(CREATED)

    act(applications["screened"], communications, "approve")
    services.save_review(
        application=applications["screened"],
        reviewer=committee,
        scores={
            criterion.pk: (score, "")
            for criterion, score in zip(criteria, [5, 4, 4, 3, 5], strict=False)
        },
        comment="Très grande capacité, équipe locale engagée.",
    )
    act(
        applications["changes"],
        communications,
        "reject",
        comment="Merci pour votre candidature! Il nous manque le nom du traiteur et un plan des salles d'atelier : pouvez-vous les ajouter?",
    )
    act(applications["rejected"], communications, "approve")
    services.save_review(
        application=applications["rejected"],
        reviewer=committee,
        scores={
            criterion.pk: (score, "")
            for criterion, score in zip(criteria, [2, 4, 3, 2, 4], strict=False)
        },
    )
    act(
        applications["rejected"],
        committee,
        "decline",
        comment="Votre milieu est inspirant, mais la salle plénière ne peut accueillir tous les participants attendus. Nous vous invitons à proposer votre candidature pour un atelier délocalisé.",
    )
    # The demo's made-up people get no email: drop what the steps above queued.
    OutboxEmail.objects.filter(pk__gt=first_email, sent_at__isnull=True).delete()
