"""National category strategies, the consultations on them and the responses people send."""

import secrets
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from simple_history.models import HistoricalRecords

from npsportal.models import Council

# Caps on free text (docs: README "Size caps"). Forms say so in words; the models hold the same
# numbers so the admin and any other door refuse longer text too.
MAX_SUMMARY = 2_000
MAX_MARKDOWN = 50_000
MAX_LIST = 5_000
MAX_ANSWER = 5_000
MAX_OUTCOME = 20_000


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class CategoryStrategy(models.Model):
    """A national strategy for buying one category of goods or services, such as ICT."""

    class Category(models.TextChoices):
        ICT = "ict", "ICT and digital"
        ENERGY = "energy", "Energy"
        CONSTRUCTION = "construction", "Construction"
        SOCIAL_CARE = "social_care", "Social care"
        WASTE = "waste", "Waste"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_CONSULTATION = "in_consultation", "In consultation"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    summary = models.TextField(
        max_length=MAX_SUMMARY, help_text="One or two paragraphs shown in lists."
    )
    body = models.TextField(
        max_length=MAX_MARKDOWN, blank=True, help_text="Markdown. Scripts and styles are removed."
    )
    key_recommendations = models.TextField(
        max_length=MAX_LIST, blank=True, help_text="One recommendation per line, shown as a list."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.CharField(max_length=50, blank=True, help_text="For example 1.0 or Draft.")
    published_on = models.DateField(null=True, blank=True)
    related_key_areas = models.ManyToManyField(
        "assessments.KeyArea",
        blank=True,
        related_name="category_strategies",
        help_text="Key areas of the matrix this strategy bears on.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "category strategies"

    def __str__(self):
        return self.title

    @property
    def recommendation_list(self) -> list[str]:
        return _lines(self.key_recommendations)


def document_path(instance, filename: str) -> str:
    """A random name, so stored names reveal nothing and cannot be guessed."""
    extension = Path(filename).suffix.lower()[:6]
    return f"strategies/documents/{secrets.token_hex(16)}{extension}"


class StrategyDocument(models.Model):
    """A PDF or Word document attached to a strategy, stored under a random name."""

    strategy = models.ForeignKey(
        CategoryStrategy, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=document_path)
    original_name = models.CharField(max_length=255, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["strategy", "title"]

    def __str__(self):
        return self.title


class Consultation(models.Model):
    """A consultation on a strategy, open between two moments stored in UTC."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        FORTHCOMING = "forthcoming", "Forthcoming"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        OUTCOME_PUBLISHED = "outcome_published", "Outcome published"

    strategy = models.ForeignKey(
        CategoryStrategy, on_delete=models.PROTECT, related_name="consultations"
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(
        max_length=MAX_MARKDOWN, help_text="Markdown: what the consultation is about."
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    contact_email = models.EmailField()
    is_draft = models.BooleanField(
        default=True, help_text="Draft consultations are hidden from the public."
    )
    outcome = models.TextField(
        max_length=MAX_OUTCOME,
        blank=True,
        help_text="Markdown: what you said, what we did. Shown once published.",
    )
    outcome_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-closes_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_it_opens",
            )
        ]

    def __str__(self):
        return self.title

    def state_at(self, moment) -> str:
        """The consultation's state at a moment: it follows the clock and is never stored."""
        if self.is_draft:
            return self.State.DRAFT
        if moment < self.opens_at:
            return self.State.FORTHCOMING
        if moment < self.closes_at:
            return self.State.OPEN
        if self.outcome_published_at:
            return self.State.OUTCOME_PUBLISHED
        return self.State.CLOSED

    @property
    def state(self) -> str:
        return self.state_at(timezone.now())

    def get_state_display(self) -> str:
        return self.State(self.state).label


class Question(models.Model):
    """A question of a consultation: free text, or a choice among listed options."""

    class Kind(models.TextChoices):
        TEXT = "text", "Free text"
        CHOICE = "choice", "Choice"

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(
        max_length=MAX_LIST, blank=True, help_text="For a choice question: one option a line."
    )
    is_required = models.BooleanField(default=True)

    class Meta:
        ordering = ["consultation", "order", "pk"]

    def __str__(self):
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return _lines(self.choices)


class ConsultationResponse(models.Model):
    """What one person or organisation said in a consultation."""

    class RespondentType(models.TextChoices):
        INDIVIDUAL = "individual", "An individual"
        COUNCIL = "council", "A council"
        SUPPLIER = "supplier", "A supplier"
        OTHER_BODY = "other_body", "Another organisation"

    class Channel(models.TextChoices):
        ONLINE = "online", "Online"
        POST = "post", "By post"
        EMAIL = "email", "By email"

    class Publication(models.TextChoices):
        WITH_NAME = "with_name", "Yes, with my name or my organisation's name"
        ANONYMOUS = "anonymous", "Yes, without any name"
        NO = "no", "No, do not publish my response"

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="responses"
    )
    reference = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=150)
    email = models.EmailField()
    respondent_type = models.CharField(max_length=20, choices=RespondentType.choices)
    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation_name = models.CharField(max_length=200, blank=True)
    publication = models.CharField(max_length=20, choices=Publication.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    digest = models.CharField(
        max_length=64, help_text="Hash of the email and normalised answers, to spot duplicates."
    )
    council_confirmed = models.BooleanField(
        default=False,
        help_text="Sent by a signed-in member of the council it is for; set when it arrives.",
    )
    receipt_queued = models.BooleanField(
        default=False, help_text="Whether a receipt was emailed (a few an hour per address)."
    )
    anonymised_at = models.DateTimeField(
        null=True, blank=True, help_text="When the respondent's personal data was removed."
    )
    is_read = models.BooleanField(default=False)
    is_flagged = models.BooleanField(default=False)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The member of LGA staff who typed in a response received by post or email.",
    )
    changed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the respondent last changed the response."
    )
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When LGA staff published the response, redacted."
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    redaction_reason = models.TextField(
        blank=True,
        max_length=MAX_SUMMARY,
        help_text="What was taken out of the published response and why.",
    )

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["ip_address", "submitted_at"]),
            models.Index(fields=["email", "submitted_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "digest"], name="no_duplicate_consultation_response"
            ),
            models.CheckConstraint(
                condition=~Q(respondent_type="council") | Q(council__isnull=False),
                name="council_response_names_its_council",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def organisation(self) -> str:
        return str(self.council) if self.council_id else self.organisation_name

    @property
    def council_confirmation(self) -> str:
        """For a council's response, in words, whether a signed-in member of it sent it."""
        if not self.council_id:
            return ""
        if self.council_confirmed:
            return "confirmed: sent by a signed-in member"
        return "not confirmed"


class ResponseAnswer(models.Model):
    """The answer a response gives to one question (empty when an optional one was skipped)."""

    response = models.ForeignKey(
        ConsultationResponse, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(max_length=MAX_ANSWER, blank=True)
    # Analysis by LGA staff.
    themes = models.ManyToManyField(
        "AnalysisTheme", through="ThemeTag", related_name="answers", blank=True
    )
    analysed_at = models.DateTimeField(null=True, blank=True)
    analysed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    duplicate_group = models.ForeignKey(
        "DuplicateGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
        help_text="The group of identical or near-identical answers this one belongs to.",
    )
    # The answer as published: the respondent's words with personal data taken out.
    published_text = models.TextField(max_length=MAX_ANSWER, blank=True)

    # The respondent's changes before the close. Only the answer's words are kept: personal
    # data sits on the response, so anonymising it leaves none in the history.
    history = HistoricalRecords(
        excluded_fields=["analysed_at", "analysed_by", "duplicate_group", "published_text"]
    )

    class Meta:
        ordering = ["response", "question__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), MAX_ANSWER),
                name="answer_at_most_5000_characters",
            ),
        ]

    def __str__(self):
        return f"{self.response} – {self.question}"


class ResponseDraft(models.Model):
    """A signed-in respondent's answers so far, kept so they can come back before the close."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="drafts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"], name="one_response_draft_per_person"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.consultation}"


# Analysis: what LGA staff do with the responses after the close.


class AnalysisTheme(models.Model):
    """A theme of a consultation's codebook, which analysts tag free-text answers with."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="analysis_themes"
    )
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True, max_length=MAX_SUMMARY)
    order = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["consultation", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "name"], name="analysis_theme_name_unique"
            )
        ]

    def __str__(self):
        return self.name


