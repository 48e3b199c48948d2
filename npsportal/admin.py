from django.apps import apps
from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import SplitDateTimeField
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from npsportal import outbox
from npsportal.forms import PersonChangeForm, PersonCreationForm
from npsportal.models import AuditEvent, Council, Membership, OutgoingEmail, User
from npsportal.services import (
    OWN_ROLE_REFUSED,
    grant_role,
    is_own_role_change,
    record_own_role_change_refused,
    revoke_role,
)

BACK_OFFICE = "npsportal.use_back_office"
# A person's access beyond their roles: nobody changes these on their own account either
# (a superuser passes every permission).
ACCESS_FIELDS = {"is_active", "is_staff", "is_superuser", "groups", "user_permissions"}


def _can_use_back_office(request) -> bool:
    return request.user.is_active and request.user.is_staff and request.user.has_perm(BACK_OFFICE)


# The back office is for LGA staff: the same rule as everywhere else, not Django's model
# permissions.
admin.site.has_permission = _can_use_back_office

# django-otp's apps and models, named as people know them (their AppConfigs are third-party;
# a model's verbose name would be a migration in their app, so the index is relabelled instead).
OTP_SECTIONS = {"otp_totp": "Two-factor devices", "otp_static": "Two-factor recovery codes"}
OTP_MODELS = {"TOTPDevice": "Authenticator apps", "StaticDevice": "Recovery code sets"}
for _label, _name in OTP_SECTIONS.items():
    apps.get_app_config(_label).verbose_name = _name
_app_list = admin.site.get_app_list


def _app_list_in_words(request, app_label=None):
    app_list = _app_list(request, app_label)
    for app in app_list:
        if app["app_label"] in OTP_SECTIONS:
            for model in app["models"]:
                model["name"] = OTP_MODELS.get(model["object_name"], model["name"])
    return app_list


admin.site.get_app_list = _app_list_in_words


class _TitlesInWords:
    """Page titles and breadcrumbs that name the model in words ("Change authenticator app"),
    where Django's would say "Select TOTP device to change"."""

    named: str  # the thing, in words, as it follows "Change" or "Choose"
    change_list_template = "admin/in_words/change_list.html"
    change_form_template = "admin/in_words/change_form.html"

    def _in_words(self, title: str, extra_context) -> dict:
        words = {"title": title, "named": self.named, "named_plural": f"{self.named}s"}
        return {**words, **(extra_context or {})}

    def changelist_view(self, request, extra_context=None):
        title = f"Choose the {self.named} to see or change"
        return super().changelist_view(request, self._in_words(title, extra_context))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        title = f"{'Change' if object_id else 'Add'} {self.named}"
        context = self._in_words(title, extra_context)
        return super().changeform_view(request, object_id, form_url, context)


# django-otp registers its admins first (it comes earlier in INSTALLED_APPS); the same admins
# again, with their pages titled in words.
for _model, _named in ((TOTPDevice, "authenticator app"), (StaticDevice, "recovery code set")):
    _registered = type(admin.site.get_model_admin(_model))
    admin.site.unregister(_model)
    admin.site.register(
        _model, type(_registered.__name__, (_TitlesInWords, _registered), {"named": _named})
    )

# The audit log's actions in words; an action missing here shows as recorded.
AUDIT_ACTIONS = {
    "auth.sign_in": "Signed in",
    "auth.sign_in_failed": "Sign-in failed",
    "auth.sign_out": "Signed out",
    "auth.locked_out": "Locked out after failed sign-ins",
    "auth.password_reset_sent": "Password reset email sent",
    "auth.password_reset_throttled": "Password reset refused: too many requests",
    "auth.recovery_code_used": "Signed in with a recovery code",
    "auth.recovery_codes_regenerated": "New recovery codes made",
    "auth.two_factor_failed": "Wrong authenticator code",
    "auth.two_factor_set_up": "Authenticator app set up",
    "auth.two_factor_verified": "Authenticator code accepted",
    "permission.refused": "Refused: not allowed",
    "role.granted": "Role given",
    "role.revoked": "Role taken away",
    "role.self_grant_refused": "Refused: tried to change their own role",
    "assessment.submitted": "Self-assessment sent for sign-off",
    "assessment.approved": "Self-assessment approved",
    "assessment.returned": "Self-assessment returned for changes",
    "evidence.downloaded": "Evidence file downloaded",
    "report.downloaded": "PDF report downloaded",
    "national.exported": "National data downloaded",
    "case_study.submitted_for_review": "Case study sent for review",
    "case_study.published": "Case study published",
    "case_study.returned_to_draft": "Case study returned to draft",
    "case_study.archived": "Case study archived",
    "reply.pending": "Reply waiting for moderation",
    "reply.approved": "Reply approved",
    "reply.rejected": "Reply rejected",
    "consultation.exported": "Consultation responses downloaded",
    "consultation.outcome_published": "Consultation outcome published",
    "consultation.responses_anonymised": "Consultation responses anonymised",
}


