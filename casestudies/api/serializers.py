"""Published case studies for machines: keys, slugs and ISO dates, with the words beside them."""

from rest_framework import serializers

from casestudies.models import CaseStudy, CaseStudyKeyArea, Category, OutcomeFigure
from npsportal.models import Council


class CaseStudyCouncilSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    region_label = serializers.CharField(source="get_region_display", read_only=True)

    class Meta:
        model = Council
        fields = ["name", "slug", "gss_code", "kind", "kind_label", "region", "region_label"]


class CaseStudyCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["key", "name"]


class CaseStudyKeyAreaSerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="key_area.key", read_only=True)
    name = serializers.CharField(source="key_area.name", read_only=True)
    level_name = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = CaseStudyKeyArea
        fields = ["key", "name", "level", "level_name"]


class CaseStudyOutcomeSerializer(serializers.ModelSerializer):
    measure_label = serializers.CharField(source="get_measure_display", read_only=True)

    class Meta:
        model = OutcomeFigure
        fields = ["measure", "measure_label", "value", "description"]


class CaseStudySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="casestudies_api:case_study_detail", lookup_field="slug"
    )
    page_url = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    councils = CaseStudyCouncilSerializer(many=True, read_only=True)
    categories = CaseStudyCategorySerializer(many=True, read_only=True)
    key_areas = CaseStudyKeyAreaSerializer(source="tags", many=True, read_only=True)

    class Meta:
        model = CaseStudy
        fields = [
            "url",
            "page_url",
            "slug",
            "title",
            "summary",
            "status",
            "status_label",
            "published_at",
            "last_reviewed",
            "councils",
            "partners",
            "categories",
            "key_areas",
        ]

    def get_page_url(self, case_study) -> str:
        return self.context["request"].build_absolute_uri(case_study.get_absolute_url())


class CaseStudyDetailSerializer(CaseStudySerializer):
    outcomes = CaseStudyOutcomeSerializer(many=True, read_only=True)

    class Meta(CaseStudySerializer.Meta):
        # The sections in Markdown, as written. Contact details stay on the page, where a person
        # reads them, rather than in a feed anyone can harvest.
        fields = [
            *CaseStudySerializer.Meta.fields,
            "background",
            "what_they_did",
            "what_they_learned",
            "outcomes",
        ]
