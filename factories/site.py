"""A small site holding a bit of everything a backup or a personal-data request must find:
pages with revisions and drafts, an image and a document, a partner under moderation,
candidatures with private files, reviews and workflow states, registrations in several
states with a draw, session reminders and outbox emails.

Faster than `load_demo` (which makes hundreds of renditions), and built through the same
services the site uses.
"""

import datetime
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import Locale

from colloque.models import EditionStatus, Partner, PartnerKind
from colloque.services import propose_partner
from communities import services as communities
from communities.models import SessionReminder
from factories.colloque import ColloqueIndexPageFactory, EditionPageFactory
from factories.communities import CommunityIndexPageFactory, create_community, person
from factories.home import (
    DocumentFactory,
    ImageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
    UserFactory,
)
from factories.host_applications import (
    PDF_BYTES,
    HostCallPageFactory,
    SelectionCriterionFactory,
    act,
    submit,
)
from host_applications import services as candidatures


@dataclass
class Site:
    users: dict = field(default_factory=dict)
    pages: dict = field(default_factory=dict)
    candidatures: dict = field(default_factory=dict)  # name → (application, token)
    registrations: dict = field(default_factory=dict)
    partner: Partner = None


def pdf(name, content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def build_site(home_page):
    site = Site()
    users = site.users
    users["communications"] = UserFactory(username="sophie", group="Communications")
    users["committee"] = UserFactory(username="louis", group="Comité de sélection")
    users["animation"] = UserFactory(username="anim", group="Animation")
    # A staff member who also applied: their account is personal data too.
    users["amelie"] = UserFactory(username="amelie", email="Amelie.Roy@example.org")

    # Pages: published, with a draft on top; news with an image; a document.
    about = StandardPageFactory(
        parent=home_page, title="Le colloque", slug="le-colloque", intro="Formations et réseautage."
    )
    about.save_revision(user=users["communications"]).publish()
    about.intro = "Brouillon pas encore publié."
    about.save_revision(user=users["communications"])
    news_index = NewsIndexPageFactory(parent=home_page)
    news = NewsPageFactory(
        parent=news_index, title="Une nouvelle", image=ImageFactory(title="Photo du colloque")
    )
    news.save_revision().publish()
    site.pages.update(about=about, news_index=news_index, news=news)
    site.pages["document"] = DocumentFactory(title="Étude 2024")

    # A partner proposed by Communications, awaiting the committee.
    site.partner = Partner(
        locale=Locale.get_default(),
        name="Musée des enfants",
        kind=PartnerKind.COMMUNITY,
        website="https://example.org/musee",
        description="Prête des œuvres.",
    )
    propose_partner(partner=site.partner, user=users["communications"])

    # Candidatures: one screened and scored, one declined, one from someone else, waiting.
    series = ColloqueIndexPageFactory(parent=home_page)
    edition = EditionPageFactory(
        parent=series,
        year=2026,
        status=EditionStatus.LOOKING_FOR_HOST,
        start_date=datetime.date(2026, 11, 19),
        end_date=datetime.date(2026, 11, 20),
    )
    call = HostCallPageFactory(parent=edition)
    for title, weight in (("Capacité", 60), ("Accessibilité", 40)):
        SelectionCriterionFactory(call=call, title=title, weight=weight)
    site.pages.update(edition=edition, call=call)
    scored, token = submit(
        call,
        files=[pdf("plan-des-salles.pdf", PDF_BYTES + b"plan"), pdf("menu.pdf", PDF_BYTES + b"m")],
        contact_email="amelie.roy@example.org",
        motivation="Nos élèves d'Amélie adorent la scène.",
    )
    act(scored, users["communications"], "approve", comment="Dossier complet, Amélie Roy.")
    criteria = list(call.criteria.all())
    candidatures.save_review(
        application=scored,
        reviewer=users["committee"],
        scores={criteria[0].pk: (4, "Belle salle"), criteria[1].pk: (3, "Ascenseur")},
        comment="Solide.",
    )
    site.candidatures["scored"] = (scored, token)
    declined, token = submit(
        call,
        files=[pdf("lettre.pdf", PDF_BYTES + b"lettre")],
        institution_name="Centre de services de Laval",
        contact_email="AMELIE.ROY@example.org",
    )
    act(declined, users["communications"], "decline", comment="Hors délai pour Amélie.")
    site.candidatures["declined"] = (declined, token)
    other, token = submit(
        call,
        files=[pdf("autre.pdf", PDF_BYTES + b"autre")],
        institution_name="École Jean-Talon",
        contact_name="Marc Tremblay",
        contact_email="marc.tremblay@example.org",
    )
    site.candidatures["other"] = (other, token)

    # Communities: a draw (selected and confirmed, waitlisted, not retained) and first come.
    index = CommunityIndexPageFactory(parent=home_page)
    now = timezone.now()
    opens = now - datetime.timedelta(days=10)
    drawn = create_community(
        index,
        slug="tirage",
        selection_method="draw",
        capacity_max=2,
        opens=opens,
        closes=now - datetime.timedelta(days=1),
    )
    people = {}
    for n, overrides in enumerate(
        [
            {"name": "Amélie Roy", "email": "amelie.roy@example.org"},
            {"email": "personne1@example.org"},
            {"email": "personne2@example.org"},
            {"email": "personne3@example.org"},
        ]
    ):
        during = opens + datetime.timedelta(days=1, minutes=n)
        people[n] = communities.register(
            community=drawn, data=person(n, **overrides), language="fr-ca", now=during
        ).registration
    communities.set_eligibility(registrations=list(people.values())[:3], eligible=True)
    communities.set_eligibility(registrations=[people[3]], eligible=False)
    communities.draw_lottery(community=drawn, seed=7, user=users["animation"])
    for registration in people.values():
        registration.refresh_from_db()
        if registration.state == "selected":
            communities.confirm_seat(registration=registration)
    first_come = create_community(index, slug="premier-arrive", title="Lecture plaisir")
    mine = communities.register(
        community=first_come,
        data=person(9, name="Amélie Roy", email="Amelie.Roy@Example.org"),
        language="fr-ca",
    ).registration
    SessionReminder.objects.create(
        registration=mine, session=first_come.sessions.first(), sent_at=now
    )
    theirs = communities.register(
        community=first_come, data=person(8), language="fr-ca"
    ).registration
    communities.decline_seat(registration=theirs)
    site.pages.update(community_index=index, drawn=drawn, first_come=first_come)
    site.registrations.update(
        {f"drawn-{n}": registration for n, registration in people.items()},
        mine=mine,
        theirs=theirs,
    )
    return site
