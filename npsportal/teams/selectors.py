"""Reads for the team and invitation pages."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from npsportal.models import Council, Invitation, Membership
from npsportal.roles import Role

STATE_FILTERS = {
    Invitation.State.WAITING: lambda now: Q(accepted_at=None, revoked_at=None, expires_at__gt=now),
    Invitation.State.ACCEPTED: lambda now: Q(accepted_at__isnull=False),
    Invitation.State.EXPIRED: lambda now: Q(accepted_at=None, revoked_at=None, expires_at__lte=now),
    Invitation.State.REVOKED: lambda now: Q(accepted_at=None, revoked_at__isnull=False),
}


def councils_with_heads(search: str = "") -> QuerySet[Council]:
    """Councils by name (those whose name holds `search`), each with its heads and whether
    anyone has joined."""
    heads = Membership.objects.filter(role=Role.LEAD).select_related("user")
    waiting = STATE_FILTERS[Invitation.State.WAITING](timezone.now())
    councils = Council.objects.annotate(
        joined=Exists(Membership.objects.filter(council=OuterRef("pk"))),
        invited=Exists(Invitation.objects.filter(waiting, council=OuterRef("pk"))),
    ).prefetch_related(Prefetch("memberships", queryset=heads, to_attr="heads"))
    if search.strip():
        councils = councils.filter(name__icontains=search.strip())
    return councils.order_by("name")


def invitations(*, state: str = "", council: Council | None = None, lga_staff: bool = False):
    """Invitations, newest first: all, or to one council, or to the LGA; in one state or any."""
    found = Invitation.objects.select_related("council", "invited_by")
    if council is not None:
        found = found.filter(council=council)
    elif lga_staff:
        found = found.filter(council=None)
    if state in STATE_FILTERS:
        found = found.filter(STATE_FILTERS[state](timezone.now()))
    return found


def members_of(council: Council | None) -> QuerySet[Membership]:
    """A council's members (None: LGA staff), by name."""
    return (
        Membership.objects.filter(council=council)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def councils_led_by(user) -> list[Council]:
    """The councils where the person is a head of procurement, by name."""
    from npsportal.selectors import memberships_of

    led = (m.council for m in memberships_of(user) if m.role == Role.LEAD and m.council)
    return sorted(led, key=lambda c: c.name)
