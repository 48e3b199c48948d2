"""When a response counts as on time (the rule is explained in docs/decisions/0002)."""

from datetime import UTC, datetime, timedelta

from django.core import signing

# How long after the close a response may still arrive, if its sender had reached the check your
# answers page before the close (a slow connection, a long page, a last read through).
GRACE = timedelta(minutes=15)
CHECK_TOKEN_SALT = "strategies.check-your-answers"  # nosec B105 # a salt, not a secret
# A check your answers token older than this is never honoured, whatever the consultation.
CHECK_TOKEN_MAX_AGE = timedelta(days=2)


def may_accept(
    *, opens_at: datetime, closes_at: datetime, received_at: datetime, checked_at: datetime | None
) -> bool:
    """A response is on time if it arrives before the close, or within the grace period after it
    when its check your answers page was shown before the close."""
    if received_at < opens_at:
        return False
    if received_at < closes_at:
        return True
    return checked_at is not None and checked_at < closes_at and received_at < closes_at + GRACE


def check_token(*, consultation_id: int, digest: str, at: datetime) -> str:
    """A signed note that the check your answers page showed these answers at this moment."""
    return signing.dumps(
        {"c": consultation_id, "d": digest, "t": at.timestamp()}, salt=CHECK_TOKEN_SALT
    )


def checked_at(token: str, *, consultation_id: int, digest: str) -> datetime | None:
    """When the check your answers page was shown, if the token is genuine and matches these
    answers; None otherwise."""
    try:
        data = signing.loads(
            token or "", salt=CHECK_TOKEN_SALT, max_age=CHECK_TOKEN_MAX_AGE.total_seconds()
        )
    except signing.BadSignature:
        return None
    if data.get("c") != consultation_id or data.get("d") != digest:
        return None
    return datetime.fromtimestamp(data["t"], tz=UTC)
