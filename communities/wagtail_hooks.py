"""Registrations in Wagtail's admin: listing, filters, export, eligibility, the draw, dashboard."""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton, MenuItem
from wagtail.models import Locale

from home.choices import Region
from home.exports import ReadableExportMixin, ReadableInspectMixin

from . import attendance, calendar_source, people, services
from .admin import history
from .admin import registrations as registration_views
from .admin.access import can_add, can_draw, can_manage
from .admin.attendance import (
    ATTENDANCE_URL_NAME,
    ATTESTATIONS_URL_NAME,
    ROLL_URL_NAME,
    attendance_view,
    attestations_view,
    session_roll_view,
)
from .admin.mailings import MESSAGE_URL_NAME, message_view
from .models import (
    CommunityPage,
    Lottery,
    Registration,
    RegistrationState,
    SchoolLevel,
    SelectionMethod,
)

DRAW_URL_NAME = "communities_draw"


def community_choices(request=None):
    return CommunityPage.objects.filter(locale=Locale.get_default()).order_by("title")


class RegistrationFilterSet(WagtailFilterSet):
    community = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Community"), queryset=community_choices
    )
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("State"), choices=RegistrationState.choices
    )
    school_level = django_filters.ChoiceFilter(
        label=gettext_lazy("School level"), choices=SchoolLevel.choices
    )
    region = django_filters.ChoiceFilter(label=gettext_lazy("Region"), choices=Region.choices)
    eligible = django_filters.ChoiceFilter(
        label=gettext_lazy("Eligible"),
        choices=[
            ("yes", gettext_lazy("Eligible")),
            ("no", gettext_lazy("Not eligible")),
            ("unknown", gettext_lazy("Not assessed")),
        ],
        method="filter_eligible",
    )

    class Meta:
        model = Registration
        fields = ["community", "state", "school_level", "region", "eligible"]

    def filter_eligible(self, queryset, name, value):
        if value == "unknown":
            return queryset.filter(eligible__isnull=True)
        return queryset.filter(eligible=(value == "yes"))


class EligibleColumn(Column):
    def get_value(self, instance):
        if instance.eligible is None:
            return "—"
        return _("Yes") if instance.eligible else _("No")


class AttendanceColumn(Column):
    """Sessions attended, and those missed (excused apart): annotated on the listing."""

    def get_value(self, instance):
        present = getattr(instance, "sessions_present", 0)
        missed = getattr(instance, "sessions_absent", 0)
        excused = getattr(instance, "sessions_excused", 0)
        if not (present or missed or excused):
            return "—"
        return _("%(present)d present, %(absent)d absent, %(excused)d excused") % {
            "present": present,
            "absent": missed,
            "excused": excused,
        }


class RegistrationIndexView(ReadableExportMixin, generic.IndexView):
    def get_base_queryset(self):
        # Wagtail's ModelViewSet reads no get_queryset(): the listing and its export load
        # each registration's community and attendance here, in the same query.
        return attendance.with_attendance_counts(Registration.objects.select_related("community"))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if can_manage(self.request.user):
            buttons += registration_menu_items(instance, self.request.user)
        return buttons

    @cached_property
    def columns(self):
        columns = super().columns
        if can_manage(self.request.user):
            columns = [BulkActionsCheckboxColumn("bulk_actions", obj_type="registration"), *columns]
        return columns

    def _get_title_column(self, *args, **kwargs):
        return super()._get_title_column(
            *args,
            **kwargs,
            get_title_id=lambda instance: f"registration_{quote(instance.pk)}_title",
        )

    @cached_property
    def filtered_community(self):
        value = self.request.GET.get("community", "")
        if not value.isdigit():
            return None
        return CommunityPage.objects.filter(pk=int(value)).first()

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        community = self.filtered_community
        if community is not None and can_manage(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Attendance"),
                    url=reverse(ATTENDANCE_URL_NAME, args=[community.pk]),
                    icon_name="tasks",
                )
            )
            buttons.append(
                HeaderButton(
                    _("Write to participants"),
                    url=reverse(MESSAGE_URL_NAME, args=[community.pk]),
                    icon_name="mail",
                )
            )
        if (
            community is not None
            and community.selection_method == SelectionMethod.DRAW
            and can_draw(self.request.user)
        ):
            buttons.append(
                HeaderButton(
                    _("Draw"),
                    url=reverse(DRAW_URL_NAME, args=[community.pk]),
                    icon_name="resubmit",
                )
            )
        return buttons


