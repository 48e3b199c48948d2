"""Reads about people and councils that other modules share."""

import functools

from npsportal.compiled import columns_of, fetch, instance, with_value
from npsportal.models import Council, Membership
from npsportal.roles import MEMBER_ROLES, Role


def memberships_of(user) -> list[Membership]:
    """The user's memberships, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    if not hasattr(user, "_portal_memberships"):
        user._portal_memberships = read_memberships(user.pk)
    return user._portal_memberships


ANY_USER = -1


@functools.cache
def memberships_sql() -> tuple[str, tuple]:
    """The SQL of `read_memberships`, compiled once (npsportal.compiled): most pages ask."""
    columns = [f.attname for f, _ in columns_of(Membership)]
    columns += [f"council__{f.attname}" for f, _ in columns_of(Council)]
    found = Membership.objects.filter(user_id=ANY_USER).values_list(*columns)
    return found.query.sql_with_params()


def read_memberships(user_id: int) -> list[Membership]:
    """The person's memberships with their councils, as `user.memberships.select_related
    ("council")` would read them, in one query compiled once."""
    count = len(columns_of(Membership))
    found = []
    for row in fetch(with_value(memberships_sql(), ANY_USER, user_id)):
        membership = instance(Membership, row[:count])
        # LGA staff hold a role at no council.
        membership.council = instance(Council, row[count:]) if membership.council_id else None
        found.append(membership)
    return found


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
