"""Who may do what with councils and people. Every rule is one line, built from named predicates."""

import rules
from django.conf import settings

from npsportal import selectors
from npsportal.roles import MEMBER_ROLES, Role


@rules.predicate
def is_lga_staff(user):
    """The user works for the LGA."""
    return selectors.has_lga_staff_role(user)


@rules.predicate
def is_council_member(user, obj):
    """The user sees the council's self-assessments: an officer, its head or a councillor there."""
    return bool(selectors.roles_at(user, selectors.council_of(obj)) & set(MEMBER_ROLES))


@rules.predicate
def is_council_editor(user, obj):
    """The user is an officer or the lead at the council the object belongs to."""
    return bool(selectors.roles_at(user, selectors.council_of(obj)) & {Role.OFFICER, Role.LEAD})


@rules.predicate
def is_council_lead(user, obj):
    """The user is the head of procurement at the council the object belongs to."""
    return Role.LEAD in selectors.roles_at(user, selectors.council_of(obj))


@rules.predicate
def leads_a_council(user):
    """The user is a head of procurement somewhere."""
    return any(m.role == Role.LEAD for m in selectors.memberships_of(user))


@rules.predicate
def belongs_to_a_council(user):
    """The user is an officer, a head or a councillor at some council (not only a contributor)."""
    return bool(selectors.councils_of(user))


@rules.predicate
def holds_a_council_role(user):
    """The user holds any role at some council, a contributor's included."""
    return selectors.holds_a_council_role(user)


@rules.predicate
def may_skip_two_factor(user):
    """A demo account (*.example.org) while DEBUG is on and the demo skip is allowed."""
    return (
        settings.DEBUG
        and settings.TWO_FACTOR_DEMO_SKIP
        and user.email.lower().endswith(".example.org")
    )


# Council (contributors too), LGA staff and superuser accounts reach unpublished assessments
# and personal data.
must_use_two_factor = (
    holds_a_council_role | is_lga_staff | rules.is_superuser
) & ~may_skip_two_factor

rules.add_perm("npsportal.view_council", is_council_member | is_lga_staff)
rules.add_perm("npsportal.view_national_picture", is_lga_staff)
rules.add_perm("npsportal.use_back_office", is_lga_staff)
# Invitations and teams: LGA staff invite councils' heads and their own colleagues; a council's
# heads run its team (decision 0011).
rules.add_perm("npsportal.invite_heads", is_lga_staff)
rules.add_perm("npsportal.manage_lga_team", is_lga_staff)
rules.add_perm("npsportal.manage_a_team", leads_a_council)
# LGA staff may too: a council whose only head has left is not stranded.
rules.add_perm("npsportal.manage_team", is_council_lead | is_lga_staff)
rules.add_perm("npsportal.manage_invitation", is_lga_staff | is_council_lead)
rules.add_perm("npsportal.must_use_two_factor", must_use_two_factor)
# LGA staff reset someone's two-factor sign-in by deleting their devices in the back office
# (django-otp's admin, with secrets hidden by OTP_ADMIN_HIDE_SENSITIVE_DATA).
rules.add_perm("otp_totp", is_lga_staff)
rules.add_perm("otp_totp.view_totpdevice", is_lga_staff)
rules.add_perm("otp_totp.delete_totpdevice", is_lga_staff)
rules.add_perm("otp_static", is_lga_staff)
rules.add_perm("otp_static.view_staticdevice", is_lga_staff)
rules.add_perm("otp_static.delete_staticdevice", is_lga_staff)
