"""Changes to people, councils and roles."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from npsportal.audit import record_event
from npsportal.models import AuditEvent, Council, Membership, User
from npsportal.roles import Role

OWN_ROLE_REFUSED = (
    "You cannot give yourself a role or change your own access. "
    "Ask another member of LGA staff to do it."
)


class OwnRoleChangeRefused(PermissionDenied):
    """Someone tried to give themselves a role, or to change or take away their own."""


def is_own_role_change(*, user: User | None, by: User | None) -> bool:
    """Whether a role change is to the account of the person making it: never allowed."""
    return by is not None and user is not None and by.pk == user.pk


def record_own_role_change_refused(*, by: User, details: dict, request=None) -> None:
    """Audits a refused attempt to give oneself a role or change one's own access."""
    record_event(
        action="role.self_grant_refused", request=request, actor=by, obj=by, details=details
    )


@transaction.atomic
def grant_role(
    *, user: User, role: str, council: Council | None = None, by: User | None = None, request=None
) -> Membership:
    """Gives the user a role at a council (or LGA staff, with no council); one role per council;
    never to the person giving it."""
    if is_own_role_change(user=user, by=by):
        raise OwnRoleChangeRefused(OWN_ROLE_REFUSED)
    council = None if role == Role.LGA_STAFF else council
    previous = Membership.objects.filter(user=user, council=council).first()
    membership, _ = Membership.objects.update_or_create(
        user=user, council=council, defaults={"role": role}
    )
    if role == Role.LGA_STAFF and not user.is_staff:
        # LGA staff run the back office (Django admin), which needs the staff flag too.
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if previous is None or previous.role != role:
        record_event(
            action="role.granted",
            request=request,
            actor=by,
            obj=user,
            details={
                "role": role,
                "council": council.name if council else None,
                "previous_role": previous.role if previous else None,
            },
        )
    return membership


@transaction.atomic
def revoke_role(*, membership: Membership, by: User | None = None, request=None) -> None:
    """Takes a role away; the person keeps their account and any other roles; not one's own."""
    if is_own_role_change(user=membership.user, by=by):
        raise OwnRoleChangeRefused(OWN_ROLE_REFUSED)
    record_event(
        action="role.revoked",
        request=request,
        actor=by,
        obj=membership.user,
        details={
            "role": membership.role,
            "council": membership.council.name if membership.council else None,
        },
    )
    membership.delete()


PASSWORD_RESET_SENT = "auth.password_reset_sent"  # nosec B105 # an audit action name, not a password


@transaction.atomic
def claim_password_reset_email(*, user: User, request=None) -> bool:
    """Claims one of the account's reset emails for this hour; False once they are used up."""
    # The account's row is locked while counting and recording, so simultaneous requests (on
    # any app server) cannot each see room for one more email.
    User.objects.select_for_update().filter(pk=user.pk).first()
    since = timezone.now() - timedelta(hours=1)
    sent = AuditEvent.objects.filter(
        Q(actor=user) | Q(actor_email=user.email), action=PASSWORD_RESET_SENT, occurred_at__gt=since
    ).count()
    if sent >= settings.PASSWORD_RESET_EMAILS_PER_HOUR:
        record_event(action="auth.password_reset_throttled", request=request, actor=user)
        return False
    record_event(action=PASSWORD_RESET_SENT, request=request, actor=user)
    return True
