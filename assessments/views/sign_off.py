"""Check your answers and submit; the lead's sign-off."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView

from assessments import selectors, services
from assessments.forms import SignOffForm, SubmitForm
from assessments.views.assessments import locked_reason
from assessments.views.base import AssessmentMixin


class CheckAnswersView(AssessmentMixin, FormView):
    """Every key area's answers with change links; editors submit from here with a declaration."""

    template_name = "assessments/check_answers.html"
    form_class = SubmitForm

    def get_permission_required(self):
        if self.request.method == "POST":
            return ["assessments.edit_assessment"]
        return ["assessments.view_assessment"]

    def form_valid(self, form):
        try:
            services.submit_assessment(assessment=self.assessment, user=self.request.user)
        except services.IncompleteAssessment as incomplete:
            return self.render_to_response(
                self.get_context_data(form=form, incomplete=incomplete.sections, has_errors=True)
            )
        except services.AssessmentLocked as locked:
            messages.error(self.request, str(locked))
            return redirect("assessments:assessment_detail", pk=self.assessment.pk)
        messages.success(
            self.request,
            f"You submitted the {self.assessment.round} self-assessment. "
            "Your head of procurement has been asked to sign it off.",
        )
        return redirect("assessments:assessment_detail", pk=self.assessment.pk)

    def get_context_data(self, **kwargs):
        user = self.request.user
        sections = selectors.sections(self.assessment, details=True)
        for section in sections:
            section.rows = [(s, section.answers.get(s.pk)) for s in section.statements]
        reason = locked_reason(self.assessment)
        kwargs.setdefault("incomplete", [])
        return super().get_context_data(
            sections=sections,
            can_submit=not reason and user.has_perm("assessments.edit_assessment", self.assessment),
            locked_reason=reason,
            incomplete_links=[self._incomplete_link(s) for s in kwargs["incomplete"]],
            **kwargs,
        )

    def _incomplete_link(self, section) -> tuple[str, str]:
        url = reverse(
            "assessments:key_area",
            kwargs={"pk": self.assessment.pk, "key_area": section.key_area.pk},
        )
        if None in section.levels:
            return url, f"Rate every statement of {section.key_area.name}"
        return url, f"Review and save the answers carried forward to {section.key_area.name}"


class SignOffView(AssessmentMixin, FormView):
    permission_required = "assessments.sign_off_assessment"
    template_name = "assessments/sign_off.html"
    form_class = SignOffForm

    def get(self, request, *args, **kwargs):
        if self.assessment.status != "submitted":
            return self._not_awaiting()
        return super().get(request, *args, **kwargs)

    def _not_awaiting(self):
        messages.error(
            self.request,
            "Only a submitted self-assessment can be signed off; this one is "
            f"{self.assessment.get_status_display().lower()}.",
        )
        return redirect("assessments:assessment_detail", pk=self.assessment.pk)

    def form_valid(self, form):
        assessment, user = self.assessment, self.request.user
        try:
            if form.cleaned_data["decision"] == "approve":
                services.approve_assessment(assessment=assessment, user=user)
                messages.success(
                    self.request, f"You approved the {assessment.round} self-assessment"
                )
            else:
                services.return_assessment(
                    assessment=assessment, user=user, comment=form.cleaned_data["comment"]
                )
                messages.success(self.request, "You returned the self-assessment to the officers")
        except services.AssessmentLocked:
            return self._not_awaiting()
        return redirect("assessments:assessment_detail", pk=assessment.pk)
