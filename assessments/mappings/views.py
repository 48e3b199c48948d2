"""An assessment seen against another framework through a mapping: choosing the framework, the
page, and that framework's spreadsheet (issue 17)."""

from functools import cached_property

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView, View

from assessments.mappings import returns
from assessments.mappings.selectors import (
    are_mapped,
    draft_words,
    frameworks_mapped_to,
    long_name,
    project_assessment,
)
from assessments.models import Framework
from assessments.views.base import AssessmentMixin

PERMISSION = "assessments.view_projection"


class FrameworkChoiceView(AssessmentMixin, TemplateView):
    permission_required = PERMISSION
    template_name = "assessments/mappings/choose.html"

    def get_context_data(self, **kwargs):
        frameworks = frameworks_mapped_to(self.assessment.round.framework)
        return super().get_context_data(
            frameworks=[
                (fw, long_name(fw), draft_words(mapping=drafted, framework=fw.is_draft))
                for fw, drafted in frameworks
            ],
            **kwargs,
        )


class ProjectionMixin(AssessmentMixin):
    """The assessment and another framework a mapping joins to its own (else a 404)."""

    permission_required = PERMISSION

    @cached_property
    def framework(self) -> Framework:
        own = self.assessment.round.framework
        framework = get_object_or_404(Framework, slug=self.kwargs["framework"])
        if framework == own or not are_mapped(own, framework):
            raise Http404("No mapping joins the two frameworks")
        return framework

    @cached_property
    def projection(self):
        return project_assessment(self.assessment, self.framework)


class ProjectionView(ProjectionMixin, TemplateView):
    template_name = "assessments/mappings/projection.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            other_framework=self.framework,
            projection=self.projection,
            can_edit=self.request.user.has_perm("assessments.edit_assessment", self.assessment),
            **kwargs,
        )


class ProjectionDownloadView(ProjectionMixin, View):
    """The projection as the other framework's spreadsheet (XLSX) or its table alone (CSV)."""

    def get(self, request, *args, **kwargs):
        format = self.kwargs["format"]
        if format not in returns.CONTENT_TYPES:
            raise Http404("No such format")
        write = returns.projection_xlsx if format == "xlsx" else returns.projection_csv
        content = write(
            self.projection,
            council=self.assessment.council.name,
            round=self.assessment.round.name,
            day=timezone.localdate(),
        )
        response = HttpResponse(content, content_type=returns.CONTENT_TYPES[format])
        name = returns.filename(self.assessment, self.framework, format)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
