"""The signed link in a receipt that lets its holder change that one response until the close."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

CHANGE_LINK_SALT = "strategies.change-response"  # nosec B105 # a salt, not a secret


def change_token(response) -> str:
    """A token naming one response, signed with the secret key: it cannot be guessed or altered
    to name another. It needs no expiry of its own: the view refuses it once the consultation
    has closed."""
    return signing.dumps({"r": response.reference}, salt=CHANGE_LINK_SALT)


def reference_from(token: str) -> str | None:
    """The reference a genuine token names; None for anything tampered with or made up."""
    try:
        data = signing.loads(token or "", salt=CHANGE_LINK_SALT)
    except signing.BadSignature:
        return None
    reference = data.get("r") if isinstance(data, dict) else None
    return reference if isinstance(reference, str) else None


def change_url(response) -> str:
    """The full address of the change link, for the receipt email."""
    path = reverse(
        "strategies:respond_change_link",
        args=[response.consultation.slug, change_token(response)],
    )
    return f"{settings.SITE_URL}{path}"
