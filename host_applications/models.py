"""The call for a host institution, the candidatures it receives and their reviews."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.forms import TaskStateCommentForm
from wagtail.models import (
    AbstractGroupApprovalTask,
    DraftStateMixin,
    LockableMixin,
    Orderable,
    Page,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
    WorkflowTask,
)
from wagtail.search import index

from home.blocks import BodyBlock
from home.choices import Region
from home.models import BasePage
from home.routes import TranslatedRoutesMixin, translated_regex

RICH_TEXT_FEATURES = ["h3", "bold", "italic", "link", "ol", "ul"]


class HostCallPage(TranslatedRoutesMixin, BasePage):
    """The call for hosts of one edition: what hosting means, the rules, and the form."""

    intro = models.TextField(_("introduction"), blank=True)
    hosting = StreamField(BodyBlock(), verbose_name=_("what hosting involves"), blank=True)
    requirements = RichTextField(_("requirements"), blank=True, features=RICH_TEXT_FEATURES)
    min_plenary_capacity = models.PositiveIntegerField(
        _("minimum plenary room capacity"), null=True, blank=True
    )
    min_workshop_rooms = models.PositiveSmallIntegerField(
        _("minimum number of workshop rooms"), null=True, blank=True
    )
    accessibility_required = models.BooleanField(
        _("universal accessibility required"), default=True
    )
    expected_dates = models.CharField(
        _("expected dates"),
        max_length=255,
        blank=True,
        help_text=_("For example: two days in November 2026, Thursday and Friday."),
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    privacy_notice = RichTextField(
        _("privacy notice"),
        features=RICH_TEXT_FEATURES,
        help_text=_(
            "Purpose of the collection, who sees the data, how long it is kept, whom to contact. "
            "The retention period set for the site is added below it."
        ),
    )
    privacy_contact = models.EmailField(_("privacy officer's email"), blank=True)
    form_intro = RichTextField(_("text above the form"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Window")),
        FieldPanel("hosting"),
        MultiFieldPanel(
            [
                FieldPanel("requirements"),
                FieldRowPanel(
                    [FieldPanel("min_plenary_capacity"), FieldPanel("min_workshop_rooms")]
                ),
                FieldPanel("accessibility_required"),
                FieldPanel("expected_dates"),
            ],
            heading=_("Requirements"),
        ),
        InlinePanel("criteria", label=_("Criterion"), heading=_("Selection criteria"), min_num=1),
        MultiFieldPanel(
            [FieldPanel("privacy_notice"), FieldPanel("privacy_contact")],
            heading=_("Privacy (Law 25)"),
        ),
        FieldPanel("form_intro"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(BasePage.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("hosting"),
        index.SearchField("requirements"),
    ]

    parent_page_types = ["colloque.EditionPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("call for hosts")
        verbose_name_plural = _("calls for hosts")

    def clean(self):
        super().clean()

        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The call must close after it opens.")})

    @property
    def edition(self):
        return self.get_parent().specific

    def get_context(self, request, *args, **kwargs):
        from .services import call_window  # noqa: PLC0415 (host_applications.services imports this module)

        context = super().get_context(request, *args, **kwargs)
        context["window"] = call_window(call=self)
        context["criteria"] = list(self.criteria.all())
        context["retention_days"] = settings.HOST_APPLICATION_RETENTION_DAYS
        return context

    # Routes name their views by import string: a model module imports no view.
    @path("")
    def call(self, request):
        return import_string("host_applications.views.call_view")(request, call=self)

    @re_path(
        translated_regex(r"^%s(?P<token>[A-Za-z0-9_-]{20,100})/$", _("status/")), name="status"
    )
    def status(self, request, token):
        return import_string("host_applications.views.status_view")(request, call=self, token=token)

    @re_path(
        translated_regex(r"^%s(?P<token>[A-Za-z0-9_-]{20,100})/%s$", _("status/"), _("edit/")),
        name="edit",
    )
    def edit(self, request, token):
        return import_string("host_applications.views.edit_view")(request, call=self, token=token)

    @re_path(
        translated_regex(r"^%s(?P<token>[A-Za-z0-9_-]{20,100})/%s$", _("status/"), _("withdraw/")),
        name="withdraw",
    )
    def withdraw(self, request, token):
        return import_string("host_applications.views.withdraw_view")(
            request, call=self, token=token
        )


class SelectionCriterion(Orderable):
    call = ParentalKey(HostCallPage, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Relative weight, for example a percentage."),
    )

    panels = [FieldPanel("title"), FieldPanel("description"), FieldPanel("weight")]

    class Meta(Orderable.Meta):
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")

    def __str__(self):
        return self.title


class InstitutionType(models.TextChoices):
    SECONDARY_SCHOOL = "secondary", _("Public secondary school")
    PRIMARY_SCHOOL = "primary", _("Public primary school")
    PRIVATE_SCHOOL = "private", _("Private school")
    SCHOOL_SERVICE_CENTRE = "service-centre", _("School service centre or school board")
    VOCATIONAL_ADULT = "fp-fga", _("Vocational or adult education centre")
    COLLEGE = "college", _("Cegep or college")
    ORGANISATION = "organisation", _("Cultural or community organisation")
    OTHER = "other", _("Other")


class Accessibility(models.TextChoices):
    FULL = "full", _("Fully accessible (entrances, rooms, washrooms)")
    PARTIAL = "partial", _("Partly accessible")
    NONE = "none", _("Not accessible")


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("Received, being screened")
    SCREENED = "screened", _("Screened, awaiting the committee's decision")
    CHANGES_REQUESTED = "changes", _("Changes requested")
    SELECTED = "selected", _("Selected")
    REJECTED = "rejected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    WITHDRAWN_BY_STAFF = "withdrawn-staff", _("Withdrawn by staff")

    @classmethod
    def open_states(cls):
        return [cls.RECEIVED, cls.SCREENED, cls.CHANGES_REQUESTED]

    @classmethod
    def withdrawn_states(cls):
        return [cls.WITHDRAWN, cls.WITHDRAWN_BY_STAFF]


class HostApplication(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model
):
    """A candidature to host an edition. Never public: "live" means "selected"."""

    # Record-level fields: set by services, kept when a revision is restored or published.
    call = models.ForeignKey(
        HostCallPage, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications"
    )
    edition = models.ForeignKey(
        "colloque.EditionPage",
        verbose_name=_("edition"),
        on_delete=models.PROTECT,
        related_name="host_applications",
    )
    number = models.PositiveIntegerField(_("number"), editable=False)
    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The private link's secret is derived from this salt (services.token_of), so every
    # email can carry the link without the link being stored. Empty for candidatures made
    # before: their link was random and only its hash is known.
    token_salt = models.CharField(max_length=32, blank=True, default="", editable=False)
    language = models.CharField(_("language"), max_length=10, default="fr-ca", editable=False)
    status = models.CharField(
        _("state"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.RECEIVED,
        editable=False,
    )
    submitted_at = models.DateTimeField(_("submitted at"), editable=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    consented_at = models.DateTimeField(_("consent given at"), editable=False)
    # When a repeat submission last sent the private link again: at most once an hour.
    link_resent_at = models.DateTimeField(
        _("private link resent at"), null=True, blank=True, editable=False
    )
    personal_data_purged_at = models.DateTimeField(
        _("personal data removed at"), null=True, blank=True, editable=False
    )

    # What the institution told us.
    institution_name = models.CharField(_("institution name"), max_length=255)
    institution_type = models.CharField(
        _("type of institution"), max_length=20, choices=InstitutionType.choices
    )
    region = models.CharField(_("administrative region"), max_length=2, choices=Region.choices)
    address = models.CharField(_("street address"), max_length=255)
    town = models.CharField(_("town"), max_length=120)
    postal_code = models.CharField(_("postal code"), max_length=7)
    contact_name = models.CharField(_("contact person"), max_length=255)
    contact_role = models.CharField(_("role"), max_length=255)
    contact_email = models.EmailField(_("email"))
    contact_phone = models.CharField(_("phone"), max_length=30)
    proposed_start_date = models.DateField(_("proposed first day"))
    proposed_end_date = models.DateField(_("proposed last day"))
    dates_note = models.CharField(_("about the dates"), max_length=255, blank=True)
    plenary_capacity = models.PositiveIntegerField(_("plenary room capacity"))
    workshop_rooms = models.PositiveSmallIntegerField(_("number of workshop rooms"))
    accessibility = models.CharField(
        _("universal accessibility"), max_length=10, choices=Accessibility.choices
    )
    # Free text has a limit the form states: each answer is copied into every revision, the
    # emails and the exports (a spreadsheet cell holds 32,767 characters at most).
    accessibility_details = models.TextField(
        _("accessibility details"), blank=True, max_length=2000
    )
    catering = models.TextField(_("catering"), max_length=2000)
    technical_equipment = models.TextField(_("technical equipment"), max_length=2000)
    accommodation_transport = models.TextField(
        _("accommodation and transport nearby"), max_length=2000
    )
    local_partners = models.TextField(_("local partners"), blank=True, max_length=2000)
    motivation = models.TextField(_("motivation"), max_length=5000)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="host_application")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="host_application",
        for_concrete_model=False,
    )

    RECORD_FIELDS = [
        "call_id",
        "edition_id",
        "number",
        "reference",
        "token_hash",
        "token_salt",
        "language",
        "status",
        "submitted_at",
        "decided_at",
        "withdrawn_at",
        "consented_at",
        "link_resent_at",
        "personal_data_purged_at",
    ]

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("institution_name"),
                FieldRowPanel([FieldPanel("institution_type"), FieldPanel("region")]),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("town"), FieldPanel("postal_code")]),
            ],
            heading=_("Institution"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_role")]),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
            ],
            heading=_("Contact person"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("proposed_start_date"), FieldPanel("proposed_end_date")]),
                FieldPanel("dates_note"),
                FieldRowPanel([FieldPanel("plenary_capacity"), FieldPanel("workshop_rooms")]),
                FieldPanel("accessibility"),
                FieldPanel("accessibility_details"),
                FieldPanel("catering"),
                FieldPanel("technical_equipment"),
                FieldPanel("accommodation_transport"),
                FieldPanel("local_partners"),
                FieldPanel("motivation"),
            ],
            heading=_("Proposal"),
        ),
    ]

    class Meta:
        verbose_name = _("host candidature")
        verbose_name_plural = _("host candidatures")
        ordering = ["-submitted_at", "-pk"]
        permissions = [
            ("review_hostapplication", "Can score host candidatures"),
            ("message_hostapplication", "Can write to the applicants of an edition"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="host_application_number"),
            # One host per edition, whatever reaches the database.
            models.UniqueConstraint(
                fields=["edition"],
                condition=Q(status="selected"),
                name="one_selected_host_per_edition",
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.institution_name}"

    @property
    def revisions(self):
        return self._revisions

    def with_content_json(self, content):
        # A revision holds what the institution wrote; where the candidature stands is ours.
        obj = super().with_content_json(content)
        for field in self.RECORD_FIELDS:
            setattr(obj, field, getattr(self, field))
        return obj

    def get_preview_template(self, request, mode_name):
        return "host_applications/host_application_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["application"] = self
        context["files"] = self.files.all() if self.pk else []
        return context

    @property
    def is_open(self):
        return self.status in ApplicationStatus.open_states()

    @property
    def is_selected(self):
        return self.status == ApplicationStatus.SELECTED


def private_storage():
    return storages["private"]


# Where attachments are stored in the private storage (services sweep it for strays).
ATTACHMENTS_FOLDER = "host-applications"


def attachment_name(*, edition_id):
    # Never the sender's file name on disk: it may say too much and is not ours to trust.
    return f"{ATTACHMENTS_FOLDER}/{edition_id}/{uuid.uuid4().hex}.pdf"


def attachment_path(instance, filename):
    return attachment_name(edition_id=instance.application.edition_id)


class ApplicationFile(models.Model):
    application = models.ForeignKey(
        HostApplication,
        on_delete=models.CASCADE,
        related_name="files",
        verbose_name=_("candidature"),
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class Review(models.Model):
    """One reviewer's scores for one candidature."""

    application = models.ForeignKey(
        HostApplication,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("candidature"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    comment = models.TextField(_("general comment"), blank=True, max_length=5000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_review_per_reviewer"
            )
        ]

    def __str__(self):
        return f"{self.application.reference} · {self.reviewer}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        SelectionCriterion,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("criterion"),
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="score_between_1_and_5"
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"


TASK_COMMENT_MAX_LENGTH = 5000


class CandidatureReviewTask(AbstractGroupApprovalTask):
    """A group approval step for candidatures, with a final "reject" beside "request changes".

    Wagtail's own "reject" sends the candidature back to the institution for changes; ours
    ("decline") ends the workflow: the candidature is not selected.
    """

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                ("reject", _("Request changes"), True),
                ("decline", _("Reject the candidature"), True),
                ("approve", _("Approve"), False),
                ("approve", _("Approve with comment"), True),
            ]
        return []

    def is_decision(self):
        """Whether this is the last step of a workflow: its approval selects the host."""
        last = {}
        for link in WorkflowTask.objects.filter(workflow__active=True).order_by("sort_order"):
            last[link.workflow_id] = link.task_id
        return self.pk in last.values()

    def get_form_for_action(self, action):
        # What the institution reads is what the reviewer types: the dialog says so.
        if action in ("reject", "decline") or (action == "approve" and self.is_decision()):
            help_text = _(
                "This comment is sent word for word to the institution, in the email that "
                "tells it of this decision."
            )
        else:
            help_text = _("This comment stays internal: the institution does not see it.")

        class CommentForm(TaskStateCommentForm):
            def __init__(self, *args, **kwargs):
                # home.forms loads Wagtail's admin forms: not while models load.
                from home.forms import state_limits  # noqa: PLC0415

                super().__init__(*args, **kwargs)
                comment = self.fields["comment"]
                comment.help_text = help_text
                # Sent in emails, kept in the history: bounded like every free text.
                comment.max_length = TASK_COMMENT_MAX_LENGTH
                comment.widget.attrs["maxlength"] = str(TASK_COMMENT_MAX_LENGTH)
                comment.validators.append(MaxLengthValidator(TASK_COMMENT_MAX_LENGTH))
                state_limits(self)

        return CommentForm

    def on_action(self, task_state, user, action_name, **kwargs):
        from . import services  # noqa: PLC0415 (host_applications.services imports this module)

        # One transaction holding the step's lock: a decision taken at the same moment by
        # another reviewer is refused rather than recorded twice.
        with transaction.atomic():
            task_state = services.lock_for_decision(task_state=task_state, action_name=action_name)
            if action_name == "decline":
                return services.decline_application(
                    task_state=task_state, user=user, comment=kwargs.get("comment", "")
                )
            return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups screen or decide on host candidatures: approve, "
            "request changes or reject."
        )

    class Meta:
        verbose_name = _("candidature review task")
        verbose_name_plural = _("candidature review tasks")
