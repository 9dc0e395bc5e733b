"""The registrations' viewset: its listing (filters, attendance, bulk selection, export),
inspect and delete views, and what a facilitator can do with a registration from them."""

import django_filters
from django.contrib.admin.utils import quote
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton, MenuItem
from wagtail.models import Locale

from home.choices import Region
from home.exports import ReadableExportMixin, ReadableInspectMixin

from .. import attendance, services, staff
from ..models import CommunityPage, Registration, RegistrationState, SchoolLevel, SelectionMethod
from . import registrations as registration_views
from .access import can_add, can_draw, can_manage
from .attendance import ATTENDANCE_URL_NAME
from .draw import DRAW_URL_NAME
from .mailings import MESSAGE_URL_NAME


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
    if staff.allowed_transitions(registration=registration):
        items.append(
            MenuItem(
                _("Change the state…"),
                url=reverse(registration_viewset.get_url_name("state"), args=[registration.pk]),
                icon_name="resubmit",
                priority=40,
            )
        )
    if staff.can_move(registration=registration) and can_add(user):
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
