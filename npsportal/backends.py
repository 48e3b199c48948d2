"""How people sign in: email and password, with every permission answered by rules."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import Sum

from npsportal.models import normalise_email


class EmailPasswordBackend(ModelBackend):
    """Django's password sign-in, without Django's per-model permissions.

    Every permission is a rule in an app's rules.py, answered by rules' ObjectPermissionBackend,
    and nobody is given Django's model permissions: asking the database for them whenever a rule
    says no (the navigation asks on every page) only cost two queries a request.
    """

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()


def lockout_username(request, credentials) -> str | None:
    """The address django-axes counts failed sign-ins against: one spelling per address."""
    # AXES_USERNAME_CALLABLE: without it axes counts the address as typed, so each new way of
    # writing it in capitals bought five more guesses.
    data = credentials if credentials is not None else getattr(request, "POST", {})
    username = data.get(settings.AXES_USERNAME_FORM_FIELD)
    return normalise_email(username) if isinstance(username, str) else username


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' lockout by address and account together, plus a cap per address.

    Locking an account wherever the attempts come from would let a stranger lock anyone out;
    locking the (account, address) pair lets a stranger lock only themselves, and the cap stops
    one address guessing across many accounts.
    """

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or self.address_is_capped(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        # axes decides the lockout page by its own count (the pair); the address cap's as well.
        if request is not None and not request.axes_locked_out and self.address_is_capped(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=lockout_username(request, credentials),
                ip_address=request.axes_ip_address,
            )

    def address_is_capped(self, request) -> bool:
        """True once the request's address has had its share of failed sign-ins."""
        return self.failures_from_address(request) >= settings.AXES_FAILURE_LIMIT_PER_ADDRESS

    def failures_from_address(self, request) -> int:
        """Failed sign-ins from the request's address within the cool-off, for any account."""
        attempts = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        )
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
