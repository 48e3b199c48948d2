"""Personal access tokens for the API: made, shown once, revoked."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from npsportal.api.authentication import hash_key
from npsportal.audit import record_event
from npsportal.models import AccessToken, User

# Tells a portal token apart at a glance (and to secret scanners) from any other.
KEY_START = "nps_"
PREFIX_LENGTH = 12


@transaction.atomic
def create_token(*, user: User, name: str, days: int) -> tuple[AccessToken, str]:
    """Makes a token for the person; its text is returned once and only its hash is kept."""
    key = KEY_START + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        user=user,
        name=name,
        prefix=key[:PREFIX_LENGTH],
        key_hash=hash_key(key),
        expires_at=timezone.now() + timedelta(days=days),
    )
    record_event(
        action="api.token_created",
        actor=user,
        obj=token,
        details={"prefix": token.prefix, "days": days},
    )
    return token, key


@transaction.atomic
def revoke_token(*, token: AccessToken, by: User) -> None:
    """Stops the token working at once; it stays listed as revoked."""
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_event(action="api.token_revoked", actor=by, obj=token, details={"prefix": token.prefix})
