from django.contrib import admin

from assessments.models import (
    Assessment,
    Descriptor,
    Framework,
    KeyArea,
    Round,
    Statement,
    Theme,
)
from assessments.selectors import SHARED_WITH_LGA
from npsportal.admin import BackOfficeAdmin, BackOfficeInline, ReadOnlyBackOfficeAdmin


class DescriptorInline(BackOfficeInline):
    model = Descriptor
    extra = 0
    max_num = 5


@admin.register(Framework)
class FrameworkAdmin(BackOfficeAdmin):
    list_display = ["name", "title", "year", "is_current"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Theme)
class ThemeAdmin(BackOfficeAdmin):
    list_display = ["name", "framework", "kind", "order"]
    list_filter = ["framework", "kind"]


@admin.register(KeyArea)
class KeyAreaAdmin(BackOfficeAdmin):
    list_display = ["name", "theme", "order", "is_draft_wording"]
    list_filter = ["theme__framework", "theme", "is_draft_wording"]
    search_fields = ["name", "key"]


@admin.register(Statement)
class StatementAdmin(BackOfficeAdmin):
    list_display = ["code", "key_area", "order", "is_retired"]
    list_filter = ["key_area__theme__framework", "is_retired"]
    search_fields = ["code", "text", "key_area__name"]
    inlines = [DescriptorInline]


@admin.register(Round)
class RoundAdmin(BackOfficeAdmin):
    """LGA staff open a round here: a name, the framework, and the dates it is open."""

    list_display = ["name", "framework", "opens_on", "closes_on"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyBackOfficeAdmin):
    """Read-only: assessments change only through the portal's own pages and services."""

    list_display = ["council", "round", "status", "submitted_at", "approved_at"]
    list_filter = ["round", "status", "council__region", "council__kind"]
    search_fields = ["council__name"]
    list_select_related = ["council", "round"]

    def get_queryset(self, request):
        # LGA staff never see a council's draft, here as on the portal's pages.
        return super().get_queryset(request).filter(status__in=SHARED_WITH_LGA)
