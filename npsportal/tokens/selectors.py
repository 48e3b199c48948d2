"""Reads of a person's access tokens, ready for their page."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from npsportal.formatting import LONDON, govuk_date, govuk_time
from npsportal.models import AccessToken, User


@dataclass(frozen=True)
class TokenRow:
    token: AccessToken
    state: str
    colour: str  # the GOV.UK tag's colour
    last_used: str


def tokens_of(user: User) -> QuerySet:
    """The person's own tokens, newest first: nobody sees another's."""
    return AccessToken.objects.filter(user=user)


def _state(token: AccessToken) -> tuple[str, str]:
    if token.revoked_at is not None:
        return "Revoked", "grey"
    if token.expires_at <= timezone.now():
        return "Expired", "grey"
    return "Active", "green"


def last_used(token: AccessToken) -> str:
    """When the token was last used, time first: 6:24am, 12 May 2027; or Never."""
    if token.last_used_at is None:
        return "Never"
    local = token.last_used_at.astimezone(LONDON)
    return f"{govuk_time(local)}, {govuk_date(local)}"


def token_rows(user: User) -> list[TokenRow]:
    """The person's tokens with their state and last use in words."""
    return [TokenRow(t, *_state(t), last_used(t)) for t in tokens_of(user)]
