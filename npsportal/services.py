"""Changes to people, councils and roles."""

from django.db import transaction

from npsportal.models import Council, Membership, User
from npsportal.roles import Role


@transaction.atomic
def grant_role(*, user: User, role: str, council: Council | None = None) -> Membership:
    """Gives the user a role at a council (or LGA staff, with no council); one role per council."""
    if role == Role.LGA_STAFF:
        membership, _ = Membership.objects.update_or_create(
            user=user, council=None, defaults={"role": role}
        )
        if not user.is_staff:
            # LGA staff run the back office (Django admin), which needs the staff flag too.
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        return membership
    membership, _ = Membership.objects.update_or_create(
        user=user, council=council, defaults={"role": role}
    )
    return membership
