"""Good-practice case studies: what councils did, tagged with the key areas and levels it shows."""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from assessments.models import KeyArea, Level
from npsportal.models import Council

# Caps on what people type (README, "Size caps"): room for any real case study or reply, while
# no one text can slow the pages and search that show it. Forms refuse longer text at the field.
SUMMARY_MAX_LENGTH = 500  # "one or two sentences"
SECTION_MAX_LENGTH = 10_000  # background, what they did, what they learned
PARTNERS_MAX_LENGTH = 2_000
ADDRESS_MAX_LENGTH = 500
REPLY_MAX_LENGTH = 2_000

# Slugs that would hide a staff page under /case-studies/<slug>/.
RESERVED_SLUGS = {"staff"}


def validate_not_reserved(slug: str) -> None:
    """A case study's slug must not clash with the library's own pages."""
    if slug in RESERVED_SLUGS:
        raise ValidationError(f"“{slug}” is used by the service; choose another slug")


def document_path(instance, filename: str) -> str:
    """A random name, so an uploaded name never reaches the disk or reveals anything."""
    return f"casestudies/documents/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Category(models.Model):
    """A service category of the procurement a case study is about, such as People."""

    key = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class CaseStudyRevision(models.Model):
    """What each revision of a case study keeps besides the case study's own fields."""

    # Councils, categories and key areas are saved after the case study's own row, so the row's
    # history cannot show them: the back office notes here what a save changed among them.
    tag_changes = models.JSONField(default=list, blank=True)

    class Meta:
        abstract = True


class CaseStudy(models.Model):
    """A published example of good practice, such as the STaR shared procurement service."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, validators=[validate_not_reserved])
    summary = models.TextField(
        max_length=SUMMARY_MAX_LENGTH, help_text="One or two sentences shown in search results."
    )
    background = models.TextField(blank=True, max_length=SECTION_MAX_LENGTH, help_text="Markdown.")
    what_they_did = models.TextField(
        "What they did", blank=True, max_length=SECTION_MAX_LENGTH, help_text="Markdown."
    )
    what_they_learned = models.TextField(
        "What they learned", blank=True, max_length=SECTION_MAX_LENGTH, help_text="Markdown."
    )
    councils = models.ManyToManyField(Council, related_name="case_studies", blank=True)
    partners = models.TextField(
        blank=True, max_length=PARTNERS_MAX_LENGTH, help_text="One partner organisation a line."
    )
    categories = models.ManyToManyField(Category, related_name="case_studies", blank=True)
    key_areas = models.ManyToManyField(
        KeyArea, through="CaseStudyKeyArea", related_name="case_studies", blank=True
    )
    contact_name = models.CharField(max_length=150, blank=True)
    contact_role = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_address = models.TextField(blank=True, max_length=ADDRESS_MAX_LENGTH)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When the LGA last checked it is still accurate."
    )
    published_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept up to date by casestudies.services on PostgreSQL; unused (empty) on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=["search_vector", "updated_at"], bases=[CaseStudyRevision]
    )

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name_plural = "case studies"
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("casestudies:case_study_detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status in (self.Status.PUBLISHED, self.Status.ARCHIVED)

    @property
    def is_archived(self) -> bool:
        return self.status == self.Status.ARCHIVED

    @property
    def status_tag(self) -> dict[str, str]:
        """The status as a GOV.UK tag's text and colour."""
        return {"text": self.get_status_display(), "colour": STATUS_COLOURS[self.status]}

    @property
    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]


# The colour of each status's tag (a draft's is the plain one).
STATUS_COLOURS = {
    CaseStudy.Status.DRAFT: "",
    CaseStudy.Status.IN_REVIEW: "yellow",
    CaseStudy.Status.PUBLISHED: "green",
    CaseStudy.Status.ARCHIVED: "grey",
}


class CaseStudyKeyArea(models.Model):
    """A key area a case study illustrates, at the level of maturity it shows."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="tags")
    key_area = models.ForeignKey(KeyArea, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(choices=Level.choices)

    class Meta:
        ordering = ["key_area__theme__order", "key_area__order"]
        verbose_name = "key area"
        constraints = [
            models.UniqueConstraint(
                fields=["case_study", "key_area"], name="one_level_per_key_area_per_case_study"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="case_study_level_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.key_area} at {self.get_level_display()}"


class OutcomeFigure(models.Model):
    """A result in numbers, in a unit that adds up across case studies."""

    class Measure(models.TextChoices):
        SAVINGS = "savings_gbp", "Savings (£)"
        TENDERS = "tenders_per_year", "Tenders a year"
        APPRENTICESHIPS = "apprenticeships", "Apprenticeships"
        JOBS = "jobs", "Local jobs"
        SOCIAL_VALUE = "social_value_gbp", "Social value (£)"

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="outcomes")
    measure = models.CharField(max_length=30, choices=Measure.choices)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    description = models.CharField(
        max_length=200, blank=True, help_text="In words, for example over 400 tenders a year."
    )

    class Meta:
        ordering = ["measure"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="outcome_value_not_negative")
        ]

    def __str__(self):
        return f"{self.get_measure_display()}: {self.value}"

    @property
    def is_money(self) -> bool:
        return self.measure.endswith("_gbp")


class CaseStudyLink(models.Model):
    """A web page about the case study."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(max_length=200)
    url = models.URLField("URL", max_length=500)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.title


class CaseStudyDocument(models.Model):
    """A PDF or Word document attached to a case study, served only through a checked view."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=document_path, max_length=200)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.title

    @property
    def extension(self) -> str:
        return Path(self.file.name).suffix.lower()


class Reply(models.Model):
    """A signed-in user's plain-text reply to a case study, shown once LGA staff approve it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_study_replies"
    )
    body = models.TextField(max_length=REPLY_MAX_LENGTH)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "replies"
        indexes = [models.Index(fields=["ip_address", "created_at"])]

    def __str__(self):
        return f"Reply by {self.author} to {self.case_study}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
