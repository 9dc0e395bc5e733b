"""Communities of practice: their pages, sessions and deliverables, registrations and draws."""

import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
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
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from caching import tag
from home.blocks import BodyBlock
from home.choices import Region
from home.formatting import format_date, format_time
from home.models import BasePage
from home.routes import TranslatedRoutesMixin, translated_regex
from home.services import site_url
from home.structured_data import event, place

# Sessions are set in Québec time, wherever the server runs.
SESSION_TIME_ZONE = ZoneInfo("America/Toronto")
RICH_TEXT_FEATURES = ["h3", "bold", "italic", "link", "ol", "ul"]
TOKEN_PATTERN = r"[A-Za-z0-9_-]{20,100}"
# The calendar file's name in addresses (config/urls.py translates the same string).
CALENDAR_FILE = _("sessions.ics")


class CommunityKind(models.TextChoices):
    PRACTICE = "practice", _("Community of practice")
    VIRTUAL = "virtual", _("Virtual community of practice")
    CODEVELOPMENT = "codevelopment", _("Co-development group")


class SchoolLevel(models.TextChoices):
    PRESCHOOL_PRIMARY = "preschool-primary", _("Preschool and primary")
    SECONDARY = "secondary", _("Secondary")
    VOCATIONAL = "vocational", _("Vocational training")
    ADULT = "adult", _("Adult general education")
    ENGLISH = "english", _("English-language sector")


class AudienceRole(models.TextChoices):
    LIBRARIAN = "librarian", _("Librarian")
    TEACHER = "teacher", _("Teacher")
    DAYCARE = "daycare", _("Daycare educator")
    PRINCIPAL = "principal", _("Principal")
    ADVISOR = "advisor", _("Pedagogical advisor")
    PARENT = "parent", _("Parent")
    FACILITATOR = "facilitator", _("Facilitator or socio-cultural worker")
    ARCHITECT = "architect", _("Architect")
    OTHER = "other", _("Other")


class MeetingMode(models.TextChoices):
    VIDEOCONFERENCE = "videoconference", _("Videoconference")
    IN_PERSON = "in-person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


class SelectionMethod(models.TextChoices):
    FIRST_COME = "first-come", _("First come, first served")
    DRAW = "draw", _("Draw at closing")


class DeliverableStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in-progress", _("In progress")
    PUBLISHED = "published", _("Published")


class ChoiceListField(models.JSONField):
    """Several choices from a fixed list, stored as a JSON list of codes.

    The lists are short and the index filters in Python (a community's registration status
    is computed anyway), so a join table would buy nothing.
    """

    choices_class = None

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.choices_class.choices,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
        )

    def labels(self, values):
        by_code = dict(self.choices_class.choices)
        return [by_code[code] for code in self.choices_class.values if code in (values or [])]


class SchoolLevelsField(ChoiceListField):
    choices_class = SchoolLevel


class AudienceRolesField(ChoiceListField):
    choices_class = AudienceRole


