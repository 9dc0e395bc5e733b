"""Candidatures in Wagtail's admin: listing, export, inspect, scoring, files, dashboard."""

from functools import cached_property, wraps
from urllib.parse import quote

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton, MenuItem
from wagtail.log_actions import LogFormatter
from wagtail.models import Locale
from wagtail.snippets.action_menu import ActionMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from colloque.models import EditionPage
from home.exports import ReadableExportMixin, ReadableInspectMixin
from home.forms import state_limits

from . import admin_mailings, admin_views, mailings, people, services
from .models import (
    ApplicationFile,
    ApplicationStatus,
    HostApplication,
    InstitutionType,
    Region,
    Review,
    Score,
)

INSPECT_URL_NAME = "wagtailsnippets_host_applications_hostapplication:inspect"


def can_review(user):
    return user.is_active and (
        user.is_superuser or user.has_perm("host_applications.review_hostapplication")
    )


def can_view(user):
    return user.is_active and (
        user.is_superuser
        or user.has_perm("host_applications.view_hostapplication")
        or user.has_perm("host_applications.change_hostapplication")
    )


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


SCORE_FIELDS = {"weighted_score", "review_count"}


class ScoreColumn(Column):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def get_value(self, instance):
        if not getattr(instance, "review_count", 0):
            return "—"
        if not services.others_scores_visible(
            application=instance,
            user=self.user,
            scored_by_viewer=getattr(instance, "scored_by_viewer", False),
        ):
            return _("After your score")
        score = getattr(instance, "weighted_score", None)
        return "—" if score is None else number_format(score, 2)


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
                    url=reverse(admin_mailings.MESSAGE_URL_NAME, args=[int(edition)]),
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
                    url=reverse(HostApplicationViewSet.score_url_name, args=[instance.pk]),
                    icon_name="pick",
                    priority=15,
                )
            )
        return buttons


# Wagtail's own "cancel" and "restart" run in one click and leave a candidature in nobody's
# queue: ours ask first and say where the candidature stands (end_moderation_view).
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
                "score_url": reverse(HostApplicationViewSet.score_url_name, args=[application.pk]),
            }
        )
        return context


class ScoreForm(forms.Form):
    def __init__(self, *args, criteria, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = {score.criterion_id: score for score in review.scores.all()} if review else {}
        choices = [("", "—")] + [(str(n), str(n)) for n in range(1, 6)]
        self.criteria = criteria
        for criterion in criteria:
            score = existing.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("%(criterion)s (weight %(weight)d)")
                % {"criterion": criterion.title, "weight": criterion.weight},
                help_text=criterion.description,
                choices=choices,
                coerce=int,
                initial=score.score if score else "",
                error_messages={"required": _("Give this criterion a score from 1 to 5.")},
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.title},
                required=False,
                max_length=Score._meta.get_field("comment").max_length,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=score.comment if score else "",
            )
        self.fields["comment"] = forms.CharField(
            label=_("General comment (for the committee only)"),
            required=False,
            max_length=Review._meta.get_field("comment").max_length,
            widget=forms.Textarea(attrs={"rows": 4}),
            initial=review.comment if review else "",
        )
        state_limits(self)

    def scores(self):
        return {
            criterion.pk: (
                self.cleaned_data[f"score_{criterion.pk}"],
                self.cleaned_data[f"comment_{criterion.pk}"],
            )
            for criterion in self.criteria
        }


def score_view(request, pk):
    if not can_review(request.user):
        raise PermissionDenied
    application = get_object_or_404(
        HostApplication.objects.select_related("call", "edition"), pk=pk
    )
    criteria = services.criteria_for(application=application)
    review = application.reviews.filter(reviewer=request.user).prefetch_related("scores").first()
    form = ScoreForm(request.POST or None, criteria=criteria, review=review)
    if request.method == "POST" and form.is_valid():
        services.save_review(
            application=application,
            reviewer=request.user,
            scores=form.scores(),
            comment=form.cleaned_data["comment"],
        )
        messages.success(
            request,
            _("Your scores for %(reference)s are saved.") % {"reference": application.reference},
        )
        return redirect(INSPECT_URL_NAME, application.pk)
    return TemplateResponse(
        request,
        "host_applications/admin/score.html",
        {
            "application": application,
            "form": form,
            "header_title": _("Score %(reference)s") % {"reference": application.reference},
            "page_title": _("Score %(reference)s") % {"reference": application.reference},
        },
    )


