"""The NPS maturity matrix as data, and the rounds and assessments councils make against it."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator
from simple_history.models import HistoricalRecords

from assessments.scoring import LEVEL_NAMES, SCALES, Scale

# Caps on what people type (README, "Size caps"): room for any real answer, while no one answer
# can slow every page, export and PDF report that shows it. Forms refuse longer text at the field.
GUIDANCE_MAX_LENGTH = 5_000  # the framework's wording: key areas, statements, descriptors
EVIDENCE_TEXT_MAX_LENGTH = 10_000
EVIDENCE_LINKS_MAX_LENGTH = 5_000
COMMENT_MAX_LENGTH = 2_000  # the lead's comment when returning an assessment
ACTION_WHAT_MAX_LENGTH = 500
ACTION_OWNER_MAX_LENGTH = 150


class Level(models.IntegerChoices):
    MINIMUM = 1, LEVEL_NAMES[1]
    DEVELOPING = 2, LEVEL_NAMES[2]
    MATURE = 3, LEVEL_NAMES[3]
    LEADER = 4, LEVEL_NAMES[4]
    INNOVATOR = 5, LEVEL_NAMES[5]


class Framework(models.Model):
    """One published version of a framework: the NPS matrix (such as NPS 2022), the Cabinet
    Office's CCIAF or the National Procurement Policy Statement's priorities."""

    class Family(models.TextChoices):
        NPS = "nps", "National Procurement Strategy"
        CCIAF = "cciaf", "Commercial Continuous Improvement Assessment Framework"
        NPPS = "npps", "National Procurement Policy Statement"

    name = models.CharField(max_length=100, unique=True, help_text="For example NPS 2022.")
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(
        max_length=200, blank=True, help_text="For example From good to great."
    )
    year = models.PositiveSmallIntegerField()
    is_current = models.BooleanField(default=False)
    family = models.CharField(max_length=10, choices=Family.choices, default=Family.NPS)
    description = models.TextField(
        blank=True, max_length=GUIDANCE_MAX_LENGTH, help_text="What the framework is for."
    )
    is_draft = models.BooleanField(
        default=False,
        help_text="Drafted by the project from the published structure, until the official text "
        "is imported.",
    )

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_framework"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def scale(self) -> Scale:
        """The levels this framework's statements are described at."""
        return SCALES[self.family]

    @property
    def is_assessed(self) -> bool:
        """Whether councils answer this framework in rounds; the others are seen through
        mappings."""
        return self.family == self.Family.NPS


class Theme(models.Model):
    """A theme of the matrix, or an enabler (a theme of kind "enabler")."""

    class Kind(models.TextChoices):
        THEME = "theme", "Theme"
        ENABLER = "enabler", "Enabler"

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="themes")
    key = models.SlugField(max_length=100, help_text="Stable key, kept when the name changes.")
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.THEME)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "key"], name="theme_key_unique_in_framework"
            )
        ]

    def __str__(self):
        return self.name


class KeyArea(models.Model):
    """A row of the matrix under a theme, such as Engaging councillors."""

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="key_areas")
    key = models.SlugField(max_length=100, help_text="Stable key, kept when the name changes.")
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True, max_length=GUIDANCE_MAX_LENGTH)
    what_it_is = models.TextField("What it is", blank=True, max_length=GUIDANCE_MAX_LENGTH)
    why_it_is_important = models.TextField(
        "Why it is important", blank=True, max_length=GUIDANCE_MAX_LENGTH
    )
    order = models.PositiveSmallIntegerField(default=0)
    is_draft_wording = models.BooleanField(
        default=False, help_text="Written by the project until the LGA's own text replaces it."
    )

    class Meta:
        ordering = ["theme__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "key"], name="key_area_key_unique_in_theme")
        ]

    def __str__(self):
        return self.name


