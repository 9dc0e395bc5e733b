# ruff: noqa: E501 (the table below reads best one row a line)
"""Who may open what: every admin URL of the project, and every private link, per role.

One table, ``ADMIN_MATRIX``: each row builds a URL from the objects of ``world`` and says
what each role gets — anonymous, Communications, Comité de sélection, Animation, superuser.
One test per role walks every row and lists every wrong cell at once, including any page
that shows that role personal data it may not read. A guard test walks
Django's URL resolver so that a new admin view of the project cannot be left out of the
table. The private links (candidature status, registration page, personal calendar) open
one person's record for that person only: anything else is a 404.
"""

import html
import json
import secrets
import types
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from wagtail.models import Collection, Locale, Workflow
from wagtail_localize.models import TranslationSource

from colloque.models import EditionStatus, PartnerTier
from communities import services as community_services
from factories.colloque import (
    ColloqueIndexPageFactory,
    EditionPageFactory,
    PartnerFactory,
    ProgrammeItemFactory,
    SpeakerFactory,
    ThemeFactory,
    VenueFactory,
)
from factories.communities import (
    CommunityIndexPageFactory,
    create_community,
    person,
    session,
)
from factories.home import DocumentFactory, ImageFactory, NewsIndexPageFactory, UserFactory
from factories.host_applications import (
    HostCallPageFactory,
    SelectionCriterionFactory,
    application_data,
)
from home.models import SiteSettings
from host_applications import services as candidature_services
from host_applications.forms import HostApplicationForm

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    # Candidature attachments go to private storage: keep them in this test's directory.
    from django.core.files.storage import storages

    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    storages._storages.pop("private", None)
    yield
    storages._storages.pop("private", None)


# The world: one of everything the admin shows ------------------------------------------

ROLES = ("anonymous", "communications", "committee", "animation", "superuser")
GROUPS = {
    "communications": "Communications",
    "committee": "Comité de sélection",
    "animation": "Animation",
}


