from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from npsportal.audit import record_event
from npsportal.forms import (
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    SignInForm,
)
from npsportal.start_page import start_page
from npsportal.two_factor import second_step_url


@method_decorator(login_not_required, name="dispatch")
class PublicPageView(TemplateView):
    """A page anyone may read."""


@method_decorator(login_not_required, name="dispatch")
class HomeView(TemplateView):
    """The public home page; signed in, the start page saying what to do next (decision 0007)."""

    def get_template_names(self):
        return ["start/start.html" if self.request.user.is_authenticated else "home.html"]

    def get_context_data(self, **kwargs):
        if self.request.user.is_authenticated:
            kwargs["start"] = start_page(self.request.user)
        return super().get_context_data(**kwargs)


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_success_url(self):
        # The password is the first step; council and LGA staff accounts then give a code.
        url = super().get_success_url()
        return second_step_url(self.request.user, url) or url


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link: the same page follows whether or not an email was sent."""

    form_class = PasswordResetForm


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choose a new password from the reset email's link."""

    form_class = SetPasswordForm


class PasswordChangeView(auth_views.PasswordChangeView):
    """A signed-in person changes their password and stays signed in."""

    form_class = PasswordChangeForm


@login_not_required
@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not: for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


@login_not_required
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def permission_denied(request, exception=None):
    record_event(action="permission.refused", request=request, details={"path": request.path})
    return render(request, "403.html", status=403)


@login_not_required
def server_error(request):
    # No request, so no context processors (they read the user, hence the database): this page
    # must render when the database is down.
    return render(None, "500.html", status=500, context={"service_name": "NPS Portal"})