class Statement(models.Model):
    """A high-level principle and specific behaviour of a key area, described at five levels."""

    key_area = models.ForeignKey(KeyArea, on_delete=models.PROTECT, related_name="statements")
    code = models.CharField(max_length=20, help_text="Short code, for example SL1.1.")
    text = models.TextField(
        blank=True,
        max_length=GUIDANCE_MAX_LENGTH,
        help_text="The principle, where the matrix names one.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    is_retired = models.BooleanField(
        default=False, help_text="Retired statements keep their answers but are no longer asked."
    )

    class Meta:
        ordering = ["key_area__theme__order", "key_area__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["key_area", "code"], name="statement_code_unique")
        ]

    def __str__(self):
        return f"{self.code} {self.key_area.name}"

    @property
    def label(self) -> str:
        """The statement in words people know: its principle, else its key area's name."""
        # NPS 2022 has one statement a key area, without text. Codes are for LGA staff editing
        # the matrix, never for councils (decision 0008).
        return self.text or self.key_area.name

    @property
    def short_label(self) -> str:
        """The label cut to a dozen words, for error messages and captions."""
        return Truncator(self.label).words(12)


class Descriptor(models.Model):
    """What a statement looks like at one level."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="descriptors")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    text = models.TextField(max_length=GUIDANCE_MAX_LENGTH)

    class Meta:
        ordering = ["statement", "level"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "level"], name="one_descriptor_per_level"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="descriptor_level_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.statement.code} {self.get_level_display()}"


# Rounds and assessments: one council's self-assessment against a framework in one round.


def evidence_upload_to(instance, filename):
    """A random name under evidence/: the person's file name is kept only in the database."""
    return f"evidence/{uuid.uuid4().hex}"


class Round(models.Model):
    """An assessment round that LGA staff open, such as 2026/27."""

    name = models.CharField(max_length=20, unique=True, help_text="For example 2026/27.")
    slug = models.SlugField(max_length=20, unique=True, help_text="For example 2026-27.")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="rounds")
    opens_on = models.DateField()
    closes_on = models.DateField(help_text="The last day councils can change their assessment.")
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When LGA staff closed the round: nobody changes it after."
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="round_closes_after_it_opens"
            )
        ]

    def __str__(self):
        return self.name

    def is_open_on(self, day) -> bool:
        """Open to every council (a council with an extension: `round_is_open_for`)."""
        return self.closed_at is None and self.opens_on <= day <= self.closes_on

    @property
    def is_open(self) -> bool:
        return self.is_open_on(timezone.localdate())


class Assessment(models.Model):
    """One council's self-assessment in one round, from draft to sign-off."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned"

    council = models.ForeignKey(
        "npsportal.Council", on_delete=models.PROTECT, related_name="assessments"
    )
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    prefilled_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    return_comment = models.TextField(blank=True, max_length=COMMENT_MAX_LENGTH)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-round__opens_on", "council__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "round"], name="one_assessment_per_council_per_round"
            )
        ]

    def __str__(self):
        return f"{self.council} {self.round}"

    @property
    def is_awaiting_sign_off(self) -> bool:
        # Once LGA staff close the round, nobody signs off what is left submitted.
        return self.status == self.Status.SUBMITTED and self.round.closed_at is None

    @property
    def status_tag(self) -> dict[str, str]:
        """The status as a GOV.UK tag's text and colour."""
        return {"text": self.get_status_display(), "colour": STATUS_COLOURS[self.status]}


# The colour of each status's tag, on every page that shows an assessment's status.
STATUS_COLOURS = {
    Assessment.Status.DRAFT: "grey",
    Assessment.Status.SUBMITTED: "blue",
    Assessment.Status.APPROVED: "green",
    Assessment.Status.RETURNED: "orange",
}
# What a person answers for a statement, in the page's order, each with the label that shows
# where two people's saves differ: forms, saving, carrying forward and conflicts all read it.
ANSWER_FIELDS = {
    "current_level": "Current level",
    "agreed_reason": "Why this level was agreed",
    "target_level": "Target level",
    "target_date": "Target date",
    "confidence": "Confidence",
    "evidence_text": "Evidence",
    "evidence_links": "Links to evidence",
}


