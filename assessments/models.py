"""The NPS maturity matrix as data: Framework, Theme, KeyArea, Statement, Descriptor per Level."""

from django.db import models
from django.db.models import Q


class Level(models.IntegerChoices):
    MINIMUM = 1, "Minimum"
    DEVELOPING = 2, "Developing"
    MATURE = 3, "Mature"
    LEADER = 4, "Leader"
    INNOVATOR = 5, "Innovator"


class Framework(models.Model):
    """One published version of the matrix, such as NPS 2022."""

    name = models.CharField(max_length=100, unique=True, help_text="For example NPS 2022.")
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(
        max_length=200, blank=True, help_text="For example From good to great."
    )
    year = models.PositiveSmallIntegerField()
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_framework"
            )
        ]

    def __str__(self):
        return self.name


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
    description = models.TextField(blank=True)
    what_it_is = models.TextField("What it is", blank=True)
    why_it_is_important = models.TextField("Why it is important", blank=True)
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
    text = models.TextField(blank=True, help_text="The principle, where the matrix names one.")
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


class Descriptor(models.Model):
    """What a statement looks like at one level."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="descriptors")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    text = models.TextField()

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