def submit_candidature(call, n, *, with_file=True):
    """A candidature sent through the public form's service; returns (application, token)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from factories.host_applications import PDF_BYTES

    form = HostApplicationForm(
        application_data(
            institution_name=f"École secondaire numéro {n}",
            contact_name=f"Contact Numéro{n}",
            contact_email=f"contact{n}@example.org",
        )
    )
    assert form.is_valid(), form.errors
    files = [SimpleUploadedFile(f"plan-{n}.pdf", PDF_BYTES, "application/pdf")] if with_file else []
    return candidature_services.submit_application(
        call=call, data=form.cleaned_data, files=files, language="fr-ca"
    )


def build_users():
    """{role: a user in that role's group} (None for anonymous)."""
    users = {
        role: UserFactory(username=f"matrix-{role}", group=group) for role, group in GROUPS.items()
    }
    users["superuser"] = UserFactory(username="matrix-admin", is_superuser=True)
    users["anonymous"] = None
    return users


def build_world(home_page):
    """Every object an admin URL of the table points at, and a user per role."""
    w = types.SimpleNamespace()
    w.users = build_users()
    communications = w.users["communications"]
    w.facilitator = w.users["animation"]

    # The colloque: an edition looking for a host, its programme and its partners.
    w.series = ColloqueIndexPageFactory(parent=home_page)
    w.edition = EditionPageFactory(
        parent=w.series, year=2026, status=EditionStatus.LOOKING_FOR_HOST
    )
    w.speaker, w.venue, w.theme = SpeakerFactory(), VenueFactory(), ThemeFactory()
    w.item = ProgrammeItemFactory(edition=w.edition, venue=w.venue)
    w.item.speakers.add(w.speaker)
    w.item.save()
    w.edition.save_revision().publish()
    w.tier = PartnerTier.objects.filter(locale=Locale.get_default()).first()
    w.partner = PartnerFactory(name="Partenaire approuvé")
    w.partner.save_revision(user=communications)
    w.proposed = PartnerFactory(name="Partenaire proposé", live=False)
    w.proposed.save_revision(user=communications)
    w.proposed.get_workflow().start(w.proposed, communications)
    w.proposed.refresh_from_db()
    w.partner_task_state = w.proposed.current_workflow_task_state
    w.partner_workflow_state = w.proposed.current_workflow_state
    w.partner_source, _created = TranslationSource.get_or_create_from_instance(w.partner)

    # The call for hosts and its candidatures (with attachments in private storage).
    w.call = HostCallPageFactory(parent=w.edition)
    for title, weight in (("Capacité", 60), ("Accessibilité", 40)):
        SelectionCriterionFactory(call=w.call, title=title, weight=weight)
    w.application, w.application_token = submit_candidature(w.call, 1)
    w.other_application, w.other_token = submit_candidature(w.call, 2)
    w.application.refresh_from_db()
    w.application_file = w.application.files.get()
    w.application_task_state = w.application.current_workflow_task_state
    w.application_workflow_state = w.application.current_workflow_state
    w.application_revision = w.application.latest_revision

    # Communities: a first-come community with a confirmed participant, and a draw.
    w.community_index = CommunityIndexPageFactory(parent=home_page)
    w.community = create_community(w.community_index, slug="lecture-plaisir")
    first = community_services.register(community=w.community, data=person(1), language="fr-ca")
    w.registration, w.registration_token = first.registration, first.token
    community_services.confirm_seat(registration=w.registration)
    second = community_services.register(community=w.community, data=person(2), language="fr-ca")
    w.other_registration, w.other_registration_token = second.registration, second.token
    w.draw_community = create_community(
        w.community_index, slug="tirage", selection_method="draw", capacity_max=1
    )
    w.pending_registration = community_services.register(
        community=w.draw_community, data=person(3), language="fr-ca"
    ).registration
    w.session = w.community.get_sessions()[0]
    # A community whose session took place: attendance taken, an attestation to download.
    w.attended_community = create_community(
        w.community_index, slug="passee", sessions=[session(-7)]
    )
    w.attended = community_services.register(
        community=w.attended_community, data=person(4), language="fr-ca"
    ).registration
    community_services.confirm_seat(registration=w.attended)
    community_services.record_attendance(
        session=w.attended_community.sessions.get(),
        registration=w.attended,
        status="present",
        by=w.facilitator,
    )

    # Media, people, workflows, settings.
    # In the root collection, where the groups' media permissions are.
    w.image = ImageFactory(collection=Collection.get_first_root_node())
    w.document = DocumentFactory()
    w.news_index = NewsIndexPageFactory(parent=home_page)
    w.group = Group.objects.get(name="Animation")
    w.workflow = Workflow.objects.get(name="Candidatures milieu hôte")
    w.task = w.workflow.tasks.first()
    w.site_settings = SiteSettings.for_site(home_page.get_site())
    return w


# What a role gets ---------------------------------------------------------------------

OK = "ok"  # 200
LOGIN = "login"  # 302 to /admin/login/?next=<this URL>
DENIED = "denied"  # 302 to the admin home with Wagtail's "permission denied" error
FORBIDDEN = "403"  # a bare 403 (outside Wagtail's admin decorator)
NOT_FOUND = "404"
NOT_ALLOWED = "405"  # a POST-only view opened with GET


def u(name, *args, query=""):
    """A URL builder: ``name`` reversed with attributes of the world (dotted paths, or
    ``=literal``)."""

    def build(w):
        values = []
        for arg in args:
            if arg.startswith("="):  # a literal, e.g. a workflow action's name
                values.append(arg[1:])
                continue
            value = w
            for attr in arg.split("."):
                value = getattr(value, attr)
            values.append(value)
        return reverse(name, args=values) + query.format(w=w)

    return build


SPEAKER = "wagtailsnippets_colloque_speaker"
VENUE = "wagtailsnippets_colloque_venue"
THEME = "wagtailsnippets_colloque_theme"
PARTNER = "wagtailsnippets_colloque_partner"
TIER = "wagtailsnippets_colloque_partnertier"
CANDIDATURE = "wagtailsnippets_host_applications_hostapplication"
REGISTRATION = "registrations"


def chooser(namespace):
    return namespace.replace("wagtailsnippets_", "wagtailsnippetchoosers_")


# Each row: what anonymous visitors, Communications, the Comité de sélection, Animation and
# a superuser get from a GET of the URL (see OK, LOGIN, DENIED... above). Besides the
# status, an "ok" must not show personal data the role may not read (READERS below).
# Cells worth knowing:
# - choosers of speakers, venues, themes, tiers and partners are open to every admin user
#   (Wagtail checks no permission there; nothing personal in them); the candidatures'
#   chooser is not (host_applications.admin.viewsets.ChooserViewSet);
# - "cancel workflow" is the confirmation shown before publishing over a workflow: Wagtail
#   checks nothing for partners (it names the workflow and its task, nothing else);
# - the eligibility bulk action opens for everyone but acts only for Animation;
# - lock and unlock only take POST: 405 for those allowed past the permission check.
# fmt: off
ADMIN_MATRIX = [
    # label                                anon.  comm.  comité anim.  super    URL
    ("admin home",                        "login  ok     ok     ok     ok",     u("wagtailadmin_home")),
    # Speakers, venues, themes: Communications builds programmes.
    ("speakers: list",                    "login  ok     denied denied ok",     u(f"{SPEAKER}:list")),
    ("speakers: list results",            "login  ok     denied denied ok",     u(f"{SPEAKER}:list_results")),
    ("speakers: add",                     "login  ok     denied denied ok",     u(f"{SPEAKER}:add")),
    ("speakers: edit",                    "login  ok     denied denied ok",     u(f"{SPEAKER}:edit", "speaker.pk")),
    ("speakers: delete",                  "login  ok     denied denied ok",     u(f"{SPEAKER}:delete", "speaker.pk")),
    ("speakers: usage",                   "login  ok     denied denied ok",     u(f"{SPEAKER}:usage", "speaker.pk")),
    ("speakers: history",                 "login  ok     denied denied ok",     u(f"{SPEAKER}:history", "speaker.pk")),
    ("speakers: history results",         "login  ok     denied denied ok",     u(f"{SPEAKER}:history_results", "speaker.pk")),
    ("speakers: copy",                    "login  ok     denied denied ok",     u(f"{SPEAKER}:copy", "speaker.pk")),
    ("speakers: chooser",                 "login  ok     ok     ok     ok",     u(f"{chooser(SPEAKER)}:choose")),
    ("speakers: chooser results",         "login  ok     ok     ok     ok",     u(f"{chooser(SPEAKER)}:choose_results")),
    ("speakers: chosen",                  "login  ok     ok     ok     ok",     u(f"{chooser(SPEAKER)}:chosen", "speaker.pk")),
    ("speakers: chosen (several)",        "login  ok     ok     ok     ok",     u(f"{chooser(SPEAKER)}:chosen_multiple", query="?id={w.speaker.pk}")),
    ("speakers: chooser create",          "login  ok     denied denied ok",     u(f"{chooser(SPEAKER)}:create")),
    ("venues: list",                      "login  ok     denied denied ok",     u(f"{VENUE}:list")),
    ("venues: list results",              "login  ok     denied denied ok",     u(f"{VENUE}:list_results")),
    ("venues: add",                       "login  ok     denied denied ok",     u(f"{VENUE}:add")),
    ("venues: edit",                      "login  ok     denied denied ok",     u(f"{VENUE}:edit", "venue.pk")),
    ("venues: delete",                    "login  ok     denied denied ok",     u(f"{VENUE}:delete", "venue.pk")),
    ("venues: usage",                     "login  ok     denied denied ok",     u(f"{VENUE}:usage", "venue.pk")),
    ("venues: history",                   "login  ok     denied denied ok",     u(f"{VENUE}:history", "venue.pk")),
    ("venues: history results",           "login  ok     denied denied ok",     u(f"{VENUE}:history_results", "venue.pk")),
    ("venues: copy",                      "login  ok     denied denied ok",     u(f"{VENUE}:copy", "venue.pk")),
    ("venues: chooser",                   "login  ok     ok     ok     ok",     u(f"{chooser(VENUE)}:choose")),
    ("venues: chooser results",           "login  ok     ok     ok     ok",     u(f"{chooser(VENUE)}:choose_results")),
    ("venues: chosen",                    "login  ok     ok     ok     ok",     u(f"{chooser(VENUE)}:chosen", "venue.pk")),
    ("venues: chosen (several)",          "login  ok     ok     ok     ok",     u(f"{chooser(VENUE)}:chosen_multiple", query="?id={w.venue.pk}")),
    ("venues: chooser create",            "login  ok     denied denied ok",     u(f"{chooser(VENUE)}:create")),
    ("themes: list",                      "login  ok     denied denied ok",     u(f"{THEME}:list")),
    ("themes: list results",              "login  ok     denied denied ok",     u(f"{THEME}:list_results")),
    ("themes: add",                       "login  ok     denied denied ok",     u(f"{THEME}:add")),
    ("themes: edit",                      "login  ok     denied denied ok",     u(f"{THEME}:edit", "theme.pk")),
    ("themes: delete",                    "login  ok     denied denied ok",     u(f"{THEME}:delete", "theme.pk")),
    ("themes: usage",                     "login  ok     denied denied ok",     u(f"{THEME}:usage", "theme.pk")),
    ("themes: history",                   "login  ok     denied denied ok",     u(f"{THEME}:history", "theme.pk")),
    ("themes: history results",           "login  ok     denied denied ok",     u(f"{THEME}:history_results", "theme.pk")),
    ("themes: copy",                      "login  ok     denied denied ok",     u(f"{THEME}:copy", "theme.pk")),
    ("themes: chooser",                   "login  ok     ok     ok     ok",     u(f"{chooser(THEME)}:choose")),
    ("themes: chooser results",           "login  ok     ok     ok     ok",     u(f"{chooser(THEME)}:choose_results")),
    ("themes: chosen",                    "login  ok     ok     ok     ok",     u(f"{chooser(THEME)}:chosen", "theme.pk")),
    ("themes: chosen (several)",          "login  ok     ok     ok     ok",     u(f"{chooser(THEME)}:chosen_multiple", query="?id={w.theme.pk}")),
    ("themes: chooser create",            "login  ok     denied denied ok",     u(f"{chooser(THEME)}:create")),
    # Partner tiers: Communications keeps the list, the committee reads it.
    ("tiers: list",                       "login  ok     ok     denied ok",     u(f"{TIER}:list")),
    ("tiers: list results",               "login  ok     ok     denied ok",     u(f"{TIER}:list_results")),
    ("tiers: add",                        "login  ok     denied denied ok",     u(f"{TIER}:add")),
    ("tiers: edit",                       "login  ok     denied denied ok",     u(f"{TIER}:edit", "tier.pk")),
    ("tiers: delete",                     "login  ok     denied denied ok",     u(f"{TIER}:delete", "tier.pk")),
    ("tiers: usage",                      "login  ok     denied denied ok",     u(f"{TIER}:usage", "tier.pk")),
    ("tiers: history",                    "login  ok     denied denied ok",     u(f"{TIER}:history", "tier.pk")),
    ("tiers: history results",            "login  ok     denied denied ok",     u(f"{TIER}:history_results", "tier.pk")),
    ("tiers: copy",                       "login  ok     denied denied ok",     u(f"{TIER}:copy", "tier.pk")),
    ("tiers: chooser",                    "login  ok     ok     ok     ok",     u(f"{chooser(TIER)}:choose")),
    ("tiers: chooser results",            "login  ok     ok     ok     ok",     u(f"{chooser(TIER)}:choose_results")),
    ("tiers: chosen",                     "login  ok     ok     ok     ok",     u(f"{chooser(TIER)}:chosen", "tier.pk")),
    ("tiers: chosen (several)",           "login  ok     ok     ok     ok",     u(f"{chooser(TIER)}:chosen_multiple", query="?id={w.tier.pk}")),
    ("tiers: chooser create",             "login  ok     denied denied ok",     u(f"{chooser(TIER)}:create")),
    # Partners: Communications proposes, the committee approves and publishes.
    ("partners: list",                    "login  ok     ok     denied ok",     u(f"{PARTNER}:list")),
    ("partners: list results",            "login  ok     ok     denied ok",     u(f"{PARTNER}:list_results")),
    ("partners: export CSV",              "login  ok     ok     denied ok",     u(f"{PARTNER}:list", query="?export=csv")),
    ("partners: export XLSX",             "login  ok     ok     denied ok",     u(f"{PARTNER}:list", query="?export=xlsx")),
    ("partners: add",                     "login  ok     denied denied ok",     u(f"{PARTNER}:add")),
    ("partners: edit",                    "login  ok     ok     denied ok",     u(f"{PARTNER}:edit", "partner.pk")),
    ("partners: delete",                  "login  denied ok     denied ok",     u(f"{PARTNER}:delete", "partner.pk")),
    ("partners: usage",                   "login  ok     ok     denied ok",     u(f"{PARTNER}:usage", "partner.pk")),
    ("partners: inspect",                 "login  ok     ok     denied ok",     u(f"{PARTNER}:inspect", "partner.pk")),
    ("partners: history",                 "login  ok     ok     denied ok",     u(f"{PARTNER}:history", "partner.pk")),
    ("partners: history results",         "login  ok     ok     denied ok",     u(f"{PARTNER}:history_results", "partner.pk")),
    ("partners: copy",                    "login  ok     denied denied ok",     u(f"{PARTNER}:copy", "partner.pk")),
    ("partners: preview (new)",           "login  ok     denied denied ok",     u(f"{PARTNER}:preview_on_add")),
    ("partners: preview",                 "login  ok     ok     denied ok",     u(f"{PARTNER}:preview_on_edit", "partner.pk")),
    ("partners: revision",                "login  ok     ok     denied ok",     u(f"{PARTNER}:revisions_view", "partner.pk", "partner.latest_revision.pk")),
    ("partners: revert",                  "login  ok     ok     denied ok",     u(f"{PARTNER}:revisions_revert", "partner.pk", "partner.latest_revision.pk")),
    ("partners: compare",                 "login  ok     ok     denied ok",     u(f"{PARTNER}:revisions_compare", "partner.pk", "=earliest", "=latest")),
    ("partners: unschedule",              "login  denied ok     denied ok",     u(f"{PARTNER}:revisions_unschedule", "partner.pk", "partner.latest_revision.pk")),
    ("partners: unpublish",               "login  denied ok     denied ok",     u(f"{PARTNER}:unpublish", "partner.pk")),
    ("partners: lock",                    "login  405    405    denied 405",    u(f"{PARTNER}:lock", "partner.pk")),
    ("partners: unlock",                  "login  405    405    denied 405",    u(f"{PARTNER}:unlock", "partner.pk")),
    ("partners: approve",                 "login  denied ok     denied ok",     u(f"{PARTNER}:workflow_action", "proposed.pk", "=approve", "partner_task_state.pk")),
    ("partners: approve (comment)",       "login  denied ok     denied ok",     u(f"{PARTNER}:collect_workflow_action_data", "proposed.pk", "=approve", "partner_task_state.pk")),
    ("partners: cancel workflow",         "login  ok     ok     ok     ok",     u(f"{PARTNER}:confirm_workflow_cancellation", "proposed.pk")),
    ("partners: workflow history",        "login  ok     ok     denied ok",     u(f"{PARTNER}:workflow_history", "proposed.pk")),
    ("partners: workflow detail",         "login  ok     ok     denied ok",     u(f"{PARTNER}:workflow_history_detail", "proposed.pk", "partner_workflow_state.pk")),
    ("partners: workflow preview",        "login  denied ok     denied ok",     u(f"{PARTNER}:workflow_preview", "proposed.pk", "partner_task_state.task_id")),
    ("partners: chooser",                 "login  ok     ok     ok     ok",     u(f"{chooser(PARTNER)}:choose")),
    ("partners: chooser results",         "login  ok     ok     ok     ok",     u(f"{chooser(PARTNER)}:choose_results")),
    ("partners: chosen",                  "login  ok     ok     ok     ok",     u(f"{chooser(PARTNER)}:chosen", "proposed.pk")),
    ("partners: chosen (several)",        "login  ok     ok     ok     ok",     u(f"{chooser(PARTNER)}:chosen_multiple", query="?id={w.proposed.pk}")),
    ("partners: chooser create",          "login  ok     denied denied ok",     u(f"{chooser(PARTNER)}:create")),
    ("partners: update translations",     "login  ok     denied denied ok",     u("wagtail_localize:update_translations", "partner_source.pk")),
    # Candidatures: personal data for Communications (screening) and the committee only.
    ("candidatures: list",                "login  ok     ok     denied ok",     u(f"{CANDIDATURE}:list")),
    ("candidatures: list results",        "login  ok     ok     denied ok",     u(f"{CANDIDATURE}:list_results")),
    ("candidatures: export CSV",          "login  ok     ok     denied ok",     u(f"{CANDIDATURE}:list", query="?export=csv")),
    ("candidatures: export XLSX",         "login  ok     ok     denied ok",     u(f"{CANDIDATURE}:list", query="?export=xlsx")),
    ("candidatures: add",                 "login  denied denied denied ok",     u(f"{CANDIDATURE}:add")),
    ("candidatures: edit",                "login  ok     ok     denied ok",     u(f"{CANDIDATURE}:edit", "application.pk")),
    ("candidatures: inspect",             "login  ok     ok     denied ok",     u(f"{CANDIDATURE}:inspect", "application.pk")),
    ("candidatures: delete",              "login  denied denied denied ok",     u(f"{CANDIDATURE}:delete", "application.pk")),
    ("candidatures: usage",               "login  ok     ok     denied ok",     u(f"{CANDIDATURE}:usage", "application.pk")),
    ("candidatures: history",             "login  ok     ok     denied ok",     u(f"{CANDIDATURE}:history", "application.pk")),
    ("candidatures: history results",     "login  ok     ok     denied ok",     u(f"{CANDIDATURE}:history_results", "application.pk")),
    ("candidatures: preview (new)",       "login  denied denied denied ok",     u(f"{CANDIDATURE}:preview_on_add")),
    ("candidatures: preview",             "login  ok     ok     denied ok",     u(f"{CANDIDATURE}:preview_on_edit", "application.pk")),
    ("candidatures: revision",            "login  ok     ok     denied ok",     u(f"{CANDIDATURE}:revisions_view", "application.pk", "application_revision.pk")),
    ("candidatures: revert",              "login  ok     ok     denied ok",     u(f"{CANDIDATURE}:revisions_revert", "application.pk", "application_revision.pk")),
    ("candidatures: compare",             "login  ok     ok     denied ok",     u(f"{CANDIDATURE}:revisions_compare", "application.pk", "=earliest", "=latest")),
    ("candidatures: unschedule",          "login  denied ok     denied ok",     u(f"{CANDIDATURE}:revisions_unschedule", "application.pk", "application_revision.pk")),
    ("candidatures: unpublish",           "login  denied ok     denied ok",     u(f"{CANDIDATURE}:unpublish", "application.pk")),
    ("candidatures: lock",                "login  405    denied denied 405",    u(f"{CANDIDATURE}:lock", "application.pk")),
    ("candidatures: unlock",              "login  denied denied denied 405",    u(f"{CANDIDATURE}:unlock", "application.pk")),
    ("candidatures: approve",             "login  ok     denied denied ok",     u(f"{CANDIDATURE}:workflow_action", "application.pk", "=approve", "application_task_state.pk")),
    ("candidatures: approve (comment)",   "login  ok     denied denied ok",     u(f"{CANDIDATURE}:collect_workflow_action_data", "application.pk", "=approve", "application_task_state.pk")),
    ("candidatures: cancel workflow",     "login  ok     ok     denied ok",     u(f"{CANDIDATURE}:confirm_workflow_cancellation", "application.pk")),
    ("candidatures: workflow history",    "login  ok     ok     denied ok",     u(f"{CANDIDATURE}:workflow_history", "application.pk")),
    ("candidatures: workflow detail",     "login  ok     ok     denied ok",     u(f"{CANDIDATURE}:workflow_history_detail", "application.pk", "application_workflow_state.pk")),
    ("candidatures: workflow preview",    "login  ok     denied denied ok",     u(f"{CANDIDATURE}:workflow_preview", "application.pk", "application_task_state.task_id")),
    ("candidatures: chooser",             "login  ok     ok     denied ok",     u(f"{chooser(CANDIDATURE)}:choose")),
    ("candidatures: chooser results",     "login  ok     ok     denied ok",     u(f"{chooser(CANDIDATURE)}:choose_results")),
    ("candidatures: chosen",              "login  ok     ok     denied ok",     u(f"{chooser(CANDIDATURE)}:chosen", "application.pk")),
    ("candidatures: chosen (several)",    "login  ok     ok     denied ok",     u(f"{chooser(CANDIDATURE)}:chosen_multiple", query="?id={w.application.pk}")),
    ("candidatures: chooser create",      "login  denied denied denied ok",     u(f"{chooser(CANDIDATURE)}:create")),
    ("candidatures: score",               "login  denied ok     denied ok",     u("host_applications_score", "application.pk")),
    ("candidatures: attachment",          "login  ok     ok     denied ok",     u("host_applications_file", "application_file.pk")),
    ("candidatures: end moderation",      "login  ok     ok     denied ok",     u("host_applications_end_moderation", "application.pk")),
    ("candidatures: change selection",    "login  denied ok     denied ok",     u("host_applications_selection", "application.pk")),
    ("candidatures: write to applicants", "login  denied ok     denied ok",     u("host_applications_message", "edition.pk")),
    # Registrations: personal data for Animation only.
    ("registrations: list",               "login  denied denied ok     ok",     u(f"{REGISTRATION}:index")),
    ("registrations: list results",       "login  denied denied ok     ok",     u(f"{REGISTRATION}:index_results")),
    ("registrations: export CSV",         "login  denied denied ok     ok",     u(f"{REGISTRATION}:index", query="?export=csv")),
    ("registrations: export XLSX",        "login  denied denied ok     ok",     u(f"{REGISTRATION}:index", query="?export=xlsx")),
    ("registrations: add (by phone)",     "login  denied denied ok     ok",     u(f"{REGISTRATION}:add")),
    ("registrations: change state",       "login  denied denied ok     ok",     u(f"{REGISTRATION}:state", "registration.pk")),
    ("registrations: move",               "login  denied denied ok     ok",     u(f"{REGISTRATION}:move", "registration.pk")),
    ("registrations: edit",               "login  denied denied ok     ok",     u(f"{REGISTRATION}:edit", "registration.pk")),
    ("registrations: delete",             "login  denied denied ok     ok",     u(f"{REGISTRATION}:delete", "registration.pk")),
    ("registrations: history",            "login  denied denied ok     ok",     u(f"{REGISTRATION}:history", "registration.pk")),
    ("registrations: history results",    "login  denied denied ok     ok",     u(f"{REGISTRATION}:history_results", "registration.pk")),
    ("registrations: usage",              "login  denied denied ok     ok",     u(f"{REGISTRATION}:usage", "registration.pk")),
    ("registrations: inspect",            "login  denied denied ok     ok",     u(f"{REGISTRATION}:inspect", "registration.pk")),
    ("registrations: eligibility",        "login  ok     ok     ok     ok",     u("wagtail_bulk_action", "=communities", "=registration", "=eligibility", query="?id={w.registration.pk}")),
    ("registrations: draw",               "login  denied denied ok     ok",     u("communities_draw", "draw_community.pk")),
    ("communities: attendance",           "login  denied denied ok     ok",     u("communities_attendance", "community.pk")),
    ("communities: session roll",         "login  denied denied ok     ok",     u("communities_session_roll", "session.pk")),
    ("communities: attestations (zip)",   "login  denied denied ok     ok",     u("communities_attestations", "attended_community.pk")),
    ("communities: write to participants", "login denied denied ok     ok",     u("communities_message", "community.pk")),
    # Wagtail's own areas, as the groups use them.
    ("pages: explorer",                   "login  ok     denied denied ok",     u("wagtailadmin_explore", "series.pk")),
    ("pages: edit the edition",           "login  ok     denied denied ok",     u("wagtailadmin_pages:edit", "edition.pk")),
    ("pages: edit the call",              "login  ok     denied denied ok",     u("wagtailadmin_pages:edit", "call.pk")),
    ("pages: edit a community",           "login  ok     denied denied ok",     u("wagtailadmin_pages:edit", "community.pk")),
    ("pages: add a news item",            "login  ok     denied denied ok",     u("wagtailadmin_pages:add", "=home", "=newspage", "news_index.pk")),
    ("pages: history of the edition",     "login  ok     denied denied ok",     u("wagtailadmin_pages:history", "edition.pk")),
    ("editions: prepare the next one",    "login  ok     denied denied ok",     u("colloque_next_edition", "edition.pk")),
    ("images: list",                      "login  ok     denied denied ok",     u("wagtailimages:index")),
    ("images: edit",                      "login  ok     denied denied ok",     u("wagtailimages:edit", "image.pk")),
    ("images: chooser",                   "login  ok     ok     ok     ok",     u("wagtailimages_chooser:choose")),
    ("images: chooser results",           "login  ok     ok     ok     ok",     u("wagtailimages_chooser:choose_results")),
    ("images: chosen",                    "login  ok     ok     ok     ok",     u("wagtailimages_chooser:chosen", "image.pk")),
    ("images: chosen (several)",          "login  ok     ok     ok     ok",     u("wagtailimages_chooser:chosen_multiple", query="?id={w.image.pk}")),
    ("images: chooser upload",            "login  ok     denied denied ok",     u("wagtailimages_chooser:create")),
    ("images: chooser format",            "login  ok     ok     ok     ok",     u("wagtailimages_chooser:select_format", "image.pk")),
    ("documents: list",                   "login  ok     denied denied ok",     u("wagtaildocs:index")),
    ("documents: edit",                   "login  ok     denied denied ok",     u("wagtaildocs:edit", "document.pk")),
    ("users: list",                       "login  denied denied denied ok",     u("wagtailusers_users:index")),
    ("users: edit",                       "login  denied denied denied ok",     u("wagtailusers_users:edit", "facilitator.pk")),
    ("users: list results",               "login  denied denied denied ok",     u("wagtailusers_users:index_results")),
    ("users: add",                        "login  denied denied denied ok",     u("wagtailusers_users:add")),
    ("users: delete",                     "login  denied denied denied ok",     u("wagtailusers_users:delete", "facilitator.pk")),
    ("users: copy",                       "login  denied denied denied ok",     u("wagtailusers_users:copy", "facilitator.pk")),
    ("users: history",                    "login  denied denied denied ok",     u("wagtailusers_users:history", "facilitator.pk")),
    ("users: history results",            "login  denied denied denied ok",     u("wagtailusers_users:history_results", "facilitator.pk")),
    ("users: usage",                      "login  denied denied denied ok",     u("wagtailusers_users:usage", "facilitator.pk")),
    ("groups: list",                      "login  denied denied denied ok",     u("wagtailusers_groups:index")),
    ("groups: edit",                      "login  denied denied denied ok",     u("wagtailusers_groups:edit", "group.pk")),
    ("workflows: list",                   "login  denied denied denied ok",     u("wagtailadmin_workflows:index")),
    ("workflows: edit",                   "login  denied denied denied ok",     u("wagtailadmin_workflows:edit", "workflow.pk")),
    ("workflows: tasks",                  "login  denied denied denied ok",     u("wagtailadmin_workflows:task_index")),
    ("workflows: edit a task",            "login  denied denied denied ok",     u("wagtailadmin_workflows:edit_task", "task.pk")),
    ("site settings",                     "login  denied denied denied ok",     u("wagtailsettings:edit", "=home", "=sitesettings", "site_settings.site_id")),
    ("sites",                             "login  denied denied denied ok",     u("wagtailsites:index")),
    ("locales",                           "login  denied denied denied ok",     u("wagtaillocales:index")),
    ("collections",                       "login  denied denied denied ok",     u("wagtailadmin_collections:index")),
    ("redirects",                         "login  ok     denied denied ok",     u("wagtailredirects:index")),
    ("reports: locked pages",             "login  ok     denied denied ok",     u("wagtailadmin_reports:locked_pages")),
    ("reports: workflows",                "login  ok     denied denied ok",     u("wagtailadmin_reports:workflow")),
    ("reports: workflow tasks",           "login  ok     denied denied ok",     u("wagtailadmin_reports:workflow_tasks")),
    ("reports: site history",             "login  ok     ok     ok     ok",     u("wagtailadmin_reports:site_history")),
    ("reports: aging pages",              "login  ok     denied denied ok",     u("wagtailadmin_reports:aging_pages")),
    ("reports: page types",               "login  ok     denied denied ok",     u("wagtailadmin_reports:page_types_usage")),
    ("reports: translations",             "login  ok     ok     ok     ok",     u("wagtail_localize:translations_report")),
    ("personal data (Law 25)",            "login  denied denied denied ok",     u("personal_data")),
    ("calendar",                          "login  ok     denied ok     ok",     u("admin_calendar")),
    ("people across years",               "login  ok     ok     ok     ok",     u("admin_people")),
    ("password reset (rate-limited)",     "ok     ok     ok     ok     ok",     u("wagtailadmin_password_reset")),
]
# fmt: on


def permission_denied_messages():
    from django.utils import translation
    from django.utils.translation import gettext

    text = "Sorry, you do not have permission to access this area."
    messages = {text}
    for language in ("fr-ca", "en"):
        with translation.override(language):
            messages.add(gettext(text))
    return messages


def outcome(response, url):
    """What a response means for the person who asked, in the words of the table."""
    status = response.status_code
    if status in (301, 302):
        location = urlsplit(response["Location"])
        if location.path == reverse("wagtailadmin_login"):
            # Back to the page asked for, once signed in.
            assert parse_qs(location.query).get("next") == [url], response["Location"]
            return LOGIN
        if location.path == reverse("wagtailadmin_home"):
            # Wagtail renders its messages as HTML, with a button after the text.
            texts = {html.unescape(str(m)).strip() for m in get_messages(response.wsgi_request)}
            if texts & permission_denied_messages():
                return DENIED
        return f"{status} {location.path}"
    return {200: OK, 403: FORBIDDEN, 404: NOT_FOUND, 405: NOT_ALLOWED}.get(status, str(status))


def client_for(role, w):
    client = Client()
    if w.users[role] is not None:
        client.force_login(w.users[role])
    return client


# Personal data, and who may read it (DESIGN.md: only the groups that need it).
READERS = {
    "candidatures": {"communications", "committee", "superuser"},
    "registrations": {"animation", "superuser"},
}


def personal_data(w):
    """{kind: [strings that only appear where that kind of personal data is shown]}"""
    return {
        "candidatures": [
            text
            for application in (w.application, w.other_application)
            for text in (application.institution_name, application.contact_email)
        ],
        "registrations": [
            text
            for registration in (
                w.registration,
                w.other_registration,
                w.pending_registration,
                w.attended,
            )
            for text in (registration.name, registration.email)
        ],
    }


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8", errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        # Modals come as JSON, where "É" is written "\\u00c9": read it as text.
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return text


def observe(role, w, rows=ADMIN_MATRIX):
    """[(label, url, expected, got)] for every row of the table, as ``role``.

    An answer that lets ``role`` read personal data it has no business with counts as a
    wrong cell, whatever its status.
    """
    column = ROLES.index(role)
    client = client_for(role, w)
    forbidden_data = {
        kind: texts for kind, texts in personal_data(w).items() if role not in READERS[kind]
    }
    results = []
    for label, expectations, build in rows:
        url = build(w)
        response = client.get(url)
        got = outcome(response, url)
        if got == OK:
            content = body(response)
            leaked = sorted(
                kind for kind, texts in forbidden_data.items() if any(t in content for t in texts)
            )
            if leaked:
                got = f"ok, showing {' and '.join(leaked)}"
        results.append((label, url, expectations.split()[column], got))
    return results


@pytest.fixture
def world(home_page):
    return build_world(home_page)


@pytest.mark.parametrize("role", ROLES)
def test_admin_matrix(role, world):
    wrong = [
        f"  {label:<34} {url:<70} expected {expected!r}, got {got!r}"
        for label, url, expected, got in observe(role, world)
        if expected != got
    ]
    assert not wrong, f"{len(wrong)} wrong cells for {role}:\n" + "\n".join(wrong)


# The guard: no admin view of the project outside the table ----------------------------

PROJECT_APPS = {"home", "colloque", "communities", "host_applications"}


def walk(resolver, route="", namespaces=()):
    """(route, namespaces, view module) of every URL pattern, routes joined as Django does."""
    for pattern in resolver.url_patterns:
        text = str(pattern.pattern)
        joined = route + text.removeprefix("^") if route else text
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from walk(pattern, joined, inner)
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "view_class", pattern.callback)
            yield joined, namespaces, view.__module__