class Answer(models.Model):
    """A council's rating of one statement in one assessment."""

    class Confidence(models.TextChoices):
        SELF_VIEW = "self_view", "Self-view"
        EVIDENCED = "evidenced", "Supported by evidence"
        INDEPENDENTLY_CHECKED = "checked", "Independently checked"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="answers")
    current_level = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)
    target_level = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    confidence = models.CharField(max_length=10, choices=Confidence.choices, blank=True)
    evidence_text = models.TextField("Evidence", blank=True, max_length=EVIDENCE_TEXT_MAX_LENGTH)
    evidence_links = models.TextField(
        blank=True, max_length=EVIDENCE_LINKS_MAX_LENGTH, help_text="One web address a line."
    )
    agreed_reason = models.TextField(
        "Why this level was agreed",
        blank=True,
        max_length=COMMENT_MAX_LENGTH,
        help_text="Needed where colleagues' views are two levels or more apart.",
    )
    needs_review = models.BooleanField(
        default=False, help_text="Carried forward from the previous assessment and not yet saved."
    )
    partly_carried = models.BooleanField(
        default=False,
        help_text="Carried from another framework through a link that covers only part of the "
        "statement, and not yet saved.",
    )
    # Optimistic locking: a save made over an older version is refused.
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = [
            "statement__key_area__theme__order",
            "statement__key_area__order",
            "statement__order",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "statement"], name="one_answer_per_statement"
            ),
            models.CheckConstraint(
                condition=Q(current_level__isnull=True)
                | Q(current_level__gte=1, current_level__lte=5),
                name="answer_current_level_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(target_level__isnull=True)
                | Q(target_level__gte=1, target_level__lte=5),
                name="answer_target_level_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.assessment}: {self.statement.code}"

    @classmethod
    def blank(cls, name: str) -> str | None:
        """What an answer field holds when left empty: "" for text, None for levels and dates."""
        return "" if cls._meta.get_field(name).empty_strings_allowed else None

    @property
    def links(self) -> list[str]:
        return [line.strip() for line in self.evidence_links.splitlines() if line.strip()]


class Evidence(models.Model):
    """A file uploaded as evidence for an answer, stored under a random name."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence_files")
    file = models.FileField(upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    carried_forward = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.original_name


class Action(models.Model):
    """An improvement action a council plans for a statement."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(max_length=ACTION_WHAT_MAX_LENGTH)
    owner = models.CharField(max_length=ACTION_OWNER_MAX_LENGTH)
    due_on = models.DateField("Due date")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    carried_forward = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.what


class RoundExtension(models.Model):
    """A later close for one council in a round, granted by LGA staff with a reason."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="extensions")
    council = models.ForeignKey(
        "npsportal.Council", on_delete=models.CASCADE, related_name="round_extensions"
    )
    closes_on = models.DateField(help_text="The council's last day to change its assessment.")
    reason = models.TextField(max_length=COMMENT_MAX_LENGTH)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["council__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "council"], name="one_extension_per_council_per_round"
            )
        ]

    def __str__(self):
        return f"{self.council} {self.round} until {self.closes_on}"


class ReportBuild(models.Model):
    """Every council's progress report for a round, laid out by background tasks."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="report_builds")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    archive = models.FileField(upload_to="report-builds/", blank=True, max_length=200)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.round} reports requested {self.requested_at:%Y-%m-%d %H:%M}"


class ReportFailure(models.Model):
    """An assessment whose report a build could not lay out, and why, in words for LGA staff."""

    build = models.ForeignKey(ReportBuild, on_delete=models.CASCADE, related_name="failures")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=200)
    failed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assessment__council__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["build", "assessment"], name="one_failure_per_report_per_build"
            )
        ]

    def __str__(self):
        return f"{self.assessment}: {self.reason}"