class ThemeTag(models.Model):
    """One theme on one answer: a row each, so analysts tagging at once never overwrite."""

    answer = models.ForeignKey(ResponseAnswer, on_delete=models.CASCADE, related_name="tags")
    theme = models.ForeignKey(AnalysisTheme, on_delete=models.CASCADE, related_name="tags")
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    tagged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["answer", "theme"], name="one_tag_per_theme_per_answer")
        ]

    def __str__(self):
        return f"{self.answer} – {self.theme}"


class Quote(models.Model):
    """An answer picked to quote in the summary report, under a theme or none."""

    answer = models.OneToOneField(ResponseAnswer, on_delete=models.CASCADE, related_name="quote")
    theme = models.ForeignKey(
        AnalysisTheme, on_delete=models.SET_NULL, null=True, blank=True, related_name="quotes"
    )
    picked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    picked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["picked_at"]

    def __str__(self):
        return f"Quote from {self.answer}"


class GroupingRun(models.Model):
    """One run of grouping identical and near-identical answers, with its method and progress."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="grouping_runs"
    )
    method = models.CharField(max_length=100, help_text="How similarity was measured, in words.")
    threshold = models.FloatField(help_text="The similarity from which two answers are grouped.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self):
        return f"Grouping of {self.consultation} ({self.get_state_display()})"


class DuplicateGroup(models.Model):
    """Identical or near-identical answers to one question: a campaign's template, or the same
    text sent more than once. Labelled and counted, never hidden."""

    run = models.ForeignKey(GroupingRun, on_delete=models.CASCADE, related_name="groups")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    label = models.CharField(max_length=100, blank=True, help_text="For example Campaign A.")
    is_campaign = models.BooleanField(
        default=False, help_text="Judged by LGA staff to be an organised campaign."
    )
    submissions = models.PositiveIntegerField(default=0)
    distinct_texts = models.PositiveIntegerField(default=0)
    distinct_respondents = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-submissions"]

    def __str__(self):
        return self.label or f"Group of {self.submissions}"