def project_admin_routes():
    """Admin routes the project adds: declared in its URLconf, served by its views, or
    belonging to a viewset of one of its models (stock Wagtail views included)."""
    from wagtail.admin.viewsets import viewsets

    routes = list(walk(get_resolver()))  # loading the URLs registers the hooks' viewsets
    project_namespaces = set()
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if hasattr(model, "_meta") and model._meta.app_label in PROJECT_APPS:
            project_namespaces.add(viewset.url_namespace)
            if hasattr(viewset, "get_chooser_admin_url_namespace"):
                project_namespaces.add(viewset.get_chooser_admin_url_namespace())
    root_patterns = {
        str(p.pattern) for p in get_resolver().url_patterns if isinstance(p, URLPattern)
    }
    return {
        route
        for route, namespaces, module in routes
        if route.startswith("admin/")
        and (
            route in root_patterns  # config/urls.py itself, e.g. the localize override
            or module.split(".")[0] in PROJECT_APPS
            or project_namespaces & set(namespaces)
        )
    }


class AnyObject:
    """Stands for every object of the world when only the shape of a URL matters."""

    def __getattr__(self, name):
        return self

    def __str__(self):
        return "1"


def test_every_admin_view_of_the_project_is_in_the_matrix():
    covered = {
        resolve(urlsplit(build(AnyObject())).path).route for _label, _e, build in ADMIN_MATRIX
    }
    required = project_admin_routes()
    # The guard itself must see what it guards: the project's own views and viewsets.
    assert "admin/candidatures/files/<int:pk>/" in required
    assert "admin/inscriptions/delete/<int:pk>/" in required
    assert "admin/snippets/colloque/speaker/copy/<int:pk>/" in required
    assert "admin/inscriptions/inspect/<int:pk>/" in required
    assert "admin/localize/update/<int:translation_source_id>/" in required
    missing = sorted(required - covered)
    assert not missing, "Admin URLs of the project missing from ADMIN_MATRIX:\n" + "\n".join(
        missing
    )


