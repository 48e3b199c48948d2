"""Strategies and consultations for machines: codes, slugs and ISO dates (with London's offset),
with the words people read beside them."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import KeyArea
from strategies.models import CategoryStrategy, Consultation


def _page(serializer, name: str, slug: str) -> str:
    return serializer.context["request"].build_absolute_uri(reverse(name, args=[slug]))


class StrategyKeyAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = KeyArea
        fields = ["key", "name"]


class ConsultationSummarySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="strategies_api:consultation_detail", lookup_field="slug"
    )
    state = serializers.CharField(read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Consultation
        fields = ["url", "slug", "title", "state", "state_label", "opens_at", "closes_at"]


class StrategySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="strategies_api:strategy_detail", lookup_field="slug"
    )
    page_url = serializers.SerializerMethodField()
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    related_key_areas = StrategyKeyAreaSerializer(many=True, read_only=True)

    class Meta:
        model = CategoryStrategy
        fields = [
            "url",
            "page_url",
            "slug",
            "title",
            "category",
            "category_label",
            "status",
            "status_label",
            "version",
            "published_on",
            "summary",
            "related_key_areas",
        ]

    def get_page_url(self, strategy) -> str:
        return _page(self, "strategies:strategy_detail", strategy.slug)


class StrategyDetailSerializer(StrategySerializer):
    key_recommendations = serializers.ListField(
        source="recommendation_list", child=serializers.CharField(), read_only=True
    )
    consultations = serializers.SerializerMethodField()

    class Meta(StrategySerializer.Meta):
        fields = [*StrategySerializer.Meta.fields, "body", "key_recommendations", "consultations"]

    @extend_schema_field(ConsultationSummarySerializer(many=True))
    def get_consultations(self, strategy) -> list:
        consultations = self.context["consultations"].filter(strategy=strategy)
        return ConsultationSummarySerializer(consultations, many=True, context=self.context).data


class ConsultationSerializer(ConsultationSummarySerializer):
    page_url = serializers.SerializerMethodField()
    strategy = serializers.HyperlinkedRelatedField(
        view_name="strategies_api:strategy_detail", lookup_field="slug", read_only=True
    )
    strategy_title = serializers.CharField(source="strategy.title", read_only=True)

    class Meta(ConsultationSummarySerializer.Meta):
        fields = [
            *ConsultationSummarySerializer.Meta.fields,
            "page_url",
            "strategy",
            "strategy_title",
            "outcome_published_at",
        ]

    def get_page_url(self, consultation) -> str:
        return _page(self, "strategies:consultation_detail", consultation.slug)


class ConsultationDetailSerializer(ConsultationSerializer):
    outcome = serializers.SerializerMethodField()

    class Meta(ConsultationSerializer.Meta):
        fields = [*ConsultationSerializer.Meta.fields, "description", "contact_email", "outcome"]

    def get_outcome(self, consultation) -> str:
        """The outcome in Markdown once published, else empty (as on the page)."""
        return consultation.outcome if consultation.outcome_published_at else ""