def file_view(request, pk):
    """Attachments are served only here, to staff allowed to see candidatures.

    What the public sent is never rendered by the browser in our origin: a download under a
    generated name, typed by what we validated (not by what the sender claimed), sandboxed.
    Every download is recorded in the candidature's history (Québec's Law 25).
    """
    if not can_view(request.user):
        raise PermissionDenied
    attachment = get_object_or_404(ApplicationFile.objects.select_related("application"), pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    filename = services.download_name(attachment=attachment)
    response = FileResponse(handle, content_type="application/pdf")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    services.record_file_access(attachment=attachment, user=request.user)
    return response


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
    score_url_name = "host_applications_score"

    def get_queryset(self, request):
        return services.with_scores(HostApplication.objects.select_related("edition")).order_by(
            F("submitted_at").desc(nulls_last=True), "-pk"
        )


register_snippet(HostApplicationViewSet)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "candidatures/<int:pk>/scores/", score_view, name=HostApplicationViewSet.score_url_name
        ),
        path("candidatures/files/<int:pk>/", file_view, name="host_applications_file"),
        path(
            "candidatures/edition/<int:pk>/message/",
            admin_mailings.message_view,
            name=admin_mailings.MESSAGE_URL_NAME,
        ),
        path(
            "candidatures/<int:pk>/selection/",
            admin_views.selection_view,
            name="host_applications_selection",
        ),
        path(
            "candidatures/<int:pk>/fin-moderation/",
            admin_views.end_moderation_view,
            name="host_applications_end_moderation",
        ),
    ]


class LinkMenuItem(ActionMenuItem):
    """An action that opens its own confirmation page rather than posting the editor's form."""

    def __init__(self, name, label, url, icon_name, order):
        super().__init__(order=order)
        self.name, self.label, self.url, self.icon_name = name, label, url, icon_name

    def get_url(self, parent_context):
        return self.url


@hooks.register("construct_snippet_action_menu")
def candidature_actions(menu_items, request, context):
    if context.get("model") is not HostApplication:
        return
    application = context.get("instance")
    hidden = {"action-publish", "action-unpublish", "action-cancel-workflow"}
    hidden.add("action-restart-workflow")
    if application is not None and not services.can_resubmit(application=application):
        hidden.add("action-submit")
    menu_items[:] = [item for item in menu_items if item.name not in hidden]
    if application is None or context.get("view") != "edit":
        return
    if services.can_end_moderation(application=application, user=request.user):
        menu_items.append(
            LinkMenuItem(
                "end-moderation",
                _("Cancel workflow…"),
                reverse("host_applications_end_moderation", args=[application.pk]),
                "error",
                order=900,
            )
        )
    if application.is_selected and services.can_change_selection(user=request.user):
        menu_items.append(
            LinkMenuItem(
                "change-selection",
                _("Undo or replace the selection…"),
                reverse("host_applications_selection", args=[application.pk]),
                "rotate",
                order=910,
            )
        )