# The dashboard: each panel for the groups it serves -----------------------------------

PANELS = {  # panel id → roles that see it on the admin home
    "host-candidatures-section": {"communications", "committee", "superuser"},
    "communities-section": {"animation", "superuser"},
}


def test_dashboard_panels_follow_the_groups(home_page):
    users = build_users()
    wrong = []
    for role in ROLES[1:]:
        client = Client()
        client.force_login(users[role])
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        for panel, readers in PANELS.items():
            if (f'id="{panel}"' in html) != (role in readers):
                wrong.append(f"{role} {'sees' if role not in readers else 'misses'} {panel}")
    assert not wrong, wrong


# Private links ------------------------------------------------------------------------


def candidature_link(route):
    def build(w, token):
        return w.call.url + w.call.reverse_subpage(route, kwargs={"token": token})

    return build


def registration_link(suffix=""):
    def build(w, token):
        page = w.community
        return page.url + page.reverse_subpage("registration", kwargs={"token": token}) + suffix

    return build


def one_character_changed(token):
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def guesses(w, kind, own_token, record):
    """Addresses a stranger could try instead of the owner's: all must be 404."""
    foreign = w.registration_token if kind == "candidatures" else w.application_token
    return {
        "one character changed": one_character_changed(own_token),
        "a random token": secrets.token_urlsafe(32),
        "a token of another kind of record": foreign,
        "the numeric id": str(record.pk),
        "the numeric id, padded to a token's length": str(record.pk).zfill(20),
        "an empty-looking token": "A" * 43,
    }


