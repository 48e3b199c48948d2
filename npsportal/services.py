"""Changes to people, councils and roles."""

from django.db import transaction

from npsportal.audit import record_event
from npsportal.models import Council, Membership, User
from npsportal.roles import Role


@transaction.atomic
def grant_role(
    *, user: User, role: str, council: Council | None = None, by: User | None = None, request=None
) -> Membership:
    """Gives the user a role at a council (or LGA staff, with no council); one role per council."""
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
    """Takes a role away; the person keeps their account and any other roles."""
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
