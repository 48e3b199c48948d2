"""Published case studies, found with the library page's own search and filters."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from casestudies import selectors
from casestudies.api.serializers import CaseStudyDetailSerializer, CaseStudySerializer
from casestudies.forms import CaseStudySearchForm
from npsportal.api.base import ApiMixin

RELATED = ("councils", "categories", "tags__key_area")


def _many(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, many=True, description=description)


@extend_schema(
    parameters=[
        OpenApiParameter("q", OpenApiTypes.STR, description="Words to search for."),
        _many("key_area", "Key area keys, e.g. key-area-1 (any of them)."),
        _many("category", "Category keys (any of them)."),
        _many("region", "Region codes of the councils (any of them)."),
        _many("kind", "Kinds of council (any of them)."),
        OpenApiParameter(
            "sort",
            OpenApiTypes.STR,
            enum=["relevance", "newest"],
            description="relevance (with q) or newest first.",
        ),
    ],
    description="Published case studies, newest first or by relevance with `q`. Filters "
    "combine as on the library page: values of one filter are alternatives, different filters "
    "all apply; unknown values are ignored, as on the page.",
)
class CaseStudyListView(ApiMixin, generics.ListAPIView):
    serializer_class = CaseStudySerializer

    def get_queryset(self):
        # The library page's own form and selector: one filter implementation, not two.
        filters = CaseStudySearchForm(self.request.query_params).filters()
        return selectors.find_case_studies(filters)


class CaseStudyDetailView(ApiMixin, generics.RetrieveAPIView):
    """A published or archived case study (drafts and case studies in review are not found)."""

    serializer_class = CaseStudyDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.public_case_studies().prefetch_related(*RELATED, "outcomes")
