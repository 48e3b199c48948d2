"""Bearer access tokens: a person's own key acts as them, with their roles of the moment."""

import hashlib
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from npsportal.audit import record_event
from npsportal.models import AccessToken

KEYWORD = b"bearer"
# last_used_at is written at most this often, so a dashboard's burst costs one UPDATE a minute.
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_key(key: str) -> str:
    """The SHA-256 (hex) the database keeps in place of a token's text."""
    return hashlib.sha256(key.encode()).hexdigest()


def _presented_key(request) -> str | None:
    parts = get_authorization_header(request).split()
    if not parts or parts[0].lower() != KEYWORD:
        return None
    if len(parts) != 2:
        raise exceptions.AuthenticationFailed(
            "The Authorization header must be 'Bearer' followed by one token, with no spaces in it."
        )
    try:
        return parts[1].decode()
    except UnicodeDecodeError as error:
        raise exceptions.AuthenticationFailed("The token holds characters no token has.") from error


def _refusal(token: AccessToken | None) -> str | None:
    now = timezone.now()
    if token is None:
        return "This access token is not recognised. Check it was copied in full."
    if token.revoked_at is not None:
        return "This access token has been revoked. Create a new one from your account."
    if token.expires_at <= now:
        return "This access token has expired. Create a new one from your account."
    if not token.user.is_active:
        return "The account this access token belongs to is switched off."
    return None


def _mark_used(token: AccessToken) -> None:
    now = timezone.now()
    if token.last_used_at and now - token.last_used_at < LAST_USED_PRECISION:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION)
    AccessToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)


class AccessTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>`; no header means anonymous, a bad token means 401."""

    def authenticate(self, request):
        key = _presented_key(request)
        if key is None:
            return None
        token = AccessToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        refusal = _refusal(token)
        if refusal:
            raise exceptions.AuthenticationFailed(refusal)
        _mark_used(token)
        record_event(
            action="api.token_used",
            request=request._request,
            actor=token.user,
            obj=token,
            details={"prefix": token.prefix, "path": request.path, "method": request.method},
        )
        return token.user, token

    def authenticate_header(self, request):
        # Makes refusals 401 (with WWW-Authenticate) rather than 403.
        return 'Bearer realm="api"'


class AccessTokenScheme(OpenApiAuthenticationExtension):
    """Describes the token in the OpenAPI schema (drf-spectacular finds it by its class)."""

    target_class = AccessTokenAuthentication
    name = "accessToken"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization",
            token_prefix="Bearer",  # nosec B106 # the scheme's name
        )
