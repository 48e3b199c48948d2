"""The API asks the same rules as the pages: each view's `permission_required`, through rules."""

from django.http import Http404
from rest_framework.permissions import BasePermission


def _perms(view) -> tuple[str, ...]:
    required = getattr(view, "permission_required", None)
    if not required:
        return ()
    return (required,) if isinstance(required, str) else tuple(required)


class HasPortalPermission(BasePermission):
    """Checks the view's `permission_required` for the collection (or the view's
    `get_permission_object()`, e.g. the council in the URL) and then for each object; an object
    the person may not see is a 404, never a 403, as on the pages."""

    def has_permission(self, request, view):
        perms = _perms(view)
        if not perms:
            return True
        get_object = getattr(view, "get_permission_object", None)
        obj = get_object() if get_object else None
        if request.user.has_perms(perms, obj):
            return True
        if obj is not None and request.user.is_authenticated:
            raise Http404
        return False

    def has_object_permission(self, request, view, obj):
        perms = _perms(view)
        if not perms or request.user.has_perms(perms, obj):
            return True
        if request.user.is_authenticated:
            raise Http404
        return False
