"""The candidatures' snippet viewset: its listing (filters, scores, export), edit, inspect and
workflow views, and a chooser that checks who asks."""

from functools import cached_property, wraps

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton, MenuItem
from wagtail.models import Locale
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from colloque.models import EditionPage
from home.exports import ReadableExportMixin, ReadableInspectMixin

from .. import mailings, services
from ..models import ApplicationStatus, HostApplication, InstitutionType, Region
from .access import can_review, can_view
from .mailings import MESSAGE_URL_NAME
from .scoring import SCORE_FIELDS, ScoreColumn
from .url_names import SCORE_URL_NAME


class HostApplicationFilterSet(WagtailFilterSet):
    edition = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Edition"),
        queryset=lambda request: EditionPage.objects.filter(locale=Locale.get_default()).order_by(
            "-year"
        ),
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("State"), choices=ApplicationStatus.choices
    )
    region = django_filters.ChoiceFilter(label=gettext_lazy("Region"), choices=Region.choices)
    institution_type = django_filters.ChoiceFilter(
        label=gettext_lazy("Type of institution"), choices=InstitutionType.choices
    )

    class Meta:
        model = HostApplication
        fields = ["edition", "status", "region", "institution_type"]


class IndexView(ReadableExportMixin, snippet_views.IndexView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not services.can_score(user=request.user):
            # Scores are the committee's: not in Communications' listing or export.
            self.list_export = [name for name in self.list_export if name not in SCORE_FIELDS]

    @cached_property
    def columns(self):
        columns = []
        for column in super().columns:
            if column.name not in SCORE_FIELDS:
                columns.append(column)
            elif services.can_score(user=self.request.user):
                if column.name == "weighted_score":
                    column = ScoreColumn(
                        "weighted_score",
                        label=column.label,
                        sort_key="weighted_score",
                        user=self.request.user,
                    )
                columns.append(column)
        return columns

    def get_base_queryset(self):
        return services.with_viewer(super().get_base_queryset(), user=self.request.user)

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        edition = self.request.GET.get("edition", "")
        if edition.isdigit() and mailings.can_write(user=self.request.user):
            buttons.append(
                HeaderButton(
                    _("Write to the applicants"),
                    url=reverse(MESSAGE_URL_NAME, args=[int(edition)]),
                    icon_name="mail",
                )
            )
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if can_review(self.request.user):
            buttons.append(
                MenuItem(
                    _("Score"),
                    url=reverse(SCORE_URL_NAME, args=[instance.pk]),
                    icon_name="pick",
                    priority=15,
                )
            )
        return buttons


# Wagtail's own "cancel" and "restart" run in one click and leave a candidature in nobody's
# queue: ours ask first and say where the candidature stands (decisions.end_moderation_view).
REPLACED_ACTIONS = {"publish", "cancel-workflow", "restart-workflow"}


class EditView(snippet_views.EditView):
    def get_available_actions(self):
        # Selecting a host goes through the workflow, so every decision is recorded; a
        # decided candidature (selected, not selected, withdrawn) cannot enter it again.
        refused = set(REPLACED_ACTIONS)
        if self.object is not None and not services.can_resubmit(application=self.object):
            refused.add("submit")
        return [action for action in super().get_available_actions() if action not in refused]

    def workflow_action_action(self):
        try:
            return super().workflow_action_action()
        except services.DecisionRefused as refusal:
            messages.error(self.request, str(refusal))
            return redirect(self.get_edit_url())


class WorkflowActionView(snippet_views.WorkflowActionView):
    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except services.DecisionRefused as refusal:
            messages.error(request, str(refusal))
            if request.headers.get("x-requested-with") == "XMLHttpRequest":
                return self.render_modal_json(
                    request, {"step": "success", "redirect": self.redirect_url}
                )
            return redirect(self.redirect_url)


class ConfirmWorkflowCancellationView(snippet_views.ConfirmWorkflowCancellationView):
    # Wagtail asks for no permission here: it would tell anyone where a candidature stands.
    def dispatch(self, request, *args, **kwargs):
        if not can_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ChooserViewSet(SnippetChooserViewSet):
    """Wagtail's snippet chooser lists every row to anyone in the admin: not candidatures."""

    def construct_view(self, view_class, **kwargs):
        view = super().construct_view(view_class, **kwargs)

        @wraps(view)
        def checked_view(request, *args, **kwargs):
            if not can_view(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return checked_view


class InspectView(ReadableInspectMixin, snippet_views.InspectView):
    template_name = "host_applications/admin/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        criteria = services.criteria_for(application=application)
        user = self.request.user
        reviews, others_visible = services.visible_reviews(application=application, user=user)
        for review in reviews:
            by_criterion = {score.criterion_id: score for score in review.scores.all()}
            review.rows = [(criterion, by_criterion.get(criterion.pk)) for criterion in criteria]
        context.update(
            {
                "application": application,
                "criteria": criteria,
                "reviews": reviews,
                "can_see_scores": services.can_score(user=user),
                "others_visible": others_visible,
                "weighted_score": services.weighted_score(application=application)
                if others_visible
                else None,
                "task_outcomes": services.task_outcomes(application=application),
                "files": application.files.all(),
                "can_review": can_review(user),
                "can_change_selection": application.is_selected
                and services.can_change_selection(user=user),
                "can_end_moderation": services.can_end_moderation(
                    application=application, user=user
                ),
                "score_url": reverse(SCORE_URL_NAME, args=[application.pk]),
            }
        )
        return context


class HostApplicationViewSet(SnippetViewSet):
    model = HostApplication
    icon = "form"
    menu_label = gettext_lazy("Candidatures")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = IndexView
    edit_view_class = EditView
    inspect_view_class = InspectView
    workflow_action_view_class = WorkflowActionView
    confirm_workflow_cancellation_view_class = ConfirmWorkflowCancellationView
    chooser_viewset_class = ChooserViewSet
    inspect_view_enabled = True
    # What staff read, in the applicant's words and ours; no tokens, flags or lock state.
    inspect_view_fields = [
        "reference",
        "edition",
        "call",
        "status",
        "language",
        "submitted_at",
        "consented_at",
        "decided_at",
        "withdrawn_at",
        "personal_data_purged_at",
        *services.APPLICANT_FIELDS,
    ]
    copy_view_enabled = False
    list_display = [
        "reference",
        "institution_name",
        Column(
            "region", label=gettext_lazy("Region"), accessor="get_region_display", sort_key="region"
        ),
        Column(
            "institution_type",
            label=gettext_lazy("Type"),
            accessor="get_institution_type_display",
            sort_key="institution_type",
        ),
        Column(
            "status", label=gettext_lazy("State"), accessor="get_status_display", sort_key="status"
        ),
        Column(
            "weighted_score",
            label=pgettext_lazy("score column", "Score"),
            sort_key="weighted_score",
        ),
        Column("review_count", label=gettext_lazy("Reviews"), sort_key="review_count"),
        "submitted_at",
    ]
    filterset_class = HostApplicationFilterSet
    search_fields = ["reference", "institution_name", "town", "contact_name", "contact_email"]
    search_backend_name = None  # plain database search: candidatures stay out of the search index
    list_export = [
        "reference",
        "edition",
        "get_status_display",
        "institution_name",
        "get_institution_type_display",
        "get_region_display",
        "address",
        "town",
        "postal_code",
        "contact_name",
        "contact_role",
        "contact_email",
        "contact_phone",
        "proposed_start_date",
        "proposed_end_date",
        "dates_note",
        "plenary_capacity",
        "workshop_rooms",
        "get_accessibility_display",
        "accessibility_details",
        "catering",
        "technical_equipment",
        "accommodation_transport",
        "local_partners",
        "motivation",
        "weighted_score",
        "review_count",
        "submitted_at",
        "decided_at",
    ]
    export_headings = {
        "edition": gettext_lazy("Edition"),
        "get_status_display": gettext_lazy("State"),
        "get_institution_type_display": gettext_lazy("Type of institution"),
        "get_region_display": gettext_lazy("Administrative region"),
        "get_accessibility_display": gettext_lazy("Universal accessibility"),
        "weighted_score": pgettext_lazy("score column", "Score"),
        "review_count": gettext_lazy("Reviews"),
    }
    export_filename = "candidatures"
    score_url_name = SCORE_URL_NAME

    def get_queryset(self, request):
        return services.with_scores(HostApplication.objects.select_related("edition")).order_by(
            F("submitted_at").desc(nulls_last=True), "-pk"
        )