def action_in_words(action: str) -> str:
    """An audit action as people say it."""
    return AUDIT_ACTIONS.get(action, action)


class LabelledSplitDateTime(AdminSplitDateTime):
    """Django admin's date and time boxes, with a label for each rather than plain text."""

    template_name = "npsportal/widgets/split_datetime.html"


class BackOfficeRule:
    """Django admin's permission questions, each answered by the one back-office rule."""

    def has_module_permission(self, request):
        return _can_use_back_office(request)

    def has_view_permission(self, request, obj=None):
        return _can_use_back_office(request)

    def has_add_permission(self, request, obj=None):
        return _can_use_back_office(request)

    has_change_permission = has_delete_permission = has_view_permission


class BackOfficeAdmin(BackOfficeRule, admin.ModelAdmin):
    """A model admin that LGA staff may use in full; every app's admins derive from it."""

    formfield_overrides = {
        models.DateTimeField: {"form_class": SplitDateTimeField, "widget": LabelledSplitDateTime}
    }


class ReadOnlyBackOfficeAdmin(BackOfficeAdmin):
    """A model admin that LGA staff may read, never change: its rows change through services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Stacked, not tabular: a tabular inline's fields have no labels (only column headings), which
# fails WCAG 1.3.1 and 4.1.2 (tests/npsportal/test_admin_accessibility.py).
class BackOfficeInline(BackOfficeRule, admin.StackedInline):
    """An inline that LGA staff may use in full; every app's inlines derive from it."""

    extra = 1


def _changes_own_role(form, request) -> bool:
    """Whether saving a membership form would add, change or remove the signed-in person's role."""
    if not form.has_changed():
        return False
    # The person it belonged to before, and the person it would belong to.
    people = {form.initial.get("user"), getattr(form.cleaned_data.get("user"), "pk", None)}
    return request.user.pk in people


def _refuse_own_role_change(request, form) -> ValidationError:
    council = form.cleaned_data.get("council")
    details = {"role": form.cleaned_data.get("role"), "council": council.name if council else None}
    record_own_role_change_refused(by=request.user, details=details, request=request)
    return ValidationError(OWN_ROLE_REFUSED)


def refusing_own_role_changes(form_class, request):
    """The admin's membership form, refusing (form error, audited) a change to one's own role."""

    class MembershipForm(form_class):
        def clean(self):
            cleaned = super().clean()
            if _changes_own_role(self, request):
                raise _refuse_own_role_change(request, self)
            return cleaned

    return MembershipForm


def refusing_own_role_changes_inline(formset_class, request):
    """An inline membership formset, refusing (form error, audited) a change to one's own role."""

    class MembershipFormSet(formset_class):
        def clean(self):
            super().clean()
            for form in self.forms:
                if _changes_own_role(form, request):
                    raise _refuse_own_role_change(request, form)

    return MembershipFormSet


def refusing_own_access_changes(form_class, request, person):
    """The admin's form for a person: nobody changes their own access flags or groups."""

    class PersonForm(form_class):
        def clean(self):
            cleaned = super().clean()
            changed = sorted(ACCESS_FIELDS & set(self.changed_data))
            if changed and is_own_role_change(user=person, by=request.user):
                details = {"fields": changed}
                record_own_role_change_refused(by=request.user, details=details, request=request)
                raise ValidationError(OWN_ROLE_REFUSED)
            return cleaned

    return PersonForm


