from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from npsportal.models import Council, Membership, User

BACK_OFFICE = "npsportal.use_back_office"


def _can_use_back_office(request) -> bool:
    return request.user.is_active and request.user.is_staff and request.user.has_perm(BACK_OFFICE)


# The back office is for LGA staff: the same rule as everywhere else, not Django's model
# permissions.
admin.site.has_permission = _can_use_back_office


class BackOfficeAdmin(admin.ModelAdmin):
    """A model admin that LGA staff may use in full; apps' admins derive from it."""

    def has_module_permission(self, request):
        return _can_use_back_office(request)

    def has_view_permission(self, request, obj=None):
        return _can_use_back_office(request)

    def has_add_permission(self, request):
        return _can_use_back_office(request)

    def has_change_permission(self, request, obj=None):
        return _can_use_back_office(request)

    def has_delete_permission(self, request, obj=None):
        return _can_use_back_office(request)


class MembershipInline(admin.TabularInline):
    model = Membership

    def has_view_permission(self, request, obj=None):
        return _can_use_back_office(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission

    extra = 1
    autocomplete_fields = ["council"]


@admin.register(User)
class UserAdmin(BackOfficeAdmin, DjangoUserAdmin):
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


@admin.register(Council)
class CouncilAdmin(BackOfficeAdmin):
    list_display = ["name", "gss_code", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "gss_code", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(BackOfficeAdmin):
    list_display = ["user", "council", "role", "created_at"]
    list_filter = ["role", "council__kind", "council__region"]
    search_fields = ["user__email", "user__full_name", "council__name"]
    autocomplete_fields = ["user", "council"]
    list_select_related = ["user", "council"]
