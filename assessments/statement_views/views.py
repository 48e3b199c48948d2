"""The "Give your view" page: each person's own level, comment and evidence for a key area."""

from functools import cached_property

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from assessments import services as assessment_services
from assessments.forms.fields import error_links
from assessments.statement_views import selectors, services
from assessments.statement_views.forms import ViewForm, require_one_view


class StatementViewsView(PermissionRequiredMixin, TemplateView):
    """Officers, heads and the colleagues a key area is given to each give their own view; the
    others' views show only once the person has given theirs, so nobody anchors on the first."""

    permission_required = "assessments.give_view"
    template_name = "assessments/views/give_views.html"

    @cached_property
    def target(self) -> selectors.KeyAreaOfAssessment:
        assessment = selectors.assessment_of_a_council_of(self.request.user, self.kwargs["pk"])
        key_area, self.statements = selectors.key_area_statements(
            assessment, self.kwargs["key_area"]
        )
        return selectors.KeyAreaOfAssessment(assessment, key_area)

    def get_permission_object(self):
        return self.target

    def handle_no_permission(self):
        # A contributor sees only the key areas given to them: any other is not there at all.
        user = self.request.user
        if user.is_authenticated and not user.has_perm(
            "assessments.view_assessment", self.target.assessment
        ):
            raise Http404("No such key area.")
        return super().handle_no_permission()

    @cached_property
    def locked_reason(self) -> str:
        try:
            assessment_services.check_editable(self.target.assessment)
        except assessment_services.AssessmentLocked as refusal:
            return str(refusal)
        return ""

    def _forms(self, spreads, data=None):
        me = self.request.user
        return [
            ViewForm(data, statement=statement, view=spreads[statement.pk].of(me))
            for statement in self.statements
        ]

    def _back(self) -> tuple[str, str]:
        """Where "Back" goes: the task list, or a contributor's own page for the key area."""
        assessment = self.target.assessment
        if self.request.user.has_perm("assessments.view_assessment", assessment):
            return reverse(
                "assessments:assessment_detail", args=[assessment.pk]
            ), "Back to key areas"
        mine = assessment.assignments.filter(
            key_area=self.target.key_area, assignee=self.request.user
        ).first()
        if mine is None:
            return "", ""
        return reverse("assessments:assignment", args=[assessment.pk, mine.pk]), "Back"

    def _render(self, spreads, forms):
        me = self.request.user
        errors = error_links(forms) if any(form.is_bound for form in forms) else []
        items = [
            (form, spreads[form.statement.pk], spreads[form.statement.pk].of(me)) for form in forms
        ]
        return self.render_to_response(
            self.get_context_data(
                assessment=self.target.assessment,
                key_area=self.target.key_area,
                items=items,
                errors=errors,
                locked_reason=self.locked_reason,
                has_errors=bool(errors),
                back=self._back(),
            )
        )

    def get(self, request, *args, **kwargs):
        spreads = selectors.spreads(self.target.assessment, self.statements)
        return self._render(spreads, self._forms(spreads))

    def post(self, request, *args, **kwargs):
        spreads = selectors.spreads(self.target.assessment, self.statements)
        forms = self._forms(spreads, request.POST)
        if all(form.is_valid() for form in forms):
            require_one_view(forms)
        if self.locked_reason or any(form.errors for form in forms):
            return self._render(spreads, forms)
        inputs = [form.view_input() for form in forms if form.entered]
        try:
            services.give_views(
                assessment=self.target.assessment,
                key_area=self.target.key_area,
                person=request.user,
                inputs=inputs,
            )
        except assessment_services.AssessmentLocked:
            del self.locked_reason  # locked since the page was read: say why
            return self._render(spreads, forms)
        messages.success(request, f"{self.target.key_area.name}: your views are saved")
        return redirect(request.path)
