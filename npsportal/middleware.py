"""Sends signed-in people who must use a second factor to confirm it before anything else."""

from django.shortcuts import redirect

from npsportal.two_factor import second_step_url

# The pages an unverified person may still open: the two-factor pages and signing out.
EXEMPT_URL_NAMES = {"two_factor_verify", "two_factor_set_up", "logout"}


class TwoFactorMiddleware:
    """After LoginRequiredMiddleware: public pages stay open, everything else needs the code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or getattr(view_func, "login_required", True) is False:
            return None
        if request.resolver_match.url_name in EXEMPT_URL_NAMES or user.is_verified():
            return None
        step_url = second_step_url(user, request.get_full_path())
        return redirect(step_url) if step_url else None
