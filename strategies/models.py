"""National category strategies, the consultations on them and the responses people send."""

import secrets
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

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
