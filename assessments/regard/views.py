"""Pages of the NPPS "have regard" record: the priorities with their state, and one per priority."""

from functools import cached_property

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView, TemplateView

from assessments.regard import selectors, services
from assessments.regard.forms import RegardForm
from assessments.views.base import AssessmentMixin, EditsAssessmentMixin


class RegardListView(AssessmentMixin, TemplateView):
    """Each NPPS priority, recorded or not; editors follow a link to record one."""

    permission_required = "assessments.view_regard"
    template_name = "assessments/regard/regard_list.html"

    def get_context_data(self, **kwargs):
        can_edit = self.request.user.has_perm("assessments.record_regard", self.assessment)
        return super().get_context_data(
            summary=selectors.regard_summary(self.assessment),
            editable=can_edit and not self.locked_reason,
            locked_reason=self.locked_reason if can_edit else "",
            **kwargs,
        )


class RegardRecordView(AssessmentMixin, EditsAssessmentMixin, FormView):
    """An officer or head records how the council had regard to one priority."""

    permission_required = "assessments.record_regard"
    template_name = "assessments/regard/regard_record.html"
    form_class = RegardForm

    @cached_property
    def priority(self):
        return get_object_or_404(selectors.priorities(), pk=self.kwargs["priority"])

    @cached_property
    def record(self):
        return selectors.records_of(self.assessment).filter(priority=self.priority).first()

    def get_initial(self):
        if self.record is None:
            return {}
        record = self.record
        fields = {"how_considered": record.how_considered, "departure": record.departure}
        return fields | {"seen": record.updated_at}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.record_regard(
                assessment=self.assessment,
                priority=self.priority,
                how_considered=data["how_considered"],
                departure=data["departure"],
                user=self.request.user,
                seen=data["seen"],
            )
        except services.StaleRegard as conflict:
            return self._conflict(form, conflict.record)
        messages.success(
            self.request, f"{self.priority.name}: how the council had regard to it is saved"
        )
        return redirect("assessments:regard_list", pk=self.assessment.pk)

    def _conflict(self, form, saved):
        # This person's input stays in the form, its version moved on to the one saved now, so
        # that saving again is a deliberate choice to replace the other person's wording.
        data = self.request.POST.copy()
        data["seen"] = saved.updated_at.isoformat()
        return self.render_to_response(
            self.get_context_data(form=self.form_class(data), conflict=saved, has_errors=True)
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(priority=self.priority, record=self.record, **kwargs)
