"""The assessments API: the frameworks and mappings (public); a council's assessments, answers,
actions and progress, and the national dataset, under the pages' rules (assessments/rules.py)."""

from functools import cached_property

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics
from rest_framework.response import Response

from assessments.api import selectors, serializers
from assessments.dashboards import national
from assessments.models import Action, Assessment, Round
from assessments.selectors import assessments_visible_to, filter_assessments
from npsportal.api.base import ApiMixin
from npsportal.models import Council

# The frameworks and mappings (public): read-only, and nobody's data.


class FrameworkListView(ApiMixin, generics.ListAPIView):
    """Every framework: the NPS matrix's versions, and the others a mapping joins to it."""

    serializer_class = serializers.FrameworkSerializer

    def get_queryset(self):
        return selectors.frameworks()


class FrameworkDetailView(ApiMixin, generics.RetrieveAPIView):
    """A framework and its matrix: themes, key areas, statements (retired ones flagged) and what
    each statement looks like at each level."""

    serializer_class = serializers.FrameworkDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.framework_with_matrix()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "slug" in self.kwargs:  # absent while the schema is generated
            context["scale"] = self.get_object().scale
        return context

    def get_object(self):
        if not hasattr(self, "_framework"):
            self._framework = super().get_object()
        return self._framework


class MappingListView(ApiMixin, generics.ListAPIView):
    """Every mapping between two frameworks' statements, with how many links it has."""

    serializer_class = serializers.MappingSerializer

    def get_queryset(self):
        return selectors.mappings()


class MappingDetailView(ApiMixin, generics.RetrieveAPIView):
    """A mapping's links: each source statement is the same as, part of, contains or overlaps a
    target statement."""

    serializer_class = serializers.MappingDetailSerializer

    def get_object(self):
        return get_object_or_404(
            selectors.mapping_with_links(),
            source__slug=self.kwargs["source"],
            target__slug=self.kwargs["target"],
        )


# A council's assessments, with a personal access token: what the token's person sees on the
# pages (their councils'; LGA staff every council's once submitted, never a draft).

ROUND_PARAMETER = OpenApiParameter("round", str, description="A round's slug, e.g. 2026-27.")
STATUS_PARAMETER = OpenApiParameter(
    "status", str, enum=Assessment.Status.values, description="Only assessments in this status."
)
COUNCIL_PARAMETER = OpenApiParameter("council", str, description="A council's slug.")


def chosen(query, name: str, values, words: str) -> str:
    """A filter's value from the query, "" when absent; 400 saying which values exist."""
    value = query.get(name, "")
    if value and value not in values:
        raise exceptions.ValidationError(
            {name: f"Unknown {words} '{value}'. Use one of: {', '.join(values)}."}
        )
    return value


def chosen_round(query) -> Round | None:
    """The round named by ?round=slug (400 if there is none such), or None for every round."""
    slug = query.get("round", "")
    if not slug:
        return None
    found = Round.objects.filter(slug=slug).first()
    if found is None:
        slugs = ", ".join(Round.objects.values_list("slug", flat=True))
        raise exceptions.ValidationError({"round": f"Unknown round '{slug}'. Rounds: {slugs}."})
    return found


@extend_schema(parameters=[ROUND_PARAMETER, STATUS_PARAMETER, COUNCIL_PARAMETER])
class AssessmentListView(ApiMixin, generics.ListAPIView):
    """Your councils' self-assessments; for LGA staff every council's once submitted."""

    permission_required = "assessments.view_own_assessments"
    serializer_class = serializers.AssessmentSerializer

    def get_queryset(self):
        query = self.request.query_params
        visible = assessments_visible_to(self.request.user).select_related("round__framework")
        visible = filter_assessments(
            visible,
            round=chosen_round(query),
            status=chosen(query, "status", Assessment.Status.values, "status"),
        )
        if council := query.get("council"):
            visible = visible.filter(council__slug=council)
        return visible.order_by("-round__opens_on", "council__name", "pk")


class AssessmentMixin(ApiMixin):
    """The assessment in the URL among those the person may see: another council's (or, for LGA
    staff, a draft) is a 404, as on the pages."""

    permission_required = "assessments.view_assessment"

    def assessments(self):
        return assessments_visible_to(self.request.user).select_related("round__framework")

    @cached_property
    def assessment(self) -> Assessment:
        return get_object_or_404(self.assessments(), pk=self.kwargs["pk"])

    def get_permission_object(self):
        # Without a token, a 401 that says how to send one (rather than a 404); and none while
        # the schema is generated.
        if not self.request.user.is_authenticated or "pk" not in self.kwargs:
            return None
        return self.assessment


class AssessmentDetailView(AssessmentMixin, generics.RetrieveAPIView):
    """An assessment and its answers: levels, target, confidence, evidence in words and links."""

    serializer_class = serializers.AssessmentDetailSerializer

    def assessments(self):
        return selectors.assessment_with_answers(super().assessments())

    def get_object(self):
        return self.assessment

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "pk" in self.kwargs:
            context["scale"] = self.assessment.round.framework.scale
        return context


class AssessmentActionsView(AssessmentMixin, generics.ListAPIView):
    """The assessment's improvement actions, soonest due first."""

    serializer_class = serializers.ActionSerializer

    def get_queryset(self):
        if "pk" not in self.kwargs:
            return Action.objects.none()
        return selectors.actions_of(self.assessment)


class AssessmentProgressView(AssessmentMixin, generics.GenericAPIView):
    """How far the assessment has got: each key area's completion and level, as the task list
    and dashboard show them."""

    serializer_class = serializers.ProgressSerializer

    def get(self, request, *args, **kwargs):
        return Response(self.get_serializer(selectors.progress(self.assessment)).data)


# The national dataset (LGA staff): the national picture's export, by machine.


@extend_schema(
    parameters=[
        OpenApiParameter("round", str, description="A round's slug; the newest by default."),
        OpenApiParameter("region", str, enum=Council.Region.values),
        OpenApiParameter("kind", str, enum=Council.Kind.values),
    ],
    responses=serializers.DatasetRowSerializer(many=True),
)
class NationalDatasetView(ApiMixin, generics.ListAPIView):
    """One row per council and statement of a round's submitted and approved assessments: the
    rows of the national picture's CSV export, with the codes beside the words."""

    permission_required = "npsportal.view_national_picture"
    serializer_class = serializers.DatasetRowSerializer

    def get_queryset(self):
        query = self.request.query_params
        filters = national.Filters(
            region=chosen(query, "region", Council.Region.values, "region"),
            kind=chosen(query, "kind", Council.Kind.values, "kind of council"),
        )
        round = chosen_round(query) or national.pick_round(national.rounds(), None)
        if round is None:
            raise exceptions.NotFound("No round yet: the national dataset is empty.")
        return selectors.dataset_rows(round, filters)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = [selectors.dataset_row(values) for values in page]
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)
