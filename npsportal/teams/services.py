"""Invitations and teams: who is invited, who joins, changes of role and removals."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from npsportal.audit import record_event
from npsportal.formatting import govuk_date
from npsportal.models import Council, Invitation, Membership, User, normalise_email
from npsportal.outbox import queue_email
from npsportal.roles import Role
from npsportal.services import grant_role, revoke_role
from npsportal.teams.sessions import end_sessions_of

ALREADY_A_MEMBER = "{email} already belongs to {where}"
ALREADY_INVITED = "An invitation to {email} is waiting: re-send it from the list of invitations"
NOT_YOURSELF = "You cannot invite yourself"
LAST_HEAD = (
    "{name} is {council}'s only head of procurement. Invite or choose another head of "
    "procurement first, so that someone can always run the council's team"
)
OWN_ACCESS = "You cannot change your own role or remove yourself. Ask another {who} to do it"


class TeamRuleBroken(ValidationError):
    """A change that would break a rule of teams: said in words to the person making it."""


def hash_token(token: str) -> str:
    """The SHA-256 of a link's secret, as stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def find_invitation(token: str) -> Invitation | None:
    """The invitation whose link carries this secret, if any."""
    digest = hash_token(token)
    invitation = Invitation.objects.select_related("council").filter(token_hash=digest).first()
    # Found by its hash; compared again in constant time so no timing tells a near miss.
    if invitation and hmac.compare_digest(invitation.token_hash, digest):
        return invitation
    return None


