"""What every assessment page shares: finding the assessment the user may see."""

from django.shortcuts import get_object_or_404
from rules.contrib.views import PermissionRequiredMixin

from assessments import selectors


class AssessmentMixin(PermissionRequiredMixin):
    """Finds the assessment among those the user may see (another council's is a 404)."""

    permission_required = "assessments.view_assessment"

    def get_object(self, queryset=None):
        if not hasattr(self, "_assessment"):
            visible = selectors.assessments_visible_to(self.request.user)
            self._assessment = get_object_or_404(
                visible.select_related("round__framework"), pk=self.kwargs["pk"]
            )
        return self._assessment

    @property
    def assessment(self):
        return self.get_object()

    def get_context_data(self, **kwargs):
        return super().get_context_data(assessment=self.assessment, **kwargs)