class LaidOutReport(models.Model):
    """An assessment's progress report as last laid out, kept so downloads need no layout."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="laid_out_report"
    )
    file = models.FileField(upload_to="reports/", max_length=200)
    laid_out_at = models.DateTimeField(default=timezone.now)
    build = models.ForeignKey(
        ReportBuild, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )

    def __str__(self):
        return f"Report of {self.assessment}"


class KeyAreaAssignment(models.Model):
    """A key area of an assessment handed to a colleague, with a due date and how far it has got."""

    class State(models.TextChoices):
        ASSIGNED = "assigned", "Assigned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="assignments")
    key_area = models.ForeignKey(KeyArea, on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="key_area_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    due_on = models.DateField("Due date")
    state = models.CharField(max_length=20, choices=State.choices, default=State.ASSIGNED)
    comment = models.TextField(
        blank=True, max_length=COMMENT_MAX_LENGTH, help_text="What the officer asked to change."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["key_area__theme__order", "key_area__order", "assignee__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "key_area", "assignee"],
                name="one_assignment_per_person_per_key_area",
            )
        ]

    def __str__(self):
        return f"{self.key_area} for {self.assignee} ({self.assessment})"


class StatementView(models.Model):
    """One person's own view of a statement: a level, a comment and evidence, before agreeing."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="views")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="statement_views"
    )
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    comment = models.TextField(blank=True, max_length=COMMENT_MAX_LENGTH)
    evidence = models.TextField(blank=True, max_length=EVIDENCE_TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["statement__order", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "statement", "person"],
                name="one_view_per_person_per_statement",
            )
        ]

    def __str__(self):
        return f"{self.person}'s view of {self.statement.code} ({self.assessment})"


class Reminder(models.Model):
    """A reminder that fell due for one person: recorded once, so it is emailed at most once."""

    # What it is about and which milestone, e.g. "assignment-due-in-3-days:12:7".
    key = models.CharField(max_length=200, unique=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_due"
    )
    text = models.CharField(max_length=300)
    link = models.CharField(max_length=300, blank=True)
    # Essential: something overdue, or a round about to close. People cannot turn these off.
    essential = models.BooleanField(default=False)
    fell_due_on = models.DateField()
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["fell_due_on", "pk"]

    def __str__(self):
        return self.text


# Mappings: how the statements of two frameworks relate, so one set of answers serves several.


class Mapping(models.Model):
    """The links between the statements of two frameworks, such as NPS 2022 to CCIAF."""

    source = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="mappings_from")
    target = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="mappings_to")
    is_draft = models.BooleanField(
        default=True, help_text="Drafted by the project, until LGA staff have checked it."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source__name", "target__name"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="one_mapping_per_pair"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="mapping_joins_two_frameworks"
            ),
        ]

    def __str__(self):
        return f"{self.source} to {self.target}"


class MappingLink(models.Model):
    """One link of a mapping: the source statement is the same as, part of, contains or
    overlaps the target statement."""

    class Relation(models.TextChoices):
        SAME = "same", "The same as"
        PART_OF = "part_of", "Part of"
        CONTAINS = "contains", "Contains"
        OVERLAPS = "overlaps", "Overlaps"

    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="links")
    source = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="+")
    relation = models.CharField(max_length=10, choices=Relation.choices)
    note = models.TextField(blank=True, max_length=GUIDANCE_MAX_LENGTH)

    class Meta:
        ordering = ["source__key_area__theme__order", "source__key_area__order", "source__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["mapping", "source", "target"], name="one_link_per_statement_pair"
            )
        ]

    def __str__(self):
        return f"{self.source.code} {self.get_relation_display().lower()} {self.target.code}"


class RegardRecord(models.Model):
    """How a council had regard to one priority of the National Procurement Policy Statement,
    and its reasons for any departure, kept with its assessment."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="regard_records"
    )
    # A key area of a framework of the NPPS family: one priority.
    priority = models.ForeignKey(KeyArea, on_delete=models.PROTECT, related_name="+")
    how_considered = models.TextField(
        "How the council considered it", max_length=EVIDENCE_TEXT_MAX_LENGTH
    )
    departure = models.TextField(
        "Reasons for any departure", blank=True, max_length=EVIDENCE_TEXT_MAX_LENGTH
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["priority__theme__order", "priority__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "priority"], name="one_regard_record_per_priority"
            )
        ]

    def __str__(self):
        return f"{self.assessment}: {self.priority}"


class OpenDataRelease(models.Model):
    """A round's anonymised national dataset, published under the Open Government Licence: levels
    by key area by kind of council and region, groups of fewer than five suppressed."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="open_data_releases")
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data = models.FileField(upload_to="open-data/", max_length=200)
    metadata = models.FileField(upload_to="open-data/", max_length=200)
    rows = models.PositiveIntegerField(default=0)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at"]

    def __str__(self):
        return f"{self.round} open data ({self.published_at:%Y-%m-%d})"
