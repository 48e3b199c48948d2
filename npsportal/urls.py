from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from npsportal import preferences, views
from npsportal.api.views import NotFoundView
from npsportal.two_factor_views import (
    RecoveryCodesView,
    TwoFactorSetUpView,
    TwoFactorVerifyView,
)

handler403 = "npsportal.views.permission_denied"
handler404 = "npsportal.views.page_not_found"
handler500 = "npsportal.views.server_error"

admin.site.site_header = "NPS Portal back office"
admin.site.site_title = "NPS Portal back office"
admin.site.index_title = "Councils, people, the matrix and publications"

account_patterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path("two-factor/set-up/", TwoFactorSetUpView.as_view(), name="two_factor_set_up"),
    path(
        "two-factor/recovery-codes/",
        RecoveryCodesView.as_view(),
        name="two_factor_recovery_codes",
    ),
    path("password-change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("reminders/", preferences.ReminderSettingsView.as_view(), name="reminder_settings"),
    path(
        "password-change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

# The read API (issue 19): each app's endpoints in its own api/ package, one namespace each.
api_patterns = [
    path("", include("npsportal.api.urls")),
    path("", include("assessments.api.urls")),
    path("", include("casestudies.api.urls")),
    path("", include("strategies.api.urls")),
]

urlpatterns = [
    path("api/v1/", include(api_patterns)),
    # Anything else under /api/ answers a script in JSON, not with the HTML page.
    re_path(r"^api/", NotFoundView.as_view()),
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accessibility/",
        views.PublicPageView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path(
        "privacy/", views.PublicPageView.as_view(template_name="pages/privacy.html"), name="privacy"
    ),
    path(
        "cookies/", views.PublicPageView.as_view(template_name="pages/cookies.html"), name="cookies"
    ),
    path("accounts/", include(account_patterns)),
    path("accounts/api-tokens/", include("npsportal.tokens.urls")),
    path("admin/", admin.site.urls),
    path("", include("npsportal.teams.urls")),
    path("", include("assessments.urls")),
    path("", include("casestudies.urls")),
    path("", include("strategies.urls")),
]
