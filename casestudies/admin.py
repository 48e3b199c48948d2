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
from npsportal.admin import BACK_OFFICE, BackOfficeAdmin


def _back_office(request) -> bool:
    return request.user.is_active and request.user.is_staff and request.user.has_perm(BACK_OFFICE)


class BackOfficeInline:
    """Inlines follow the back-office rule too, not Django's model permissions."""

    extra = 1

    def has_view_permission(self, request, obj=None):
        return _back_office(request)

    def has_add_permission(self, request, obj=None):
        return _back_office(request)

    has_change_permission = has_delete_permission = has_add_permission


class KeyAreaInline(BackOfficeInline, admin.StackedInline):
    model = CaseStudyKeyArea


class OutcomeInline(BackOfficeInline, admin.StackedInline):
    model = OutcomeFigure


class LinkInline(BackOfficeInline, admin.StackedInline):
    model = CaseStudyLink
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class DocumentInline(BackOfficeInline, admin.StackedInline):
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


def _run(modeladmin, request, queryset, service):
    for case_study in queryset:
        try:
            service(case_study=case_study, by=request.user)
        except services.TransitionError as error:
            modeladmin.message_user(request, error.message, messages.WARNING)
        else:
            modeladmin.message_user(request, f"“{case_study}”: done", messages.SUCCESS)


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
    actions = ["submit_for_review", "publish", "archive"]
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

    @admin.action(description="Submit selected case studies for review")
    def submit_for_review(self, request, queryset):
        _run(self, request, queryset, services.submit_for_review)

    @admin.action(description="Publish selected case studies")
    def publish(self, request, queryset):
        _run(self, request, queryset, services.publish_case_study)

    @admin.action(description="Archive selected case studies")
    def archive(self, request, queryset):
        _run(self, request, queryset, services.archive_case_study)


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