def _new_link(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + timedelta(days=settings.INVITATION_DAYS)
    return token


def _send(invitation: Invitation, token: str) -> None:
    link = settings.SITE_URL + reverse("teams:accept", args=[token])
    inviter = invitation.invited_by.get_full_name() if invitation.invited_by else "LGA staff"
    body = (
        f"Dear {invitation.full_name},\n\n"
        f"{inviter} has invited you to join {invitation.where} on NPS Portal as "
        f"{invitation.get_role_display().lower()}.\n\n"
        "NPS Portal is where English councils assess their procurement against the National "
        "Procurement Strategy.\n\n"
        f"To join, open this link and choose a password:\n{link}\n\n"
        f"The link works once and stops working on {govuk_date(invitation.expires_at)}. "
        "If it has stopped working, ask the person who invited you to send a new one.\n\n"
        "If you did not expect this email, you can ignore it.\n\nNPS Portal\n"
    )
    queue_email(
        to=invitation.email,
        subject=f"Join {invitation.where} on NPS Portal",
        body=body,
        key=f"invitation:{invitation.pk}:{invitation.sends}",
    )


def _check_can_invite(*, email: str, council: Council | None, by: User) -> None:
    if normalise_email(by.email) == email:
        raise TeamRuleBroken(NOT_YOURSELF, code="yourself")
    member = Membership.objects.filter(user__in=User.objects.with_email(email), council=council)
    if member.exists():
        where = council.name if council else "LGA staff"
        raise TeamRuleBroken(ALREADY_A_MEMBER.format(email=email, where=where), code="member")
    waiting = Invitation.objects.filter(
        email=email, council=council, accepted_at=None, revoked_at=None
    ).first()
    if waiting and waiting.state == Invitation.State.WAITING:
        raise TeamRuleBroken(ALREADY_INVITED.format(email=email), code="invited")
    if waiting:  # expired: the new invitation takes its place
        waiting.revoked_at = timezone.now()
        waiting.save(update_fields=["revoked_at"])


@transaction.atomic
def invite(
    *, email: str, full_name: str, role: str, council: Council | None, by: User
) -> Invitation:
    """Invites a person to a role at a council (or as LGA staff): one open invitation each."""
    email = normalise_email(email)
    council = None if role == Role.LGA_STAFF else council
    _check_can_invite(email=email, council=council, by=by)
    invitation = Invitation(
        email=email, full_name=full_name.strip(), role=role, council=council, invited_by=by
    )
    token = _new_link(invitation)
    invitation.save()
    record_event(action="invitation.sent", actor=by, obj=invitation, details=_details(invitation))
    _send(invitation, token)
    return invitation


def _details(invitation: Invitation) -> dict:
    council = invitation.council.name if invitation.council else None
    return {"invited": invitation.email, "role": invitation.role, "council": council}


def _locked(invitation: Invitation) -> Invitation:
    found = Invitation.objects.select_related("council", "invited_by")
    # Only the invitation's row: PostgreSQL cannot lock the council, an outer join's nullable side.
    return found.select_for_update(of=("self",)).get(pk=invitation.pk)


@transaction.atomic
def resend(*, invitation: Invitation, by: User, sends: int) -> bool:
    """Sends a new link that expires a week from now; the old link stops working. `sends` is the
    count the person saw, so a second click of the same button sends nothing more."""
    invitation = _locked(invitation)
    if invitation.sends != sends or invitation.state in ("accepted", "revoked"):
        return False
    token = _new_link(invitation)
    invitation.sends += 1
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at", "sends"])
    record_event(action="invitation.resent", actor=by, obj=invitation, details=_details(invitation))
    _send(invitation, token)
    return True


@transaction.atomic
def revoke(*, invitation: Invitation, by: User) -> bool:
    """Stops an invitation's link working; False if it was accepted or revoked already."""
    invitation = _locked(invitation)
    if invitation.accepted_at or invitation.revoked_at:
        return False
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record_event(
        action="invitation.revoked", actor=by, obj=invitation, details=_details(invitation)
    )
    return True


class InvitationUnusable(Exception):
    """The link has been used, revoked or has expired since the page was shown."""

    def __init__(self, state: str):
        super().__init__(state)
        self.state = state


def _claim(invitation: Invitation) -> Invitation:
    invitation = _locked(invitation)
    if invitation.state != Invitation.State.WAITING:
        raise InvitationUnusable(invitation.state)
    return invitation


def _join(invitation: Invitation, user: User) -> Membership:
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    membership = grant_role(
        user=user, role=invitation.role, council=invitation.council, by=invitation.invited_by
    )
    record_event(
        action="invitation.accepted", actor=user, obj=invitation, details=_details(invitation)
    )
    return membership


@transaction.atomic
def accept_as_new_person(*, invitation: Invitation, full_name: str, password: str) -> User:
    """Accepts for someone without an account in use: their name and password, then the role."""
    invitation = _claim(invitation)
    user = User.objects.with_email(invitation.email).first()
    if user is not None and user.is_active:
        raise InvitationUnusable("has_account")
    user = user or User(email=invitation.email)
    user.full_name, user.is_active = full_name.strip(), True
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    _join(invitation, user)
    return user


@transaction.atomic
def accept_as_member(*, invitation: Invitation, user: User) -> Membership:
    """Accepts for a signed-in person whose address was invited: they gain the role."""
    invitation = _claim(invitation)
    if normalise_email(user.email) != invitation.email:
        raise InvitationUnusable("someone_else")
    return _join(invitation, user)


def _refuse_own(membership: Membership, by: User) -> None:
    if membership.user_id == by.pk:
        who = "head of procurement" if membership.council_id else "member of LGA staff"
        raise TeamRuleBroken(OWN_ACCESS.format(who=who), code="own")


def _refuse_last_head(membership: Membership) -> None:
    if membership.role != Role.LEAD:
        return
    # Locked, so two heads removing each other at once cannot leave the council with none.
    heads = (
        Membership.objects.select_for_update(of=("self",))
        .filter(council_id=membership.council_id, role=Role.LEAD)
        .order_by("pk")
    )
    if len(list(heads)) <= 1:
        name, council = membership.user.get_full_name(), membership.council.name
        raise TeamRuleBroken(LAST_HEAD.format(name=name, council=council), code="last_head")


@transaction.atomic
def change_role(*, membership: Membership, role: str, by: User) -> Membership:
    """Gives a council member another role; never one's own, never the council's last head."""
    _refuse_own(membership, by)
    if role == membership.role:
        return membership
    _refuse_last_head(membership)
    return grant_role(user=membership.user, role=role, council=membership.council, by=by)


@transaction.atomic
def remove_member(*, membership: Membership, by: User) -> None:
    """Ends a person's role at once; with no role left they are switched off and signed out.
    Their work and history stay."""
    _refuse_own(membership, by)
    _refuse_last_head(membership)
    user = membership.user
    revoke_role(membership=membership, by=by)
    if membership.role == Role.LGA_STAFF and not user.is_superuser:
        user.is_staff = False
    if not user.memberships.exists():
        user.is_active = False
    user.save(update_fields=["is_staff", "is_active"])
    if not user.is_active:
        end_sessions_of(user)
        record_event(action="person.switched_off", actor=by, obj=user)