def markers(record):
    """Texts that only a page about this candidature or registration shows."""
    if hasattr(record, "institution_name"):
        return [record.institution_name, record.contact_email]
    return [record.name, record.email]


def private_links(w):
    """(label, URL builder, owner's record and token, another person's token, a text that
    proves the owner's page is shown)."""
    return [
        ("candidature status", candidature_link("status"),
         w.application, w.application_token, w.other_token, w.application.institution_name),
        ("candidature changes", candidature_link("edit"),
         w.changes_application, w.changes_token, w.other_token, w.changes_application.institution_name),
        ("candidature withdrawal", candidature_link("withdraw"),
         w.application, w.application_token, w.other_token, w.application.reference),
        ("registration page", registration_link(),
         w.registration, w.registration_token, w.other_registration_token, w.registration.name),
        ("personal calendar", registration_link("seances.ics"),
         w.registration, w.registration_token, w.other_registration_token, "https://visio.example.org/lecture-plaisir-1"),
    ]  # fmt: skip


@pytest.fixture
def private_world(world, page_cache):
    """The world, the page cache on, and a candidature sent back for changes."""
    w = world
    w.changes_application, w.changes_token = submit_candidature(w.call, 3, with_file=False)
    task_state = w.changes_application.current_workflow_task_state
    task_state.task.specific.on_action(task_state, w.users["communications"], "reject")
    return w