def _comment_formatter(label, message):
    class CommentFormatter(LogFormatter):
        def format_message(self, log_entry):
            comment = (log_entry.data or {}).get("comment")
            return f"{message} — « {comment} »" if comment else str(message)

    CommentFormatter.label = label
    return CommentFormatter


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        "host_applications.submit",
        gettext_lazy("Submit candidature"),
        gettext_lazy("Candidature submitted"),
    )
    actions.register_action(
        "host_applications.resubmit",
        gettext_lazy("Send changes"),
        gettext_lazy("Changes sent by the institution"),
    )
    actions.register_action(
        "host_applications.withdraw",
        gettext_lazy("Withdraw"),
        gettext_lazy("Withdrawn by the institution"),
    )
    for action, label, message in [
        ("decline", gettext_lazy("Reject"), gettext_lazy("Candidature rejected")),
        (
            "unselect",
            gettext_lazy("Undo the selection"),
            gettext_lazy("Selection undone: back to the committee's decision"),
        ),
        (
            "replaced",
            gettext_lazy("Replace the selection"),
            gettext_lazy("Selection replaced by another candidature"),
        ),
        (
            "select_instead",
            gettext_lazy("Select instead"),
            gettext_lazy("Selected in place of another candidature"),
        ),
        (
            "staff_withdraw",
            gettext_lazy("Withdraw (staff)"),
            gettext_lazy("Workflow cancelled: withdrawn by staff"),
        ),
        (
            "rescreen",
            gettext_lazy("Back to screening"),
            gettext_lazy("Workflow cancelled: sent back to screening"),
        ),
    ]:
        actions.register_action(f"host_applications.{action}")(_comment_formatter(label, message))

    @actions.register_action("host_applications.host_chosen")
    class HostChosen(LogFormatter):
        label = gettext_lazy("Close when a host is chosen")

        def format_message(self, log_entry):
            return _("Not selected: %(reference)s was chosen to host the edition") % {
                "reference": log_entry.data.get("selected", "")
            }

    actions.register_action(
        "host_applications.review", gettext_lazy("Score"), gettext_lazy("Scored")
    )
    actions.register_action(
        "host_applications.merged",
        gettext_lazy("Merge a person's records"),
        gettext_lazy("Contact merged with the other records of the same person (address and name)"),
    )

    @actions.register_action("host_applications.message")
    class Message(LogFormatter):
        label = gettext_lazy("Write to the applicants")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            if "recipients" not in data:  # a candidature's own history
                return _("Message “%(subject)s” sent to the institution") % {
                    "subject": data.get("subject", "")
                }
            audience = data.get("audience", "")
            return _("Message “%(subject)s” sent to %(count)s institutions (%(audience)s)") % {
                "subject": data.get("subject", ""),
                "count": data.get("recipients", 0),
                "audience": mailings.Audience(audience).label
                if audience in mailings.Audience
                else audience,
            }

    @actions.register_action("host_applications.file_viewed")
    class FileViewed(LogFormatter):
        label = gettext_lazy("Download an attached file")

        def format_message(self, log_entry):
            return _("Attached file “%(filename)s” downloaded") % {
                "filename": log_entry.data.get("filename", "")
            }


@hooks.register("register_log_actions", order=100)
def name_requested_changes(actions):
    """Wagtail's "reject" is labelled "Request changes" where it is taken, but its history
    says "Rejected": say what was done (runs after Wagtail's own registration)."""

    # One entry in the history's filter, ours, in place of Wagtail's.
    actions.choices[:] = [c for c in actions.choices if c[0] != "wagtail.workflow.reject"]

    @actions.register_action("wagtail.workflow.reject")
    class RequestChanges(LogFormatter):
        label = gettext_lazy("Workflow: request changes")

        def format_message(self, log_entry):
            try:
                return _("Changes requested at “%(task)s”") % {
                    "task": log_entry.data["workflow"]["task"]["title"]
                }
            except (KeyError, TypeError):
                return _("Changes requested")


class CandidaturesPanel(Component):
    name = "host_candidatures"
    order = 90
    template_name = "host_applications/admin/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        call = services.current_call()
        context = {
            "call": call,
            "counts": services.counts_by_status(call=call) if call else [],
            "awaiting": services.awaiting(user=self.user),
            "list_url": reverse("wagtailsnippets_host_applications_hostapplication:list"),
            "inspect_url_name": INSPECT_URL_NAME,
            "message_url": reverse(admin_mailings.MESSAGE_URL_NAME, args=[call.get_parent().pk])
            if call and mailings.can_write(user=self.user)
            else "",
        }
        if call:
            context["window"] = services.call_window(call=call)
            context["jurors"] = services.juror_progress(call=call)
        return context


@hooks.register("construct_homepage_panels")
def add_candidatures_panel(request, panels):
    if can_view(request.user) or services.awaiting(user=request.user).exists():
        panels.append(CandidaturesPanel(request.user))


@hooks.register("register_people_source")
def candidatures_of_a_person():
    return people.source()
