import datetime

import factory
import wagtail_factories
from django.utils import timezone

from host_applications import services
from host_applications.forms import HostApplicationForm
from host_applications.models import HostCallPage, SelectionCriterion

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class HostCallPageFactory(wagtail_factories.PageFactory):
    title = "Accueillir le colloque"
    slug = "candidature"
    intro = "Présentez la candidature de votre établissement."
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    privacy_notice = "<p>Nous utilisons ces renseignements pour évaluer la candidature.</p>"
    min_plenary_capacity = 250
    min_workshop_rooms = 8

    class Meta:
        model = HostCallPage


class SelectionCriterionFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Critère {n}")
    weight = 10

    class Meta:
        model = SelectionCriterion


def application_data(**overrides):
    """A valid public submission, as the form posts it."""
    data = {
        "institution_name": "École secondaire du Plateau",
        "institution_type": "secondary",
        "region": "06",
        "address": "4500, rue Saint-Denis",
        "town": "Montréal",
        "postal_code": "h2j 2l3",
        "contact_name": "Amélie Roy",
        "contact_role": "Technicienne en loisirs",
        "contact_email": "amelie.roy@example.org",
        "contact_phone": "514 555-0100",
        "proposed_start_date": (timezone.localdate() + datetime.timedelta(days=300)).isoformat(),
        "proposed_end_date": (timezone.localdate() + datetime.timedelta(days=301)).isoformat(),
        "dates_note": "",
        "plenary_capacity": "300",
        "workshop_rooms": "9",
        "accessibility": "full",
        "accessibility_details": "",
        "catering": "Cafétéria sur place.",
        "technical_equipment": "Auditorium équipé.",
        "accommodation_transport": "Métro à deux rues.",
        "local_partners": "",
        "motivation": "Nous voulons faire rayonner nos projets.",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def submit(call, *, files=(), language="fr-ca", now=None, **answers):
    """A candidature submitted as the public form does: the answers go through its form,
    then the submission service (numbering, private link, moderation, receipt)."""
    form = HostApplicationForm(application_data(**answers))
    if not form.is_valid():
        raise ValueError(f"Invalid candidature answers: {form.errors.as_json()}")
    return services.submit_application(
        call=call, data=form.cleaned_data, files=list(files), language=language, now=now
    )


def act(application, user, action, comment=""):
    """``user`` takes ``action`` ("approve", "decline"…) on the candidature's current step of
    moderation, as from the admin's workflow menu."""
    application.refresh_from_db()
    task_state = application.current_workflow_task_state
    task_state.task.specific.on_action(task_state, user, action, comment=comment)
    application.refresh_from_db()
    return application
