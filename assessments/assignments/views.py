"""Pages for handing key areas to colleagues: assign one, follow it, mark it done, review it."""

from functools import cached_property

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from assessments import services as assessment_services
from assessments.assignments import selectors, services
from assessments.assignments.forms import AssignForm, RequestChangesForm
from assessments.models import KeyArea
from assessments.views.base import AssessmentMixin, EditsAssessmentMixin
from npsportal.roles import Role
from npsportal.selectors import roles_at


def give_views_url(assignment) -> str:
    """The page where the assignee gives their views on the key area, once it exists."""
    try:
        return reverse(
            "assessments:give_views",
            kwargs={"pk": assignment.assessment_id, "key_area": assignment.key_area_id},
        )
    except NoReverseMatch:
        return ""


class AssignView(AssessmentMixin, EditsAssessmentMixin, FormView):
    """An officer or head gives a key area to a colleague with a due date."""

    permission_required = "assessments.assign_key_areas"
    template_name = "assessments/assignments/assign.html"
    form_class = AssignForm

    @cached_property
    def key_area(self):
        framework = self.assessment.round.framework_id
        return get_object_or_404(KeyArea, pk=self.kwargs["key_area"], theme__framework_id=framework)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "assessment": self.assessment,
            "key_area": self.key_area,
        }

    def get_context_data(self, **kwargs):
        council = self.assessment.council
        found = selectors.assignments_in(self.assessment).filter(key_area=self.key_area)
        return super().get_context_data(
            key_area=self.key_area,
            rows=selectors.as_rows(found),
            runs_team=Role.LEAD in roles_at(self.request.user, council),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.assign_key_area(
                assessment=self.assessment,
                key_area=self.key_area,
                assignee=data["assignee"],
                due_on=data["due_on"],
                by=self.request.user,
            )
        except services.AssignmentRefused as refusal:
            form.add_error(refusal.field, refusal.message)
            return self.form_invalid(form)
        messages.success(
            self.request, f"{self.key_area.name} assigned to {data['assignee'].get_full_name()}"
        )
        return redirect("assessments:assessment_detail", pk=self.assessment.pk)


class AssignmentMixin(PermissionRequiredMixin):
    """Finds the assignment among those the user may open (anyone else's is a 404)."""

    permission_required = "assessments.view_assignment"

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except assessment_services.AssessmentLocked as locked:
            messages.error(request, str(locked))
            return redirect(self.assignment_url())

    def get_permission_object(self):
        return self.assignment

    @cached_property
    def assignment(self):
        visible = selectors.visible_assignments(self.request.user)
        return get_object_or_404(
            visible, pk=self.kwargs["assignment"], assessment_id=self.kwargs["pk"]
        )

    def assignment_url(self) -> str:
        return reverse("assessments:assignment", kwargs=self.kwargs)

    def get_context_data(self, **kwargs):
        # The URL's own "assignment" (a number) gives way to the assignment itself.
        assignment = self.assignment
        return super().get_context_data(**kwargs) | {
            "assignment": assignment,
            "assessment": assignment.assessment,
            "row": selectors.as_rows([assignment])[0],
        }


class AssignmentView(AssignmentMixin, TemplateView):
    """One key area given to someone: the assignee's next step, the officer's review."""

    template_name = "assessments/assignments/assignment.html"

    def get_context_data(self, **kwargs):
        user, assignment = self.request.user, self.assignment
        return super().get_context_data(
            is_assignee=user.has_perm("assessments.mark_assignment_done", assignment),
            may_review=user.has_perm("assessments.review_assignment", assignment),
            give_views=give_views_url(assignment),
            **kwargs,
        )


class AssignmentDoneView(AssignmentMixin, TemplateView):
    """The assignee marks their part done."""

    permission_required = "assessments.mark_assignment_done"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        services.mark_done(assignment=self.assignment, by=request.user)
        messages.success(request, f"{self.assignment.key_area.name}: marked as done")
        return redirect(self.assignment_url())


class AssignmentAcceptView(AssignmentMixin, TemplateView):
    """An officer or head accepts a key area marked done."""

    permission_required = "assessments.review_assignment"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.accept(assignment=self.assignment, by=request.user)
        except services.AssignmentRefused as refusal:
            messages.error(request, refusal.message)
            return redirect(self.assignment_url())
        name = self.assignment.assignee.get_full_name()
        messages.success(request, f"You accepted {name}'s view of {self.assignment.key_area.name}")
        return redirect("assessments:assessment_detail", pk=self.assignment.assessment_id)


class AssignmentChangesView(AssignmentMixin, FormView):
    """An officer or head sends the key area back with what to change."""

    permission_required = "assessments.review_assignment"
    template_name = "assessments/assignments/request_changes.html"
    form_class = RequestChangesForm

    def form_valid(self, form):
        services.request_changes(
            assignment=self.assignment, comment=form.cleaned_data["comment"], by=self.request.user
        )
        name = self.assignment.assignee.get_full_name()
        messages.success(self.request, f"{name} has been asked for changes")
        return redirect("assessments:assessment_detail", pk=self.assignment.assessment_id)


class AssignmentRemoveView(AssignmentMixin, TemplateView):
    """An officer or head takes the key area back."""

    permission_required = "assessments.review_assignment"
    template_name = "assessments/assignments/remove.html"

    def post(self, request, *args, **kwargs):
        assignment = self.assignment
        services.unassign(assignment=assignment, by=request.user)
        messages.success(
            request,
            f"{assignment.key_area.name} is no longer assigned to "
            f"{assignment.assignee.get_full_name()}",
        )
        return redirect("assessments:assessment_detail", pk=assignment.assessment_id)
