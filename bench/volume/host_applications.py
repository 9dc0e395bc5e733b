"""Candidatures to the current call for hosts, each submitted through the public form's
rules (``HostApplicationForm``) and the submission service (``submit_application``: its
number and reference, its private link, its moderation workflow, the receipt in the
outbox), at moments spread over the call's window. Then some are screened or declined by
Communications through the workflow, and some withdrawn by their institution
(``withdraw_application``), as on the site. Institutions and people are made up and write
from example.org.
"""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from factories.host_applications import act, submit
from home.choices import Region
from home.demo_utils import demo_staff
from host_applications import services
from host_applications.models import (
    Accessibility,
    ApplicationStatus,
    HostApplication,
    InstitutionType,
)

from . import scaled, seeded

# At scale 1.
CANDIDATURES = 2000
# Marker of volume candidatures: their contact address (never real, always example.org).
EMAIL_PREFIX = "volume-"

STATUSES = [
    (ApplicationStatus.RECEIVED, 50),
    (ApplicationStatus.SCREENED, 15),
    (ApplicationStatus.REJECTED, 20),
    (ApplicationStatus.WITHDRAWN, 15),
]
TYPE_NAMES = {
    InstitutionType.SECONDARY_SCHOOL: "École secondaire",
    InstitutionType.PRIMARY_SCHOOL: "École primaire",
    InstitutionType.PRIVATE_SCHOOL: "Collège privé",
    InstitutionType.SCHOOL_SERVICE_CENTRE: "Centre de services scolaire",
    InstitutionType.VOCATIONAL_ADULT: "Centre de formation",
    InstitutionType.COLLEGE: "Cégep",
    InstitutionType.ORGANISATION: "Maison de la culture",
    InstitutionType.OTHER: "Centre communautaire",
}
PLACES = [
    "de la Vallée", "du Littoral", "des Trois-Lacs", "du Plateau", "des Rivières", "de la Plaine",
    "des Monts", "de l'Estuaire", "des Îles", "du Bassin", "des Érables", "du Vieux-Moulin",
    "de la Montagne", "des Cascades", "du Ruisseau", "de la Colline",
]  # fmt: skip
TOWNS = [
    "Saint-Jérôme", "Rimouski", "Sherbrooke", "Gatineau", "Trois-Rivières", "Saguenay",
    "Drummondville", "Granby", "Rouyn-Noranda", "Sept-Îles", "Gaspé", "Joliette",
    "Victoriaville", "Lévis", "Laval", "Longueuil", "Saint-Hyacinthe", "Shawinigan",
]  # fmt: skip
STREETS = ["rue Principale", "boulevard des Écoles", "rue de l'Église", "avenue du Parc",
           "rue des Érables", "chemin du Lac", "rue Notre-Dame", "boulevard du Fleuve"]  # fmt: skip
FIRST_NAMES = ["Julie", "Marc-André", "Isabelle", "Nathalie", "Sophie", "Martin", "Chantal",
               "Patrick", "Annie", "Sylvain", "Valérie", "Mathieu", "Josée", "Éric"]  # fmt: skip
LAST_NAMES = ["Gagnon", "Poulin", "Caron", "Bélanger", "Tremblay", "Gauthier", "Lefebvre",
              "Bergeron", "Desjardins", "Thibault", "Lachance", "Nadeau"]  # fmt: skip
ROLES = ["Animatrice de vie étudiante", "Technicien en loisirs", "Directrice adjointe",
         "Conseiller pédagogique", "Directeur", "Intervenante socioculturelle"]  # fmt: skip
CATERING = [
    "Cafétéria sur place; notre traiteur habituel peut servir 300 repas.",
    "Service alimentaire de l'école; pauses offertes par le conseil d'établissement.",
    "Traiteur local à confirmer; salle à manger de 200 places.",
]  # fmt: skip
EQUIPMENT = [
    "Auditorium avec sonorisation, projecteurs dans chaque local, Wi-Fi.",
    "Grand gymnase avec scène, écran géant, micros sans fil, deux techniciens.",
    "Salle de spectacle équipée; un technicien présent pendant les deux jours.",
]  # fmt: skip
ACCESS = [
    "Deux hôtels à 5 minutes; gare d'autobus à 10 minutes à pied.",
    "Autoroute à proximité; hôtels au centre-ville, à 10 minutes.",
    "Stationnement gratuit; covoiturage organisé depuis les grandes villes.",
]  # fmt: skip
MOTIVATIONS = [
    "Accueillir le colloque ferait rayonner le travail des élèves et de l'équipe.",
    "Nos intervenants forment un réseau très actif; nous voulons partager nos projets.",
    "Rapprocher le colloque des intervenants de notre région, loin des grands centres.",
    "Notre nouvelle salle de spectacle mérite d'être connue des autres milieux.",
]  # fmt: skip


