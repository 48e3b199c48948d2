"""What every assessment page shares: finding the assessment, refusing changes to a locked one."""

from functools import cached_property

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from rules.contrib.views import PermissionRequiredMixin

from assessments import selectors, services


class AssessmentMixin(PermissionRequiredMixin):
    """Finds the assessment among those the user may see (another council's is a 404).

    A change refused because the assessment is locked (`services.AssessmentLocked`, from a
    service or from `check_editable`) goes back to the assessment's page, saying why.
    """

    permission_required = "assessments.view_assessment"

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except services.AssessmentLocked as locked:
            messages.error(request, str(locked))
            return redirect("assessments:assessment_detail", pk=self.kwargs["pk"])

    def get_object(self, queryset=None):
        if not hasattr(self, "_assessment"):
            # The same as `assessments_visible_to(user).get(pk=…)`, a fraction of the work.
            found = selectors.assessment_for_page(self.kwargs["pk"])
            if found is None or not selectors.is_visible_to(self.request.user, found):
                raise Http404("No assessment of yours has this number")
            self._assessment = found
        return self._assessment

    @property
    def assessment(self):
        return self.get_object()

    def check_editable(self) -> None:
        """Raises AssessmentLocked (a redirect with the reason) unless the assessment can change."""
        services.check_editable(self.assessment)

    @cached_property
    def locked_reason(self) -> str:
        """Why the assessment cannot be changed, or "" when it can."""
        try:
            self.check_editable()
        except services.AssessmentLocked as refusal:
            return str(refusal)
        return ""

    def get_context_data(self, **kwargs):
        # The council's last day: LGA staff may have given it more time than the round's close.
        closes_on = selectors.last_day(self.assessment.round, self.assessment.extended_until)
        return super().get_context_data(assessment=self.assessment, closes_on=closes_on, **kwargs)


class EditsAssessmentMixin:
    """A form page that changes the assessment: shown and saved only while it can change (else a
    redirect to it with the reason). Put after AssessmentMixin, before the generic view."""

    def get(self, request, *args, **kwargs):
        self.check_editable()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.check_editable()
        return super().post(request, *args, **kwargs)
