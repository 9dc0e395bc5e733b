"""Communities of practice: the index, published community pages with their sessions, and
valid registration answers."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from communities.models import (
    CommunityIndexPage,
    CommunityPage,
    CommunitySession,
    ReservedSeats,
)

T = datetime.time


class CommunityIndexPageFactory(wagtail_factories.PageFactory):
    title = "Communautés de pratique"
    slug = "communautes"
    intro = "Des groupes pour avancer ensemble."
    privacy_notice = "<p>Nous utilisons ces renseignements pour organiser la communauté.</p>"
    privacy_contact = "vie-privee@example.org"

    class Meta:
        model = CommunityIndexPage


class CommunityPageFactory(wagtail_factories.PageFactory):
    """A bare community page: the model's defaults, for callers that give every field (the
    demo); ``create_community`` gives a complete, open one."""

    title = factory.Sequence(lambda n: f"Communauté {n}")
    slug = factory.Sequence(lambda n: f"communaute-{n}")

    class Meta:
        model = CommunityPage


def session(
    days=20,
    start=(16, 0),
    end=(17, 30),
    *,
    topic="",
    location="",
    meeting_url="",
):
    """An unsaved session `days` days from today (Québec time)."""
    return CommunitySession(
        date=timezone.localdate() + datetime.timedelta(days=days),
        start_time=T(*start),
        end_time=T(*end),
        topic=topic,
        location=location,
        meeting_url=meeting_url,
    )


def default_sessions(slug, count=3):
    return [
        session(
            20 + 7 * n,
            topic=f"Thème de la séance {n + 1}",
            meeting_url=f"https://visio.example.org/{slug}-{n + 1}",
        )
        for n in range(count)
    ]


def create_community(
    parent,
    *,
    slug="lecture-plaisir",
    title=None,
    kind="practice",
    capacity_max=3,
    capacity_min=None,
    selection_method="first-come",
    waitlist_enabled=True,
    opens=None,
    closes=None,
    sessions=None,
    reserved=(),
    school_levels=("preschool-primary", "secondary", "english"),
    reminder_hours=24,
    intro="Un groupe pour partager des pratiques de lecture.",
    description="<p>Une communauté de pratique.</p>",
    audience_roles=("teacher", "librarian"),
    **fields,
):
    """A community page under `parent`, published through a revision as editors do.

    sessions: unsaved CommunitySession rows (see `session`); three weekly sessions with
    meeting links by default. reserved: [(school level, seats)].
    """
    now = timezone.now()
    page = CommunityPage(
        title=title or f"Communauté {slug}",
        slug=slug,
        kind=kind,
        intro=intro,
        description=description,
        audience_roles=list(audience_roles),
        school_levels=list(school_levels),
        capacity_min=capacity_min,
        capacity_max=capacity_max,
        waitlist_enabled=waitlist_enabled,
        selection_method=selection_method,
        registration_opens_at=opens or now - datetime.timedelta(days=5),
        registration_closes_at=closes or now + datetime.timedelta(days=5),
        reminder_hours=reminder_hours,
        **fields,
    )
    rows = default_sessions(slug) if sessions is None else list(sessions)
    for order, row in enumerate(rows):
        row.sort_order = order
    page.sessions = rows
    page.reserved_seats = [
        ReservedSeats(school_level=level, seats=seats, sort_order=order)
        for order, (level, seats) in enumerate(reserved)
    ]
    parent.add_child(instance=page)
    page.save_revision().publish()
    return CommunityPage.objects.get(pk=page.pk)


def registration_data(**overrides):
    """A valid public registration, as the form posts it."""
    data = {
        "name": "Amélie Roy",
        "email": "amelie.roy@example.org",
        "role": "teacher",
        "organisation": "École Saint-Pierre",
        "region": "06",
        "school_level": "secondary",
        "project": "Un club de lecture en 2e secondaire.",
        "colleagues": "Marc Tremblay",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def person(n, **overrides):
    """Registration answers for the n-th person (distinct name and email)."""
    return registration_data(
        **{"name": f"Personne {n}", "email": f"personne{n}@example.org", **overrides}
    )