class CommunityIndexPage(BasePage):
    """/communautes/: every community, with filters, and the privacy notice they share."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    privacy_notice = RichTextField(
        _("privacy notice"),
        features=RICH_TEXT_FEATURES,
        help_text=_(
            "Shown above every registration form: why the information is collected, who sees "
            "it, how long it is kept. The retention period set for the site is added below it."
        ),
    )
    privacy_contact = models.EmailField(_("privacy officer's email"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("privacy_notice"), FieldPanel("privacy_contact")],
            heading=_("Privacy (Law 25)"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["communities.CommunityPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("communities index")
        verbose_name_plural = _("communities indexes")

    def get_communities(self):
        tag(CommunityPage, locale=self.locale_id)
        return CommunityPage.objects.child_of(self).live().public().order_by("path")

    def get_context(self, request, *args, **kwargs):
        from .services import community_listing  # noqa: PLC0415 (communities.services imports this module)

        context = super().get_context(request, *args, **kwargs)
        context.update(community_listing(communities=self.get_communities(), params=request.GET))
        return context


class CommunityPage(TranslatedRoutesMixin, BasePage):
    kind = models.CharField(_("kind"), max_length=20, choices=CommunityKind.choices)
    theme = models.CharField(_("theme"), max_length=255, blank=True)
    intro = models.TextField(_("summary"), help_text=_("One or two sentences for the listing."))
    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES)
    objectives = RichTextField(_("objectives"), blank=True, features=RICH_TEXT_FEATURES)
    audience_roles = AudienceRolesField(_("who it is for"), default=list)
    audience_note = models.CharField(
        _("about who it is for"),
        max_length=255,
        blank=True,
        help_text=_("For example: at least two members of the school team, and the principal."),
    )
    school_levels = SchoolLevelsField(_("school levels"), default=list)
    mode = models.CharField(
        _("meeting mode"),
        max_length=20,
        choices=MeetingMode.choices,
        default=MeetingMode.VIDEOCONFERENCE,
    )
    capacity_min = models.PositiveSmallIntegerField(
        _("minimum participants"), null=True, blank=True
    )
    capacity_max = models.PositiveSmallIntegerField(
        _("maximum participants"),
        null=True,
        blank=True,
        help_text=_("Seats offered. Leave empty while the number is not decided."),
    )
    waitlist_enabled = models.BooleanField(
        _("keep a waitlist"),
        default=True,
        help_text=_("When the seats are taken, people can still register and wait for a seat."),
    )
    work_between_sessions = RichTextField(
        _("work between sessions"), blank=True, features=RICH_TEXT_FEATURES
    )
    release_time = RichTextField(
        _("release time for staff"), blank=True, features=RICH_TEXT_FEATURES
    )
    funding = RichTextField(
        _("budget measures for replacements"), blank=True, features=RICH_TEXT_FEATURES
    )
    registration_opens_at = models.DateTimeField(_("registration opens at"))
    registration_closes_at = models.DateTimeField(_("registration closes at"))
    selection_method = models.CharField(
        _("selection method"),
        max_length=20,
        choices=SelectionMethod.choices,
        default=SelectionMethod.FIRST_COME,
    )
    selection_note = models.CharField(
        _("about the selection"),
        max_length=255,
        blank=True,
        help_text=_("For example: a draw among the relevant projects if too many apply."),
    )
    reminder_hours = models.PositiveSmallIntegerField(
        _("send the meeting link … hours before each session"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(336)],
        help_text=_(
            "Confirmed participants receive the link and an invitation once (at most 336 hours)."
        ),
    )
    contact_email = models.EmailField(
        _("facilitators' email"),
        blank=True,
        help_text=_("Replies to the emails participants receive go here."),
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("mode")]),
        FieldPanel("theme"),
        FieldPanel("intro"),
        FieldPanel("description"),
        FieldPanel("objectives"),
        MultiFieldPanel(
            [
                FieldPanel("audience_roles"),
                FieldPanel("audience_note"),
                FieldPanel("school_levels"),
            ],
            heading=_("Who it is for"),
        ),
        InlinePanel("facilitators", label=_("Facilitator"), heading=_("Facilitators")),
        FieldPanel("work_between_sessions"),
        InlinePanel("deliverables", label=_("Deliverable"), heading=_("Deliverables")),
        MultiFieldPanel(
            [FieldPanel("release_time"), FieldPanel("funding")],
            heading=_("Practical information"),
        ),
    ]
    sessions_panels = [
        FieldPanel("reminder_hours"),
        InlinePanel("sessions", label=_("Session"), heading=_("Sessions")),
    ]
    registration_panels = [
        FieldRowPanel(
            [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")],
            heading=_("Registration window"),
        ),
        FieldRowPanel([FieldPanel("capacity_min"), FieldPanel("capacity_max")]),
        FieldPanel("waitlist_enabled"),
        FieldPanel("selection_method"),
        FieldPanel("selection_note"),
        InlinePanel(
            "reserved_seats",
            label=_("Reserved seats"),
            heading=_("Seats reserved per school level (draw only)"),
        ),
        FieldPanel("contact_email"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(sessions_panels, heading=_("Sessions")),
            ObjectList(registration_panels, heading=_("Registration")),
            ObjectList(BasePage.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("theme"),
        index.SearchField("intro"),
        index.SearchField("description"),
        index.SearchField("objectives"),
    ]
    # The meeting link and registrations are never part of the API.
    api_fields = [
        APIField("kind"),
        APIField("theme"),
        APIField("intro"),
        APIField("description"),
        APIField("objectives"),
        APIField("school_levels"),
        APIField("audience_roles"),
        APIField("mode"),
        APIField("capacity_min"),
        APIField("capacity_max"),
        APIField("registration_opens_at"),
        APIField("registration_closes_at"),
        APIField("selection_method"),
    ]

    parent_page_types = ["communities.CommunityIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("community of practice")
        verbose_name_plural = _("communities of practice")

    def clean(self):
        super().clean()

        errors = {}
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if self.capacity_min and self.capacity_max and self.capacity_min > self.capacity_max:
            errors["capacity_max"] = _("The maximum cannot be smaller than the minimum.")
        else:
            from .services import capacity_problem  # noqa: PLC0415 (communities.services imports this module)

            problem = capacity_problem(community=self, capacity=self.capacity_max)
            if problem:
                errors["capacity_max"] = problem
        if errors:
            raise ValidationError(errors)

    @cached_property
    def school_level_labels(self):
        return self._meta.get_field("school_levels").labels(self.school_levels)

    @cached_property
    def audience_role_labels(self):
        return self._meta.get_field("audience_roles").labels(self.audience_roles)

    def get_sessions(self):
        return self.sessions.order_by("date", "start_time", "sort_order")

    def structured_data(self, *, request, organizer, sessions=()):
        """Each session the page lists as a schema.org Event: at its place when it has one,
        online (this page, never the private meeting link) when the community meets so."""
        url = site_url(self.get_url(request))
        online = self.mode in (MeetingMode.VIDEOCONFERENCE, MeetingMode.HYBRID)
        return [
            event(
                name=f"{self.title} — {session.topic}" if session.topic else self.title,
                start=session.starts_at,
                end=session.ends_at,
                url=url,
                organizer=organizer,
                places=[place(name=session.location)] if session.location else [],
                online_url=url if online else "",
                description=self.search_description or self.intro,
            )
            for session in sessions
        ]

    def get_calendar_url(self, request=None):
        # Served by communities.views: Wagtail's page routes all end with a slash.
        return f"{self.get_url(request)}{self.in_own_language(CALENDAR_FILE)}"

    def get_context(self, request, *args, **kwargs):
        from .services import community_summary  # noqa: PLC0415 (communities.services imports this module)

        context = super().get_context(request, *args, **kwargs)
        context.update(community_summary(community=self))
        return context

    @path("")
    def community(self, request):
        return self.render(request)

    # Routes name their views by import string: a model module imports no view.
    @path(_("registration/"), name="register")
    def register(self, request):
        return import_string("communities.views.register_view")(request, community=self)

    @re_path(
        translated_regex(rf"^%s(?P<token>{TOKEN_PATTERN})/$", _("registration/")),
        name="registration",
    )
    def registration(self, request, token):
        return import_string("communities.views.registration_view")(
            request, community=self, token=token
        )


class CommunityFacilitator(Orderable):
    community = ParentalKey(CommunityPage, on_delete=models.CASCADE, related_name="facilitators")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    panels = [FieldPanel("name"), FieldRowPanel([FieldPanel("role"), FieldPanel("organisation")])]

    class Meta(Orderable.Meta):
        verbose_name = _("facilitator")
        verbose_name_plural = _("facilitators")

    def __str__(self):
        return self.name


class CommunitySession(Orderable):
    community = ParentalKey(CommunityPage, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    topic = models.CharField(_("topic"), max_length=255, blank=True)
    location = models.CharField(
        _("location"),
        max_length=255,
        blank=True,
        help_text=_(
            "Leave empty for a videoconference, or while the place of an in-person meeting "
            "is not confirmed."
        ),
    )
    meeting_url = models.URLField(
        _("meeting link"),
        blank=True,
        help_text=_("Private: sent to confirmed participants only, before the session."),
    )

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("topic"),
        FieldRowPanel([FieldPanel("location"), FieldPanel("meeting_url")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):  # shown in the admin (inspect views, exports): the reader's style
        return f"{format_date(self.date)}, {format_time(self.start_time)}"

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("A session must end after it starts.")})

    @property
    def starts_at(self):
        return datetime.datetime.combine(self.date, self.start_time, SESSION_TIME_ZONE)

    @property
    def ends_at(self):
        return datetime.datetime.combine(self.date, self.end_time, SESSION_TIME_ZONE)

    @property
    def is_videoconference(self):
        return not self.location


class Deliverable(Orderable):
    community = ParentalKey(CommunityPage, on_delete=models.CASCADE, related_name="deliverables")
    title = models.CharField(_("milestone"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    target_date = models.DateField(_("target date"))
    target_label = models.CharField(
        _("target, in words"),
        max_length=100,
        blank=True,
        help_text=_("Shown instead of the date, for example “spring 2027”."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DeliverableStatus.choices,
        default=DeliverableStatus.PLANNED,
    )
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Once it is published."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("target_date"), FieldPanel("target_label")]),
        FieldRowPanel([FieldPanel("status"), FieldPanel("document")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")

    def __str__(self):
        return self.title


class ReservedSeats(Orderable):
    community = ParentalKey(CommunityPage, on_delete=models.CASCADE, related_name="reserved_seats")
    school_level = models.CharField(_("school level"), max_length=20, choices=SchoolLevel.choices)
    seats = models.PositiveSmallIntegerField(_("seats"))

    panels = [FieldRowPanel([FieldPanel("school_level"), FieldPanel("seats")])]

    class Meta(Orderable.Meta):
        verbose_name = _("reserved seats")
        verbose_name_plural = _("reserved seats")

    def __str__(self):
        return f"{self.get_school_level_display()}: {self.seats}"


class RegistrationState(models.TextChoices):
    PENDING = "pending", _("Registered, waiting for the draw")
    SELECTED = "selected", _("Seat offered, to confirm")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Seat declined")
    NOT_SELECTED = "not-selected", _("Not retained")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    @classmethod
    def active(cls):
        """States in which a person still counts as registered."""
        return [cls.PENDING, cls.SELECTED, cls.WAITLISTED, cls.CONFIRMED]

    @classmethod
    def holding_seat(cls):
        return [cls.SELECTED, cls.CONFIRMED]


class ConsentMethod(models.TextChoices):
    FORM = "form", _("On the registration form")
    PHONE = "phone", _("By phone, to a facilitator")


class Registration(models.Model):
    """A person's intent to join a community, and where it stands."""

    community = models.ForeignKey(
        CommunityPage,
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=RegistrationState.choices, editable=False
    )
    # The private link's token is derived from this salt and SECRET_KEY, so every email can
    # carry it; only its hash is stored for lookups.
    token_salt = models.CharField(max_length=32, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=10, default="fr-ca", editable=False)
    eligible = models.BooleanField(
        _("eligible"),
        null=True,
        blank=True,
        help_text=_("Is the project relevant to this community? Only eligible people are drawn."),
    )
    waitlist_position = models.PositiveIntegerField(
        _("waitlist position"), null=True, blank=True, editable=False
    )
    submitted_at = models.DateTimeField(_("registered at"), editable=False)
    consented_at = models.DateTimeField(_("consent given at"), editable=False)
    # Someone who phoned gives consent to the facilitator who takes the call: say so, and who.
    consent_method = models.CharField(
        _("consent given"),
        max_length=10,
        choices=ConsentMethod.choices,
        default=ConsentMethod.FORM,
        editable=False,
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    moved_from = models.OneToOneField(
        "self",
        verbose_name=_("moved from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moved_to",
        editable=False,
        help_text=_("The registration in another community this one replaces."),
    )
    state_changed_at = models.DateTimeField(_("state changed at"), editable=False)
    # When a repeat registration last sent the private link again: at most once an hour.
    link_resent_at = models.DateTimeField(
        _("private link resent at"), null=True, blank=True, editable=False
    )
    personal_data_purged_at = models.DateTimeField(
        _("personal data removed at"), null=True, blank=True, editable=False
    )

    # What the person told us.
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=AudienceRole.choices)
    organisation = models.CharField(_("school or school service centre"), max_length=255)
    region = models.CharField(_("administrative region"), max_length=2, choices=Region.choices)
    school_level = models.CharField(_("school level"), max_length=20, choices=SchoolLevel.choices)
    # Free text has a limit the form states (copied into emails and exports).
    project = models.TextField(_("project or question you bring"), max_length=3000)
    colleagues = models.TextField(
        _("colleagues from the same school team"), blank=True, max_length=1000
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["submitted_at", "pk"]
        permissions = [("run_lottery", "Can run a community's draw")]
        constraints = [
            # One standing registration per person and community, whatever reaches the database.
            models.UniqueConstraint(
                fields=["community", "email"],
                condition=Q(
                    state__in=["pending", "selected", "waitlisted", "confirmed"],
                    personal_data_purged_at__isnull=True,
                ),
                name="one_active_registration_per_email",
            ),
        ]
        indexes = [models.Index(fields=["community", "state"], name="registration_state_idx")]

    def __str__(self):
        return f"{self.name} · {self.community.title}"

    @property
    def is_active(self):
        return self.state in RegistrationState.active()


class Lottery(models.Model):
    """A draw, stored so that anyone can replay it: same seed and eligible list, same order."""

    community = models.OneToOneField(
        CommunityPage,
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="lottery",
    )
    seed = models.BigIntegerField(_("seed"))
    ran_at = models.DateTimeField(_("run at"))
    ran_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    seats = models.PositiveSmallIntegerField(_("seats"))
    applicants = models.PositiveIntegerField(_("registrations"))
    eligible_ids = models.JSONField(_("eligible registrations"), default=list)
    order = models.JSONField(_("draw order"), default=list)
    winner_ids = models.JSONField(_("selected registrations"), default=list)
    reserved = models.JSONField(_("reserved seats"), default=dict)

    class Meta:
        verbose_name = _("draw")
        verbose_name_plural = _("draws")

    def __str__(self):
        return f"{self.community.title} · {self.ran_at:%Y-%m-%d %H:%M}"


class SessionReminder(models.Model):
    """The meeting link sent to one participant for one session: the row makes it once only."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="reminders"
    )
    session = models.ForeignKey(CommunitySession, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("session reminder")
        verbose_name_plural = _("session reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="one_reminder_per_session"
            )
        ]

    def __str__(self):
        return f"{self.registration_id} · {self.session_id}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class Attendance(models.Model):
    """Whether one participant came to one session, as a facilitator marked it."""

    session = models.ForeignKey(
        CommunitySession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"], name="one_attendance_per_session"
            )
        ]

    def __str__(self):
        return f"{self.registration_id} · {self.session_id}: {self.status}"
