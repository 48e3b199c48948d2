"""Throttles keyed as the rest of the portal keys clients, with rates read at each request."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from npsportal.audit import client_ip


class _LiveRates:
    def get_rate(self):
        # DRF copies the rates when the class is defined; reading them now lets settings
        # (and tests) change them.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        # The address the sign-in lockout and audit log believe, never a forged X-Forwarded-For.
        return client_ip(request._request if hasattr(request, "_request") else request)


class AnonymousThrottle(_LiveRates, AnonRateThrottle):
    """Requests without a token, per address."""


class PersonThrottle(_LiveRates, UserRateThrottle):
    """Requests with a token, per person (all their tokens together)."""
