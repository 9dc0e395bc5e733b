"""Volume data of the host applications app for benchmarks: candidatures to the current call.

See home/demo_scale.py. Candidatures are written directly, with the record fields that
services.submit_application sets (number, reference, hash of a private token that nobody
keeps, submission and consent times). A few hundred open ones sit in the call's moderation
workflow, as submit_application leaves them: a revision, a workflow state and the current
step (screened ones have passed the first step). The others, rejected and withdrawn ones
included, have no workflow state. Institutions and people are made up and write from
example.org.
"""

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Revision, TaskState, WorkflowState

from home.choices import Region
from home.demo_scale import scaled, seeded
from home.private_links import hash_token

from .models import Accessibility, ApplicationStatus, HostApplication, InstitutionType
from .services import current_call

# At --scale 1.
CANDIDATURES = 2000
# Of which in the moderation workflow (a few hundred: the rest need no workflow state).
MODERATED = 400
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


def _candidature(rng, n, number, *, call, edition, window, now):
    kind = rng.choice(InstitutionType.values)
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    status = rng.choices(*zip(*STATUSES, strict=True))[0]
    submitted = window[0] + (window[1] - window[0]) * rng.random()
    start = rng.choice(_thursdays(call.closes_at.year))
    accessibility = rng.choices(Accessibility.values, (14, 5, 1))[0]
    decided = min(now, submitted + datetime.timedelta(days=rng.randint(3, 40)))
    return HostApplication(
        call=call,
        edition=edition,
        number=number,
        reference=f"CAND-{edition.year}-{number:03d}",
        # A private link nobody holds: only the hash is ever stored.
        token_hash=hash_token(secrets.token_urlsafe(32)),
        language="en" if rng.random() < 0.1 else "fr-ca",
        status=status,
        submitted_at=submitted,
        consented_at=submitted,
        decided_at=decided if status == ApplicationStatus.REJECTED else None,
        withdrawn_at=decided if status == ApplicationStatus.WITHDRAWN else None,
        live=False,  # "live" means selected
        institution_name=f"{TYPE_NAMES[kind]} {rng.choice(PLACES)}",
        institution_type=kind,
        region=rng.choice(Region.values),
        address=f"{rng.randint(10, 2999)}, {rng.choice(STREETS)}",
        town=rng.choice(TOWNS),
        postal_code=_postal_code(rng),
        contact_name=f"{first} {last}",
        contact_role=rng.choice(ROLES),
        contact_email=f"{EMAIL_PREFIX}{n:05d}.{slugify(first)}.{slugify(last)}@example.org",
        contact_phone=f"{rng.choice(('418', '450', '514', '819'))} 555-01{rng.randint(0, 99):02d}",
        proposed_start_date=start,
        proposed_end_date=start + datetime.timedelta(days=1),
        dates_note="Le jeudi et le vendredi conviennent à notre calendrier."
        if rng.random() < 0.3
        else "",
        plenary_capacity=rng.randrange(150, 610, 10),
        workshop_rooms=rng.randint(4, 16),
        accessibility=accessibility,
        accessibility_details="Une aile n'a pas d'ascenseur."
        if accessibility == Accessibility.PARTIAL
        else "",
        catering=rng.choice(CATERING),
        technical_equipment=rng.choice(EQUIPMENT),
        accommodation_transport=rng.choice(ACCESS),
        local_partners="La maison de la culture et la troupe de théâtre de l'école."
        if rng.random() < 0.5
        else "",
        motivation=rng.choice(MOTIVATIONS),
    )


def _moderation(applications, *, count, now):
    """Up to ``count`` open candidatures in the workflow, as submit_application and the first
    step leave them: the screened ones first, then the latest received."""
    open_ones = sorted(
        (a for a in applications if a.status in ApplicationStatus.open_states()),
        key=lambda a: (a.status != ApplicationStatus.SCREENED, -a.submitted_at.timestamp()),
    )[:count]
    if not open_ones:
        return 0
    workflow = open_ones[0].get_workflow()
    tasks = [task.specific for task in workflow.tasks.all()] if workflow else []
    if not tasks:
        return 0
    content_type = ContentType.objects.get_for_model(HostApplication)
    screener = get_user_model().objects.filter(username="demo.communications").first()
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=content_type,
                base_content_type=content_type,
                object_id=str(application.pk),
                created_at=application.submitted_at,
                object_str=str(application),
                content=application.serializable_data(),
            )
            for application in open_ones
        ],
        batch_size=500,
    )
    states = WorkflowState.objects.bulk_create(
        [
            WorkflowState(
                content_type=content_type,
                base_content_type=content_type,
                object_id=str(application.pk),
                workflow=workflow,
                status=WorkflowState.STATUS_IN_PROGRESS,
                created_at=application.submitted_at,
            )
            for application in open_ones
        ],
        batch_size=500,
    )
    task_states, starts, current = [], [], []
    for application, revision, state in zip(open_ones, revisions, states, strict=True):
        screened = application.status == ApplicationStatus.SCREENED and len(tasks) > 1
        started = application.submitted_at
        if screened:
            finished = min(now, started + datetime.timedelta(days=5))
            task_states.append(
                tasks[0].get_task_state_class()(
                    workflow_state=state,
                    revision=revision,
                    task=tasks[0],
                    status=TaskState.STATUS_APPROVED,
                    started_at=started,
                    finished_at=finished,
                    finished_by=screener,
                )
            )
            starts.append(started)
            started = finished
        task = tasks[1] if screened else tasks[0]
        step = task.get_task_state_class()(
            workflow_state=state,
            revision=revision,
            task=task,
            status=TaskState.STATUS_IN_PROGRESS,
            started_at=started,
        )
        task_states.append(step)
        starts.append(started)
        current.append((state, step))
    TaskState.objects.bulk_create(task_states, batch_size=500)
    # Both stamp their creation time on insert: give them back their own.
    for task_state, started in zip(task_states, starts, strict=True):
        task_state.started_at = started
    TaskState.objects.bulk_update(task_states, ["started_at"], batch_size=500)
    for application, (state, step) in zip(open_ones, current, strict=True):
        state.current_task_state = step
        state.created_at = application.submitted_at
    WorkflowState.objects.bulk_update(states, ["current_task_state", "created_at"], batch_size=500)
    for application, revision in zip(open_ones, revisions, strict=True):
        application.latest_revision = revision
        application.has_unpublished_changes = True
    HostApplication.objects.bulk_update(
        open_ones, ["latest_revision", "has_unpublished_changes"], batch_size=500
    )
    return len(open_ones)


def load(*, scale, report):
    call = current_call()
    if call is None:
        report.skipped.append(("host candidatures", "no call for hosts"))
        return
    call = call.specific
    if HostApplication.objects.filter(call=call, contact_email__startswith=EMAIL_PREFIX).exists():
        report.unchanged.append("host candidatures")
        return
    edition = call.get_parent().specific
    rng = seeded("host-applications")
    now = timezone.now()
    window = (
        call.opens_at,
        max(min(now, call.closes_at), call.opens_at + datetime.timedelta(days=1)),
    )
    last = (
        HostApplication.objects.filter(edition=edition)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    ) or 0
    applications = [
        _candidature(rng, n, last + n, call=call, edition=edition, window=window, now=now)
        for n in range(1, scaled(CANDIDATURES, scale) + 1)
    ]
    HostApplication.objects.bulk_create(applications, batch_size=500)
    moderated = _moderation(applications, count=scaled(MODERATED, scale), now=now)
    report.add("host candidatures", len(applications))
    report.add("in moderation", moderated)