class MembershipsThroughServices:
    """Saves role changes through the services, so each one reaches the audit log."""

    def save_model(self, request, obj, form, change):
        if isinstance(obj, Membership):
            grant_role(user=obj.user, role=obj.role, council=obj.council, by=request.user)
            return
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        if isinstance(obj, Membership):
            revoke_role(membership=obj, by=request.user, request=request)
            return
        super().delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        memberships = formset.save(commit=False)
        for membership in formset.deleted_objects:
            revoke_role(membership=membership, by=request.user, request=request)
        for membership in memberships:
            grant_role(
                user=membership.user,
                role=membership.role,
                council=membership.council,
                by=request.user,
                request=request,
            )


class MembershipInline(BackOfficeInline):
    model = Membership
    # A plain select (type a council's first letters to jump to it): the autocomplete widget's box
    # has no accessible name (axe-core aria-input-field-name).

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return refusing_own_role_changes_inline(formset, request)


@admin.register(User)
class UserAdmin(MembershipsThroughServices, BackOfficeAdmin, DjangoUserAdmin):
    form = PersonChangeForm
    add_form = PersonCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "memberships__role"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal details", {"fields": ["full_name"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return refusing_own_access_changes(form, request, obj) if obj else form


@admin.register(Council)
class CouncilAdmin(MembershipsThroughServices, BackOfficeAdmin):
    list_display = ["name", "gss_code", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "gss_code", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(MembershipsThroughServices, BackOfficeAdmin):
    list_display = ["user", "council", "role", "created_at"]
    list_filter = ["role", "council__kind", "council__region"]
    search_fields = ["user__email", "user__full_name", "council__name"]
    # The person by id with a search pop-up (there may be thousands), the council from a plain
    # select: both are labelled, which the autocomplete widget's box is not.
    raw_id_fields = ["user"]
    list_select_related = ["user", "council"]

    def get_form(self, request, obj=None, **kwargs):
        return refusing_own_role_changes(super().get_form(request, obj, **kwargs), request)

    def has_delete_permission(self, request, obj=None):
        # Taking away one's own role is a change to one's own access too (the delete page and
        # the "delete selected" action both ask).
        own = obj is not None and is_own_role_change(user=obj.user, by=request.user)
        return super().has_delete_permission(request, obj) and not own

    def delete_queryset(self, request, queryset):
        # "Delete selected" too goes through the service, so each removal is audited.
        for membership in queryset.select_related("user", "council"):
            revoke_role(membership=membership, by=request.user, request=request)


class ActionFilter(admin.SimpleListFilter):
    """The audit log's actions that occur, named in words."""

    title = "action"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        actions = AuditEvent.objects.order_by().values_list("action", flat=True).distinct()
        return sorted(((a, action_in_words(a)) for a in actions), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


class PersonFilter(admin.RelatedOnlyFieldListFilter):
    """The people who appear in the audit log."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "person"
        self.empty_value_display = "Nobody signed in"


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyBackOfficeAdmin):
    """The audit log, for LGA staff to read; nobody may change or delete it here."""

    list_display = ["occurred_at", "what", "person", "ip_address", "object_repr"]
    list_filter = [ActionFilter, ("actor", PersonFilter)]
    search_fields = ["actor_email", "ip_address", "object_repr", "action"]
    date_hierarchy = "occurred_at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    @admin.display(description="Action", ordering="action")
    def what(self, event):
        return action_in_words(event.action)

    @admin.display(description="Person", ordering="actor_email")
    def person(self, event):
        return event.actor_email or "Nobody signed in"


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyBackOfficeAdmin):
    """The portal's emails: LGA staff see what was sent and what waits, and send again."""

    list_display = ["subject", "to", "state", "attempts", "created_at", "sent_at"]
    list_filter = [
        ("sent_at", admin.EmptyFieldListFilter),
        ("given_up_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    readonly_fields = ["to", "subject", "body", "created_at", "sent_at", "attempts", "last_error"]
    exclude = ["key", "given_up_at"]
    actions = ["send_again"]

    @admin.action(description="Send the selected emails again")
    def send_again(self, request, queryset):
        count = outbox.send_again(emails=queryset)
        self.message_user(request, f"{count} email(s) queued to send again.")