def registration_menu_items(registration, user):
    """What a facilitator can do with a registration besides editing its answers."""
    items = []
    if registration_views.staff.allowed_transitions(registration=registration):
        items.append(
            MenuItem(
                _("Change the state…"),
                url=reverse(registration_viewset.get_url_name("state"), args=[registration.pk]),
                icon_name="resubmit",
                priority=40,
            )
        )
    if registration_views.staff.can_move(registration=registration) and can_add(user):
        items.append(
            MenuItem(
                _("Move to another community…"),
                url=reverse(registration_viewset.get_url_name("move"), args=[registration.pk]),
                icon_name="arrow-right-full",
                priority=41,
            )
        )
    return items


class RegistrationInspectView(ReadableInspectMixin, generic.InspectView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if can_manage(self.request.user):
            for item in registration_menu_items(self.object, self.request.user):
                buttons.append(
                    Button(
                        item.label, url=item.url, icon_name=item.icon_name, priority=item.priority
                    )
                )
        return buttons


class RegistrationDeleteView(generic.DeleteView):
    def delete_action(self):
        services.erase_registration(registration=self.object, delete=super().delete_action)


class EligibilityForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=gettext_lazy("Relevance for the community"),
        choices=[("yes", gettext_lazy("Eligible")), ("no", gettext_lazy("Not eligible"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class EligibilityBulkAction(BulkAction):
    display_name = gettext_lazy("Eligibility")
    action_type = "eligibility"
    aria_label = gettext_lazy("Mark the selected registrations eligible or not eligible")
    template_name = "communities/admin/confirm_bulk_eligibility.html"
    action_priority = 10
    form_class = EligibilityForm
    models = [Registration]

    def check_perm(self, obj):
        return can_manage(self.request.user)

    def get_execution_context(self):
        return {"eligible": self.cleaned_form.cleaned_data["eligible"]}

    @classmethod
    def execute_action(cls, objects, eligible=None, **kwargs):
        return services.set_eligibility(registrations=objects, eligible=eligible), 0

    def object_context(self, obj):
        return {"item": obj}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d registration waiting for the draw was assessed.",
            "%(count)d registrations waiting for the draw were assessed.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


hooks.register("register_bulk_action", EligibilityBulkAction)


class RegistrationViewSet(ModelViewSet):
    model = Registration
    icon = "group"
    menu_label = gettext_lazy("Registrations")
    menu_order = 260
    add_to_admin_menu = True
    url_prefix = "inscriptions"
    name = "registrations"
    index_view_class = RegistrationIndexView
    add_view_class = registration_views.RegistrationCreateView
    delete_view_class = RegistrationDeleteView
    inspect_view_class = RegistrationInspectView
    index_template_name = "communities/admin/registration_index.html"
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "name",
        Column("community", label=gettext_lazy("Community"), accessor="community.title"),
        Column(
            "state", label=gettext_lazy("State"), accessor="get_state_display", sort_key="state"
        ),
        Column(
            "school_level",
            label=gettext_lazy("Level"),
            accessor="get_school_level_display",
            sort_key="school_level",
        ),
        Column(
            "region", label=gettext_lazy("Region"), accessor="get_region_display", sort_key="region"
        ),
        EligibleColumn("eligible", label=gettext_lazy("Eligible"), sort_key="eligible"),
        AttendanceColumn("attendance", label=gettext_lazy("Attendance")),
        Column("waitlist_position", label=gettext_lazy("Waitlist"), sort_key="waitlist_position"),
        "submitted_at",
    ]
    filterset_class = RegistrationFilterSet
    search_fields = ["name", "email", "organisation", "project"]
    search_backend_name = None  # plain database search: registrations stay out of the index
    form_fields = [*services.REGISTRANT_FIELDS, "eligible"]
    list_export = [
        "community",
        "get_state_display",
        "name",
        "email",
        "get_role_display",
        "organisation",
        "get_region_display",
        "get_school_level_display",
        "project",
        "colleagues",
        "eligible",
        "waitlist_position",
        "submitted_at",
        "state_changed_at",
        "get_consent_method_display",
        "sessions_present",
        "sessions_absent",
        "sessions_excused",
    ]
    export_headings = {
        "community": gettext_lazy("Community"),
        "get_state_display": gettext_lazy("State"),
        "get_role_display": gettext_lazy("Role"),
        "get_region_display": gettext_lazy("Administrative region"),
        "get_school_level_display": gettext_lazy("School level"),
        "get_consent_method_display": gettext_lazy("Consent given"),
        "sessions_present": gettext_lazy("Sessions attended"),
        "sessions_absent": gettext_lazy("Sessions missed"),
        "sessions_excused": gettext_lazy("Sessions missed, excused"),
    }
    export_filename = "inscriptions"
    inspect_view_fields = [
        "community",
        "state",
        "name",
        "email",
        "role",
        "organisation",
        "region",
        "school_level",
        "project",
        "colleagues",
        "eligible",
        "waitlist_position",
        "submitted_at",
        "consented_at",
        "consent_method",
        "consent_recorded_by",
        "moved_from",
        "state_changed_at",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("etat/<int:pk>/", registration_views.state_view, name="state"),
            path("deplacer/<int:pk>/", registration_views.move_view, name="move"),
        ]


registration_viewset = RegistrationViewSet()


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return registration_viewset


# The draw ---------------------------------------------------------------------------------


class DrawForm(forms.Form):
    seed = forms.IntegerField(
        label=gettext_lazy("Seed (optional)"),
        required=False,
        min_value=0,
        max_value=2**63 - 1,
        help_text=gettext_lazy(
            "Leave empty for a random seed. It is stored with the result, so anyone can replay "
            "the draw."
        ),
    )


def draw_view(request, pk):
    if not can_manage(request.user):
        raise PermissionDenied
    community = get_object_or_404(CommunityPage, pk=pk, locale=Locale.get_default())
    form = DrawForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "eligibility":
            marked = 0
            pending = Registration.objects.filter(
                community=community, state=RegistrationState.PENDING
            )
            for registration in pending:
                value = request.POST.get(f"eligible_{registration.pk}")
                if value in ("yes", "no"):
                    marked += services.set_eligibility(
                        registrations=[registration], eligible=value == "yes"
                    )
            messages.success(
                request,
                ngettext(
                    "%(count)d registration assessed.", "%(count)d registrations assessed.", marked
                )
                % {"count": marked},
            )
            return redirect(DRAW_URL_NAME, community.pk)
        if action == "draw":
            if not can_draw(request.user):
                raise PermissionDenied
            form = DrawForm(request.POST)
            confirmed = request.POST.get("confirm") == "yes"
            if form.is_valid() and not confirmed:
                problem = services.lottery_problem(community=community)
                if problem:
                    messages.error(request, problem)
                else:
                    # The draw is final: say who gets what and which emails leave, then ask.
                    return draw_confirmation(request, community=community, form=form)
            elif form.is_valid():
                try:
                    lottery = services.draw_lottery(
                        community=community, seed=form.cleaned_data["seed"], user=request.user
                    )
                except services.LotteryRefused as refusal:
                    messages.error(request, str(refusal))
                else:
                    messages.success(
                        request,
                        _("The draw took place: %(winners)d of %(eligible)d selected.")
                        % {
                            "winners": len(lottery.winner_ids),
                            "eligible": len(lottery.eligible_ids),
                        },
                    )
                    return redirect(DRAW_URL_NAME, community.pk)
    lottery = Lottery.objects.filter(community=community).select_related("ran_by").first()
    pending = list(
        Registration.objects.filter(community=community, state=RegistrationState.PENDING).order_by(
            "submitted_at", "pk"
        )
    )
    drawn = []
    if lottery is not None:
        by_pk = Registration.objects.in_bulk(lottery.order)
        winners = set(lottery.winner_ids)
        drawn = [
            (rank, by_pk.get(pk), pk in winners, pk)
            for rank, pk in enumerate(lottery.order, start=1)
        ]
    title = _("Draw: %(community)s") % {"community": community.title}
    return TemplateResponse(
        request,
        "communities/admin/draw.html",
        {
            "community": community,
            "status": services.status_of(community=community),
            "problem": services.lottery_problem(community=community) if lottery is None else None,
            "pending": pending,
            "eligible_count": sum(1 for r in pending if r.eligible),
            "lottery": lottery,
            "replayed": services.replay(lottery=lottery) if lottery else None,
            "drawn": drawn,
            "form": form,
            "can_draw": can_draw(request.user),
            "list_url": reverse(registration_viewset.get_url_name("index"))
            + f"?community={community.pk}",
            "header_title": title,
            "page_title": title,
            "reserved": list(community.reserved_seats.all()),
        },
    )


def draw_confirmation(request, *, community, form):
    title = _("Run the draw for %(community)s?") % {"community": community.title}
    return TemplateResponse(
        request,
        "communities/admin/draw_confirm.html",
        {
            "community": community,
            "preview": services.draw_preview(community=community),
            "seed": form.cleaned_data["seed"],
            "draw_url": reverse(DRAW_URL_NAME, args=[community.pk]),
            "header_title": title,
            "page_title": title,
        },
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("communautes/<int:pk>/tirage/", draw_view, name=DRAW_URL_NAME),
        path("communautes/<int:pk>/presences/", attendance_view, name=ATTENDANCE_URL_NAME),
        path("communautes/seances/<int:pk>/presences/", session_roll_view, name=ROLL_URL_NAME),
        path(
            "communautes/<int:pk>/attestations.zip",
            attestations_view,
            name=ATTESTATIONS_URL_NAME,
        ),
        path("communautes/<int:pk>/message/", message_view, name=MESSAGE_URL_NAME),
    ]


@hooks.register("register_page_listing_more_buttons")
def community_buttons(page, user, next_url=None):
    if not isinstance(page.specific_deferred, CommunityPage) or not can_manage(user):
        return
    if page.locale_id != Locale.get_default().pk:
        return
    yield Button(
        _("Registrations"),
        reverse(registration_viewset.get_url_name("index")) + f"?community={page.pk}",
        icon_name="group",
        priority=60,
    )
    if page.specific_deferred.selection_method == SelectionMethod.DRAW:
        yield Button(_("Draw"), reverse(DRAW_URL_NAME, args=[page.pk]), priority=61)
    yield Button(_("Attendance"), reverse(ATTENDANCE_URL_NAME, args=[page.pk]), priority=62)
    yield Button(_("Write to participants"), reverse(MESSAGE_URL_NAME, args=[page.pk]), priority=63)


# Dashboard ------------------------------------------------------------------------------


class CommunitiesPanel(Component):
    name = "communities"
    order = 95
    template_name = "communities/admin/dashboard_panel.html"

    def get_context_data(self, parent_context):
        return {
            "rows": services.dashboard_rows(),
            "list_url": reverse(registration_viewset.get_url_name("index")),
            "draw_url_name": DRAW_URL_NAME,
            "roll_url_name": ROLL_URL_NAME,
            "attendance_url_name": ATTENDANCE_URL_NAME,
        }


@hooks.register("construct_homepage_panels")
def add_communities_panel(request, panels):
    if can_manage(request.user):
        panels.append(CommunitiesPanel())


@hooks.register("register_log_actions")
def register_log_actions(actions):
    history.register_log_actions(actions)


@hooks.register("register_admin_calendar_source")
def sessions_in_the_admin_calendar():
    return calendar_source.source()


@hooks.register("register_people_source")
def registrations_of_a_person():
    return people.source()
