"""Who may do what with councils and people. Every rule is one line, built from named predicates."""

import rules

from npsportal import selectors
from npsportal.roles import Role


@rules.predicate
def is_lga_staff(user):
    """The user works for the LGA."""
    return selectors.has_lga_staff_role(user)


@rules.predicate
def is_council_member(user, obj):
    """The user holds any role at the council the object belongs to."""
    return bool(selectors.roles_at(user, selectors.council_of(obj)))


@rules.predicate
def is_council_editor(user, obj):
    """The user is an officer or the lead at the council the object belongs to."""
    return bool(selectors.roles_at(user, selectors.council_of(obj)) & {Role.OFFICER, Role.LEAD})


@rules.predicate
def is_council_lead(user, obj):
    """The user is the head of procurement at the council the object belongs to."""
    return Role.LEAD in selectors.roles_at(user, selectors.council_of(obj))


@rules.predicate
def belongs_to_a_council(user):
    """The user holds a role at some council."""
    return bool(selectors.councils_of(user))


rules.add_perm("npsportal.view_council", is_council_member | is_lga_staff)
rules.add_perm("npsportal.view_national_picture", is_lga_staff)
rules.add_perm("npsportal.use_back_office", is_lga_staff)
