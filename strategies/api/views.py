"""Strategies and consultations as the public pages show them: drafts never, whoever asks."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from npsportal.api.base import ApiMixin
from strategies import selectors
from strategies.api import serializers
from strategies.models import Consultation

State = Consultation.State
# The public pages' view, even for LGA staff's tokens: the API publishes nothing in draft.
PUBLIC = AnonymousUser()


def _state_condition(state: str) -> Q | None:
    """The consultations in a state now, in SQL (the state follows the clock; it is not stored)."""
    now = timezone.now()
    return {
        State.FORTHCOMING: Q(opens_at__gt=now),
        State.OPEN: Q(opens_at__lte=now, closes_at__gt=now),
        State.CLOSED: Q(closes_at__lte=now, outcome_published_at__isnull=True),
        State.OUTCOME_PUBLISHED: Q(closes_at__lte=now, outcome_published_at__isnull=False),
    }.get(state)


def public_consultations():
    return selectors.consultations_visible_to(PUBLIC)


class StrategyListView(ApiMixin, generics.ListAPIView):
    """Strategies anyone may read, by title."""

    serializer_class = serializers.StrategySerializer

    def get_queryset(self):
        return selectors.strategies_visible_to(PUBLIC).prefetch_related("related_key_areas")


class StrategyDetailView(ApiMixin, generics.RetrieveAPIView):
    """A strategy with its key recommendations and its consultations."""

    serializer_class = serializers.StrategyDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.strategies_visible_to(PUBLIC).prefetch_related("related_key_areas")

    def get_serializer_context(self):
        return super().get_serializer_context() | {"consultations": public_consultations()}


@extend_schema(
    parameters=[
        OpenApiParameter(
            "state",
            OpenApiTypes.STR,
            enum=[s.value for s in State if s != State.DRAFT],
            description="Only consultations in this state now.",
        )
    ]
)
class ConsultationListView(ApiMixin, generics.ListAPIView):
    """Consultations anyone may read, closing latest first, with their state now."""

    serializer_class = serializers.ConsultationSerializer

    def get_queryset(self):
        consultations = public_consultations()
        condition = _state_condition(self.request.query_params.get("state", ""))
        return consultations.filter(condition) if condition is not None else consultations


class ConsultationDetailView(ApiMixin, generics.RetrieveAPIView):
    serializer_class = serializers.ConsultationDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return public_consultations()
