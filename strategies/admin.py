from pathlib import Path

from django import forms
from django.contrib import admin

from npsportal.admin import BackOfficeAdmin, BackOfficeInline
from npsportal.uploads import check_upload
from strategies.models import (
    CategoryStrategy,
    Consultation,
    ConsultationResponse,
    Question,
    StrategyDocument,
)


class StrategyDocumentForm(forms.ModelForm):
    class Meta:
        model = StrategyDocument
        fields = ["title", "file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            self.content_type = check_upload(upload).content_type
        return upload

    def save(self, commit=True):
        upload = self.cleaned_data.get("file")
        if hasattr(self, "content_type"):
            self.instance.content_type = self.content_type
            self.instance.original_name = Path(upload.name).name[:255]
            self.instance.size = upload.size
        return super().save(commit)


class StrategyDocumentInline(BackOfficeInline):
    model = StrategyDocument
    form = StrategyDocumentForm


class QuestionInline(BackOfficeInline):
    model = Question
    fields = ["order", "text", "hint", "kind", "choices", "is_required"]


@admin.register(CategoryStrategy)
class CategoryStrategyAdmin(BackOfficeAdmin):
    list_display = ["title", "category", "status", "version", "published_on"]
    list_filter = ["category", "status"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    # A plain multiple select: the richer widgets fail axe-core (see casestudies.admin).
    inlines = [StrategyDocumentInline]


@admin.register(Consultation)
class ConsultationAdmin(BackOfficeAdmin):
    list_display = ["title", "strategy", "opens_at", "closes_at", "is_draft"]
    list_filter = ["is_draft", "strategy"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["outcome_published_at"]
    inlines = [QuestionInline]


@admin.register(ConsultationResponse)
class ConsultationResponseAdmin(BackOfficeAdmin):
    list_display = ["reference", "consultation", "respondent_type", "submitted_at", "is_flagged"]
    list_filter = [
        "consultation",
        "respondent_type",
        "council_confirmed",
        "is_read",
        "is_flagged",
    ]
    search_fields = ["reference", "email", "name"]
    readonly_fields = [f.name for f in ConsultationResponse._meta.fields]

    def has_add_permission(self, request):
        # Responses come from respondents only.
        return False
