"""The audit log of security events, and the receivers that record sign-in events."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from ipware import get_client_ip
from simple_history.models import HistoricalRecords

from npsportal.models import AuditEvent

# Keys that must never reach the log, whatever a caller passes in `details`.
SECRET_KEYS = {"password", "password1", "password2", "old_password", "new_password1", "token"}


def trusted_proxy_count() -> int:
    """How many proxies in front of the portal append to X-Forwarded-For (0: none)."""
    # AUDIT_TRUST_X_FORWARDED_FOR=true is the older way of saying "one proxy".
    return settings.AUDIT_TRUSTED_PROXY_COUNT or int(settings.AUDIT_TRUST_X_FORWARDED_FOR)


def client_ip(request) -> str | None:
    """The client's address, the one every rate limit, the lockout and the audit log use."""
    if request is None:
        return None
    proxies = trusted_proxy_count()
    if proxies:
        # Each trusted proxy appends the address it was reached from, so the client is the
        # proxies-th entry from the right; anything left of it was written by the visitor.
        # ipware counts the hops after the client, hence `proxies - 1`, and reads no other header.
        address, _routable = get_client_ip(
            request,
            proxy_count=proxies - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
        if address:
            return address
    return request.META.get("REMOTE_ADDR") or None


def current_request():
    """The request being handled, if any: None in management commands, shells and jobs."""
    # Services change data for views, the admin and commands alike and take no request; rather
    # than pass one through every service, read the one simple_history's HistoryRequestMiddleware
    # keeps for the length of each request (and deletes once the response is made).
    return getattr(HistoricalRecords.context, "request", None)


def record_event(
    *, action: str, request=None, actor=None, obj=None, details: dict | None = None
) -> AuditEvent:
    """Writes one audit event; the request defaults to the current one, the actor to its user."""
    request = request if request is not None else current_request()
    user = getattr(request, "user", None)
    if actor is None and user is not None and user.is_authenticated:
        actor = user
    clean = {k: v for k, v in (details or {}).items() if k.lower() not in SECRET_KEYS}
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_email=clean.pop("email", None) or getattr(actor, "email", ""),
        action=action,
        ip_address=client_ip(request),
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        details=clean,
    )


# Receivers for Django's and django-axes' own signals: recording them is the only way to see
# sign-in events, and nothing else happens in them.
@receiver(user_logged_in, dispatch_uid="audit_sign_in")
def _record_sign_in(sender, request, user, **kwargs):
    record_event(action="auth.sign_in", request=request, actor=user)


@receiver(user_logged_out, dispatch_uid="audit_sign_out")
def _record_sign_out(sender, request, user, **kwargs):
    if user is not None:
        record_event(action="auth.sign_out", request=request, actor=user)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def _record_failed_sign_in(sender, credentials, request=None, **kwargs):
    email = credentials.get("username") or credentials.get("email") or ""
    record_event(action="auth.sign_in_failed", request=request, details={"email": email})


def _record_lockout(sender, request, username, ip_address, **kwargs):
    record_event(action="auth.locked_out", request=request, details={"email": username or ""})
