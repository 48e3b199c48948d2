from datetime import timedelta

from django.utils import timezone

from npsportal.models import Invitation, Membership
from npsportal.roles import Role
from npsportal.teams.services import hash_token
from tests.factories import lga_staff
from tests.matrix import Row, for_roles, statuses

# URL names anyone may open without signing in.
PUBLIC = {
    "home",
    "healthz",
    "accessibility",
    "privacy",
    "cookies",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}

ROWS = [
    Row("home", statuses(200, anonymous=200)),
    Row("healthz", statuses(200, anonymous=200)),
    Row("privacy", statuses(200, anonymous=200)),
    Row("password_change", statuses(200)),
    Row("password_change_done", statuses(200)),
    Row("reminder_settings", statuses(200)),
    # Signed-in users are sent on from the sign-in page.
    Row("login", statuses(302, anonymous=200)),
    Row("logout", statuses(302), method="post"),
    # Verified sessions are sent on from the code and set-up pages.
    Row("two_factor_verify", statuses(302)),
    Row("two_factor_set_up", statuses(302)),
    Row("two_factor_recovery_codes", statuses(200)),
]


# Invitations and teams (npsportal.teams): the link to join is public; the staff pages are LGA
# staff's; a council's team is its heads' (and LGA staff's), another council's team is a 404.
PUBLIC |= {"teams:accept"}
MATRIX_TOKEN = "matrix-invitation-token"  # noqa: S105 - a test link's secret
STAFF_ONLY = statuses(403, lga_staff=200)
TEAM = for_roles(["lead", "lga_staff"])


def _invitation(world):
    if "invitation" not in world.objects:
        world.objects["invitation"] = Invitation.objects.create(
            email="invited@stockport.test",
            full_name="Ivy Invited",
            council=world.own,
            role=Role.OFFICER,
            invited_by=world.users["lead"],
            token_hash=hash_token(MATRIX_TOKEN),
            expires_at=timezone.now() + timedelta(days=7),
        )
    return world.objects["invitation"]


def _colleague(world):
    if "colleague" not in world.objects:
        world.objects["colleague"] = lga_staff(email="colleague@lga.test")
    return Membership.objects.get(user=world.objects["colleague"])


def _officer_membership(world):
    return Membership.objects.get(user=world.users["officer"], council=world.own)


def _stockport(world):
    return {"slug": world.own.slug}


ROWS += [
    Row("teams:council_list", STAFF_ONLY),
    Row("teams:invitation_list", STAFF_ONLY),
    Row("teams:invite_head", STAFF_ONLY, _stockport),
    Row("teams:lga_team", STAFF_ONLY),
    Row("teams:lga_invite", STAFF_ONLY),
    Row("teams:lga_member_remove", STAFF_ONLY, lambda w: {"pk": _colleague(w).pk}),
    # A head of one council goes straight to its team.
    Row("teams:team_choose", statuses(403, lead=302, other_lead=302)),
    Row("teams:team", TEAM, _stockport),
    Row("teams:invite", TEAM, _stockport),
    Row(
        "teams:member_role",
        TEAM,
        lambda w: {"slug": w.own.slug, "pk": _officer_membership(w).pk},
    ),
    Row(
        "teams:member_remove",
        TEAM,
        lambda w: {"slug": w.own.slug, "pk": _officer_membership(w).pk},
    ),
    Row("teams:invitation_resend", TEAM, lambda w: {"pk": _invitation(w).pk}),
    Row("teams:invitation_revoke", TEAM, lambda w: {"pk": _invitation(w).pk}),
    # Open to anyone with the link; everyone signed in here is someone other than the invited.
    Row(
        "teams:accept",
        statuses(403, anonymous=200),
        lambda w: {"token": MATRIX_TOKEN} if _invitation(w) else {},
    ),
]
