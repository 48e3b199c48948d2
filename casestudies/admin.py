from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils.html import format_html

from casestudies import selectors, services
from casestudies.forms import CaseStudyDocumentForm
from casestudies.models import (
    CaseStudy,
    CaseStudyDocument,
    CaseStudyKeyArea,
    CaseStudyLink,
    Category,
    OutcomeFigure,
    Reply,
)
from npsportal.admin import BackOfficeAdmin, BackOfficeInline


class KeyAreaInline(BackOfficeInline):
    model = CaseStudyKeyArea


class OutcomeInline(BackOfficeInline):
    model = OutcomeFigure


class LinkInline(BackOfficeInline):
    model = CaseStudyLink
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class DocumentInline(BackOfficeInline):
    model = CaseStudyDocument
    form = CaseStudyDocumentForm
    fields = ["title", "file", "content_type", "size"]
    readonly_fields = ["content_type", "size"]
    extra = 0


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("due", "Due: not reviewed for a year")]

    def queryset(self, request, queryset):
        return selectors.due_for_review(queryset) if self.value() == "due" else queryset


def _lifecycle_action(step: selectors.LifecycleStep):
    """A back-office action taking the step with each selected case study whose status allows it."""
    verb, _, rest = step.label.partition(" ")

    @admin.action(description=f"{verb} selected case studies {rest}".strip())
    def take_step(modeladmin, request, queryset):
        for case_study in queryset:
            if step not in selectors.lifecycle_steps_allowed(case_study):
                message = services.refusal(case_study, step.to)
                modeladmin.message_user(request, message, messages.WARNING)
                continue
            try:
                services.TRANSITIONS[step.action](case_study=case_study, by=request.user)
            except services.TransitionError as error:  # moved on by someone else meanwhile
                modeladmin.message_user(request, error.message, messages.WARNING)
            else:
                modeladmin.message_user(request, f"“{case_study}”: done", messages.SUCCESS)

    take_step.__name__ = step.action.replace("-", "_")
    return take_step


@admin.register(CaseStudy)
class CaseStudyAdmin(BackOfficeAdmin):
    list_display = ["title", "status", "published_at", "last_reviewed", "preview_link"]
    list_filter = [ReviewDueFilter, "status", "categories", "councils__region", "last_reviewed"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    # Plain multiple selects: filter_horizontal's widget gives spans ARIA labels they may not carry
    # and the autocomplete's search box for many values has no label (both fail axe-core).
    readonly_fields = ["status", "published_at", "archived_at", "preview_link", "revisions_link"]
    inlines = [KeyAreaInline, OutcomeInline, LinkInline, DocumentInline]
    actions = [_lifecycle_action(step) for step in selectors.LIFECYCLE_STEPS]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "summary", "status", "preview_link", "revisions_link"]},
        ),
        ("Sections (Markdown)", {"fields": ["background", "what_they_did", "what_they_learned"]}),
        ("Who", {"fields": ["councils", "partners", "categories"]}),
        (
            "Contact",
            {
                "fields": [
                    "contact_name",
                    "contact_role",
                    "contact_email",
                    "contact_phone",
                    "contact_address",
                ]
            },
        ),
        ("Dates", {"fields": ["last_reviewed", "published_at", "archived_at"]}),
    ]

    @admin.display(description="Preview")
    def preview_link(self, obj):
        if not obj.pk:
            return "–"
        url = reverse("casestudies:case_study_preview", args=[obj.slug])
        return format_html('<a href="{}">Preview “{}”</a>', url, obj.title)

    @admin.display(description="Revisions")
    def revisions_link(self, obj):
        if not obj.pk:
            return "–"
        url = reverse("casestudies:case_study_revisions", args=[obj.slug])
        return format_html('<a href="{}">Every revision</a>', url)

    def save_model(self, request, obj, form, change):
        services.save_case_study(case_study=obj, by=request.user)

    def save_related(self, request, form, formsets, change):
        # The case study's row is saved (with its revision); its tags are not saved yet.
        before = services.tags_of(form.instance) if change else services.NO_TAGS
        super().save_related(request, form, formsets, change)
        services.record_tag_changes(case_study=form.instance, before=before)


@admin.register(Category)
class CategoryAdmin(BackOfficeAdmin):
    list_display = ["name", "key", "order"]
    search_fields = ["name", "key"]


@admin.register(Reply)
class ReplyAdmin(BackOfficeAdmin):
    list_display = ["case_study", "author", "status", "created_at", "ip_address"]
    list_filter = ["status"]
    readonly_fields = ["case_study", "author", "body", "ip_address", "created_at", "moderated_by"]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Approve selected replies")
    def approve(self, request, queryset):
        for reply in queryset:
            services.moderate_reply(reply=reply, approve=True, by=request.user)

    @admin.action(description="Reject selected replies")
    def reject(self, request, queryset):
        for reply in queryset:
            services.moderate_reply(reply=reply, approve=False, by=request.user)
