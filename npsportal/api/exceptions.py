"""Errors as JSON `{"detail": "..."}` in words a person reading a script's log understands."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler

MESSAGES = {
    exceptions.NotAuthenticated: (
        "Sign in with an access token: send the header 'Authorization: Bearer <token>'."
    ),
    exceptions.PermissionDenied: "Your account may not see this.",
    exceptions.NotFound: "Not found: nothing is here, or your account may not see it.",
}
READ_ONLY = "The API is read only: {method} is not allowed here. Use GET."


def _detail(exc) -> str:
    if isinstance(exc, exceptions.MethodNotAllowed):
        return READ_ONLY.format(method=exc.detail.split('"')[1] if '"' in exc.detail else "this")
    if isinstance(exc, exceptions.Throttled):
        wait = f" Try again in {exc.wait:.0f} seconds." if exc.wait is not None else ""
        return f"Too many requests.{wait}"
    default = exc.__class__.default_detail
    if str(exc.detail) == str(default) and type(exc) in MESSAGES:
        return MESSAGES[type(exc)]
    return str(exc.detail) if not isinstance(exc.detail, (dict, list)) else exc.detail


def handle_exception(exc, context):
    """DRF's handler, with Django's 404 and 403 and every message made clear."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.APIException) and not isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": _detail(exc)}
    return response
