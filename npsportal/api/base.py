"""What every API view shares: read only, token-signed (so no login page and no CSRF), and the
portal's rules through `permission_required`."""

from django.utils.cache import add_never_cache_headers

READ_METHODS = ["get", "head", "options"]


class ApiMixin:
    """Put first in each API view's bases. `permission_required` (one permission or several)
    is checked by npsportal.api.permissions.HasPortalPermission; none means public."""

    http_method_names = READ_METHODS
    permission_required: str | tuple[str, ...] | None = None

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        # A token, not the session, says who is asking: the login page and its redirect
        # mean nothing to a script. DRF's views are already exempt from CSRF (no cookies used).
        view.login_required = False
        return view

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # A council's data, answered to a token, is kept by no cache on the way.
        if getattr(request, "_auth", None) is not None:
            add_never_cache_headers(response)
        return response
