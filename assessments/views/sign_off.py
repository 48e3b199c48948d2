"""Check your answers and submit; the lead's sign-off."""

from crispy_forms_gds.layout import Field, Layout
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView

from assessments import checks, selectors, services
from assessments.forms.lifecycle import SignOffForm, SubmitForm
from assessments.models import COMMENT_MAX_LENGTH
from assessments.views.base import AssessmentMixin
from npsportal.formatting import govuk_datetime


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
                self.get_context_data(form=form, incomplete=incomplete.key_areas, has_errors=True)
            )
        messages.success(
            self.request,
            f"You submitted the {self.assessment.round} self-assessment. "
            "Your head of procurement has been asked to sign it off.",
        )
        return redirect("assessments:assessment_detail", pk=self.assessment.pk)

    def get_context_data(self, **kwargs):
        user = self.request.user
        key_areas = selectors.key_area_answers(self.assessment, details=True)
        for found in key_areas:
            found.rows = [(s, found.answers.get(s.pk)) for s in found.statements]
        can_edit = user.has_perm("assessments.edit_assessment", self.assessment)
        can_submit = not self.locked_reason and can_edit
        # Warnings for whoever is about to submit; they never stop the submission.
        warnings = checks.warnings_for(self.assessment, key_areas=key_areas) if can_submit else []
        kwargs.setdefault("incomplete", [])
        return super().get_context_data(
            key_areas=key_areas,
            can_submit=can_submit,
            warnings=warnings,
            locked_reason=self.locked_reason,
            incomplete_links=[self._incomplete_link(s) for s in kwargs["incomplete"]],
            **kwargs,
        )

    def _incomplete_link(self, found) -> tuple[str, str]:
        key_area = found.key_area
        url = reverse(
            "assessments:key_area", kwargs={"pk": self.assessment.pk, "key_area": key_area.pk}
        )
        if None in found.levels:
            return url, f"Rate every statement of {key_area.name}"
        return url, f"Review and save the answers carried forward to {key_area.name}"


class SignOffView(AssessmentMixin, FormView):
    permission_required = "assessments.sign_off_assessment"
    template_name = "assessments/sign_off.html"
    form_class = SignOffForm

    def get(self, request, *args, **kwargs):
        services.check_awaiting_sign_off(self.assessment)
        return super().get(request, *args, **kwargs)

    def get_form(self, form_class=None):
        # The decision is the button pressed ("Approve", "Return for changes"), not a radio: the
        # page lays out the comment alone, beside the return button.
        form = super().get_form(form_class)
        form.helper.layout = Layout(Field.textarea("comment", max_characters=COMMENT_MAX_LENGTH))
        return form

    def get_context_data(self, **kwargs):
        submitted_at = self.assessment.submitted_at
        return super().get_context_data(
            submitted_when=govuk_datetime(submitted_at) if submitted_at else "",
            warnings=checks.warnings_for(self.assessment),
            **kwargs,
        )

    def form_valid(self, form):
        assessment, user = self.assessment, self.request.user
        if form.cleaned_data["decision"] == "approve":
            services.approve_assessment(assessment=assessment, user=user)
            messages.success(self.request, f"You approved the {assessment.round} self-assessment")
        else:
            services.return_assessment(
                assessment=assessment, user=user, comment=form.cleaned_data["comment"]
            )
            messages.success(self.request, "You returned the self-assessment to the officers")
        return redirect("assessments:assessment_detail", pk=assessment.pk)
