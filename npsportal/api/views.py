"""The API's root, its OpenAPI schema and its documentation page, all public."""

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from npsportal.api.base import ApiMixin

PREFIX = "api/v1/"


def _takes_arguments(pattern: URLPattern) -> bool:
    return bool(pattern.pattern.converters) or "(?P<" in str(pattern.pattern)


def _collection_names(patterns, namespace=""):
    """Names of the API's URLs that take no arguments (its collections), in URLconf order."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _collection_names(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern) and pattern.name and not _takes_arguments(pattern):
            yield f"{namespace}{pattern.name}"


def api_patterns():
    """The URL patterns mounted under /api/v1/."""
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and str(pattern.pattern) == PREFIX:
            return pattern.url_patterns
    return []


class ApiRootView(ApiMixin, APIView):
    """Every collection of the API, with its address, and where the documentation is."""

    @extend_schema(exclude=True)
    def get(self, request):
        endpoints = {
            name.replace("_api:", ":"): request.build_absolute_uri(reverse(name))
            for name in _collection_names(api_patterns())
            if name not in {"api:root", "api:not_found"}
        }
        return Response({"endpoints": endpoints})


class SchemaView(ApiMixin, SpectacularAPIView):
    """The OpenAPI 3 schema (YAML, or JSON with ?format=json)."""


@method_decorator(login_not_required, name="dispatch")
# Swagger UI draws its small icons as data: SVGs; nothing else on the page may load images so.
@method_decorator(csp_update({"img-src": ["data:"]}), name="dispatch")
class DocsView(TemplateView):
    """Swagger UI over the schema, from the portal's own copy (drf-spectacular-sidecar)."""

    template_name = "npsportal/api/docs.html"


class NotFoundView(ApiMixin, APIView):
    """Any other address under /api/: a JSON 404, not the HTML page."""

    http_method_names = ["get", "head", "options", "post", "put", "patch", "delete"]

    def initial(self, request, *args, **kwargs):
        raise exceptions.NotFound()