def _postal_code(rng):
    letters = "ABCEGHJKLMNPRSTVXY"
    return (
        f"{rng.choice('GHJKL')}{rng.randint(0, 9)}{rng.choice(letters)} "
        f"{rng.randint(0, 9)}{rng.choice(letters)}{rng.randint(0, 9)}"
    )


def _thursdays(year):
    first = datetime.date(year, 11, 1)
    thursday = first + datetime.timedelta(days=(3 - first.weekday()) % 7)
    return [thursday + datetime.timedelta(weeks=week) for week in range(4)]


def _answers(rng, n, *, year):
    """The form's answers for the n-th candidature, proposing two days in November of
    ``year``."""
    kind = rng.choice(InstitutionType.values)
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    start = rng.choice(_thursdays(year))
    accessibility = rng.choices(Accessibility.values, (14, 5, 1))[0]
    return {
        "institution_name": f"{TYPE_NAMES[kind]} {rng.choice(PLACES)}",
        "institution_type": kind,
        "region": rng.choice(Region.values),
        "address": f"{rng.randint(10, 2999)}, {rng.choice(STREETS)}",
        "town": rng.choice(TOWNS),
        "postal_code": _postal_code(rng),
        "contact_name": f"{first} {last}",
        "contact_role": rng.choice(ROLES),
        "contact_email": f"{EMAIL_PREFIX}{n:05d}.{slugify(first)}.{slugify(last)}@example.org",
        "contact_phone": f"{rng.choice(('418', '450', '514', '819'))} 555-01{rng.randint(0, 99):02d}",
        "proposed_start_date": start.isoformat(),
        "proposed_end_date": (start + datetime.timedelta(days=1)).isoformat(),
        "dates_note": "Le jeudi et le vendredi conviennent à notre calendrier."
        if rng.random() < 0.3
        else "",
        "plenary_capacity": str(rng.randrange(150, 610, 10)),
        "workshop_rooms": str(rng.randint(4, 16)),
        "accessibility": accessibility,
        "accessibility_details": "Une aile n'a pas d'ascenseur."
        if accessibility == Accessibility.PARTIAL
        else "",
        "catering": rng.choice(CATERING),
        "technical_equipment": rng.choice(EQUIPMENT),
        "accommodation_transport": rng.choice(ACCESS),
        "local_partners": "La maison de la culture et la troupe de théâtre de l'école."
        if rng.random() < 0.5
        else "",
        "motivation": rng.choice(MOTIVATIONS),
    }


def load(*, scale, report):
    call = services.current_call()
    if call is None:
        report.skipped.append(("host candidatures", "no call for hosts"))
        return
    call = call.specific
    if HostApplication.objects.filter(call=call, contact_email__startswith=EMAIL_PREFIX).exists():
        report.unchanged.append("host candidatures")
        return
    communications, _committee = demo_staff()
    rng = seeded("host-applications")
    now = timezone.now()
    start, end = call.opens_at, max(min(now, call.closes_at), call.opens_at)
    # The form takes dates in the future only: a November after the call closes and after today.
    year = max(call.closes_at.year, timezone.localdate(now).year + 1)
    count = scaled(CANDIDATURES, scale)
    moments = sorted(start + (end - start) * rng.random() for _ in range(count))
    statuses = {}
    for n, moment in enumerate(moments, start=1):
        application, _token = submit(
            call,
            language="en" if rng.random() < 0.1 else "fr-ca",
            now=moment,
            **_answers(rng, n, year=year),
        )
        status = rng.choices(*zip(*STATUSES, strict=True))[0]
        if status == ApplicationStatus.SCREENED:
            act(application, communications, "approve", comment="Dossier complet.")
        elif status == ApplicationStatus.REJECTED:
            act(application, communications, "decline", comment="Capacité insuffisante.")
        elif status == ApplicationStatus.WITHDRAWN:
            services.withdraw_application(application=application)
        statuses[status] = statuses.get(status, 0) + 1
    report.add("host candidatures", count)
    report.add("screened", statuses.get(ApplicationStatus.SCREENED, 0))
