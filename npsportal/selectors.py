"""Reads about people and councils that other modules share."""

from npsportal.models import Council, Membership
from npsportal.roles import MEMBER_ROLES, Role


def memberships_of(user) -> list[Membership]:
    """The user's memberships, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    if not hasattr(user, "_portal_memberships"):
        user._portal_memberships = list(user.memberships.select_related("council"))
    return user._portal_memberships


def roles_at(user, council: Council | None) -> set[str]:
    """The roles the user holds at this council."""
    if council is None:
        return set()
    return {m.role for m in memberships_of(user) if m.council_id == council.pk}


def councils_of(user) -> list[Council]:
    """The councils whose self-assessments the user sees (a contributor's are not), by name."""
    found = {m.council for m in memberships_of(user) if m.council and m.role in MEMBER_ROLES}
    return sorted(found, key=lambda c: c.name)


def holds_a_council_role(user) -> bool:
    """Whether the user holds any role at a council, a contributor's included."""
    return any(m.council_id for m in memberships_of(user))


def has_lga_staff_role(user) -> bool:
    """Whether the user works for the LGA."""
    return any(m.role == Role.LGA_STAFF for m in memberships_of(user))


def council_of(obj) -> Council | None:
    """The council an object belongs to: the object itself, or its `council`."""
    if isinstance(obj, Council):
        return obj
    return getattr(obj, "council", None)