def test_private_links_open_their_owners_record_only(client, private_world):
    w = private_world
    records = [
        w.application, w.other_application, w.changes_application,
        w.registration, w.other_registration, w.pending_registration,
    ]  # fmt: skip
    wrong = []
    for label, build, record, token, other_token, proof in private_links(w):
        kind = "candidatures" if hasattr(record, "institution_name") else "registrations"
        own = markers(record)
        strangers = [text for other in records if other != record for text in markers(other)]
        url = build(w, token)
        for visit in (1, 2):  # a second visit is what a shared cache would answer
            response = client.get(url)
            content = body(response)
            if response.status_code != 200 or proof not in content:
                wrong.append(f"{label}: {response.status_code}, owner's page: {proof in content}")
            if any(text in content for text in strangers):
                wrong.append(f"{label}: shows someone else's data")
            if "X-Page-Cache" in response:
                wrong.append(f"{label}, visit {visit}: X-Page-Cache {response['X-Page-Cache']}")
            cache_control = response.get("Cache-Control", "")
            if "private" not in cache_control or "no-store" not in cache_control:
                wrong.append(f"{label}: Cache-Control {cache_control!r}")
        # Another person's link is that person's page (or none): never the owner's data.
        response = client.get(build(w, other_token))
        if response.status_code == 302:  # no changes asked of them: their status page
            own_status = candidature_link("status")(w, other_token)
            if response["Location"] != own_status:
                wrong.append(f"{label}, another person's token: to {response['Location']}")
        elif response.status_code not in (200, 404) or any(t in body(response) for t in own):
            wrong.append(f"{label}, another person's token: {response.status_code}")
        for guess, guessed_token in guesses(w, kind, token, record).items():
            # Built by hand: a short guess does not even match the route.
            response = client.get(url.replace(token, guessed_token))
            if response.status_code != 404:
                wrong.append(f"{label}, {guess}: {response.status_code}, not 404")
            if any(text in body(response) for text in own + strangers):
                wrong.append(f"{label}, {guess}: shows personal data")
    assert not wrong, "\n".join(wrong)
