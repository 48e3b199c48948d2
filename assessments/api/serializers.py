"""The assessments API's representations: codes, keys, slugs and ISO dates for machines, with the
words people read beside them (level names, statuses' labels)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from assessments.mappings.selectors import relation_words
from assessments.models import (
    Action,
    Answer,
    Assessment,
    Descriptor,
    Framework,
    KeyArea,
    Mapping,
    MappingLink,
    Statement,
    Theme,
)


def level_name(scale, level: int | None) -> str:
    """A level's name on its framework's scale, "" for none."""
    return scale.name(level)


# The matrix (public).


class DescriptorSerializer(serializers.ModelSerializer):
    level_name = serializers.SerializerMethodField()

    class Meta:
        model = Descriptor
        fields = ["level", "level_name", "text"]

    def get_level_name(self, descriptor) -> str:
        return level_name(self.context["scale"], descriptor.level)


class StatementSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    descriptors = DescriptorSerializer(many=True, read_only=True)

    class Meta:
        model = Statement
        fields = ["code", "label", "text", "order", "is_retired", "descriptors"]


class KeyAreaSerializer(serializers.ModelSerializer):
    statements = StatementSerializer(many=True, read_only=True)

    class Meta:
        model = KeyArea
        fields = [
            "key",
            "name",
            "description",
            "what_it_is",
            "why_it_is_important",
            "order",
            "is_draft_wording",
            "statements",
        ]


class ThemeSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    key_areas = KeyAreaSerializer(many=True, read_only=True)

    class Meta:
        model = Theme
        fields = ["key", "name", "kind", "kind_label", "order", "key_areas"]


class FrameworkSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="assessments_api:framework_detail", lookup_field="slug"
    )
    family_name = serializers.CharField(source="get_family_display", read_only=True)

    class Meta:
        model = Framework
        fields = [
            "url",
            "slug",
            "name",
            "title",
            "year",
            "family",
            "family_name",
            "is_current",
            "is_draft",
            "is_assessed",
            "description",
        ]


class LevelSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    name = serializers.CharField()


class FrameworkDetailSerializer(FrameworkSerializer):
    levels = serializers.SerializerMethodField()
    themes = ThemeSerializer(many=True, read_only=True)

    class Meta(FrameworkSerializer.Meta):
        fields = [*FrameworkSerializer.Meta.fields, "levels", "themes"]

    @extend_schema_field(LevelSerializer(many=True))
    def get_levels(self, framework) -> list[dict]:
        return [{"level": n, "name": name} for n, name in framework.scale.names.items()]


# Mappings between frameworks (public).


class FrameworkRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Framework
        fields = ["slug", "name"]


class MappingSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    source = FrameworkRefSerializer(read_only=True)
    target = FrameworkRefSerializer(read_only=True)
    link_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Mapping
        fields = ["url", "source", "target", "is_draft", "updated_at", "link_count"]

    def get_url(self, mapping) -> str:
        kwargs = {"source": mapping.source.slug, "target": mapping.target.slug}
        return reverse(
            "assessments_api:mapping_detail", kwargs=kwargs, request=self.context.get("request")
        )


class LinkedStatementSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    key_area = serializers.CharField(source="key_area.key", read_only=True)

    class Meta:
        model = Statement
        fields = ["code", "label", "key_area"]


class MappingLinkSerializer(serializers.ModelSerializer):
    source = LinkedStatementSerializer(read_only=True)
    target = LinkedStatementSerializer(read_only=True)
    relation_words = serializers.SerializerMethodField()

    class Meta:
        model = MappingLink
        fields = ["source", "relation", "relation_words", "target", "note"]

    def get_relation_words(self, link) -> str:
        """The source statement is "the same as", "part of", "contains" or "overlaps" the target."""
        return relation_words(link.relation)


class MappingDetailSerializer(MappingSerializer):
    links = MappingLinkSerializer(many=True, read_only=True)

    class Meta(MappingSerializer.Meta):
        fields = [*MappingSerializer.Meta.fields, "links"]


# A council's assessments (with a personal access token).


class CouncilRefSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()
    gss_code = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    region = serializers.CharField()
    region_label = serializers.CharField(source="get_region_display")


class RoundRefSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()
    framework = serializers.SlugField(source="framework.slug")
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()


class AssessmentSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="assessments_api:assessment_detail")
    council = CouncilRefSerializer(read_only=True)
    round = RoundRefSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    actions_url = serializers.HyperlinkedIdentityField(
        view_name="assessments_api:assessment_actions"
    )
    progress_url = serializers.HyperlinkedIdentityField(
        view_name="assessments_api:assessment_progress"
    )

    class Meta:
        model = Assessment
        fields = [
            "id",
            "url",
            "council",
            "round",
            "status",
            "status_label",
            "created_at",
            "updated_at",
            "submitted_at",
            "approved_at",
            "actions_url",
            "progress_url",
        ]


class AnswerSerializer(serializers.ModelSerializer):
    statement_code = serializers.CharField(source="statement.code", read_only=True)
    statement_label = serializers.CharField(source="statement.label", read_only=True)
    statement_is_retired = serializers.BooleanField(source="statement.is_retired", read_only=True)
    key_area = serializers.CharField(source="statement.key_area.key", read_only=True)
    key_area_name = serializers.CharField(source="statement.key_area.name", read_only=True)
    current_level_name = serializers.SerializerMethodField()
    target_level_name = serializers.SerializerMethodField()
    confidence_label = serializers.CharField(source="get_confidence_display", read_only=True)
    evidence_links = serializers.ListField(
        source="links", child=serializers.CharField(), read_only=True
    )

    class Meta:
        model = Answer
        fields = [
            "statement_code",
            "statement_label",
            "statement_is_retired",
            "key_area",
            "key_area_name",
            "current_level",
            "current_level_name",
            "target_level",
            "target_level_name",
            "target_date",
            "confidence",
            "confidence_label",
            "evidence_text",
            "evidence_links",
            "agreed_reason",
            "needs_review",
            "updated_at",
        ]

    def get_current_level_name(self, answer) -> str:
        return level_name(self.context["scale"], answer.current_level)

    def get_target_level_name(self, answer) -> str:
        return level_name(self.context["scale"], answer.target_level)


class AssessmentDetailSerializer(AssessmentSerializer):
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta(AssessmentSerializer.Meta):
        fields = [*AssessmentSerializer.Meta.fields, "answers"]


class ActionSerializer(serializers.ModelSerializer):
    statement_code = serializers.CharField(source="answer.statement.code", read_only=True)
    key_area = serializers.CharField(source="answer.statement.key_area.key", read_only=True)
    key_area_name = serializers.CharField(source="answer.statement.key_area.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "statement_code",
            "key_area",
            "key_area_name",
            "what",
            "owner",
            "due_on",
            "status",
            "status_label",
            "carried_forward",
            "created_at",
        ]


class KeyAreaProgressSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    theme = serializers.CharField()
    theme_key = serializers.CharField()
    completion = serializers.CharField(help_text="not_started, in_progress or completed.")
    completion_label = serializers.CharField()
    current_level = serializers.IntegerField(allow_null=True)
    current_level_name = serializers.CharField()
    target_level = serializers.IntegerField(allow_null=True)
    target_level_name = serializers.CharField()
    statements_rated = serializers.IntegerField()
    statements_asked = serializers.IntegerField()


class ProgressSerializer(serializers.Serializer):
    assessment = serializers.IntegerField()
    key_areas_completed = serializers.IntegerField()
    key_areas = serializers.IntegerField()
    statements_rated = serializers.IntegerField()
    statements_asked = serializers.IntegerField()
    percent_rated = serializers.IntegerField()
    by_key_area = KeyAreaProgressSerializer(many=True)


# The national dataset (LGA staff): the CSV export's rows, keyed for machines.


class DatasetRowSerializer(serializers.Serializer):
    round = serializers.CharField()
    round_slug = serializers.CharField()
    council = serializers.CharField()
    council_slug = serializers.CharField()
    gss_code = serializers.CharField()
    kind_of_council = serializers.CharField()
    kind_of_council_code = serializers.CharField()
    region = serializers.CharField()
    region_code = serializers.CharField()
    status = serializers.CharField()
    status_code = serializers.CharField()
    theme = serializers.CharField()
    key_area = serializers.CharField()
    statement_code = serializers.CharField()
    statement = serializers.CharField()
    current_level = serializers.IntegerField(allow_null=True)
    current_level_name = serializers.CharField()
    target_level = serializers.IntegerField(allow_null=True)
    target_level_name = serializers.CharField()
    target_date = serializers.DateField(allow_null=True)
    confidence = serializers.CharField()
    confidence_code = serializers.CharField()
