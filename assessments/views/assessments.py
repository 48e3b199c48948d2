"""The list of assessments, starting one, the task list and the activity page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import SimpleLazyObject
from django.views.generic import FormView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from assessments import checks, selectors, services
from assessments.forms.lifecycle import AssessmentFilterForm, StartForm
from assessments.history import activity
from assessments.mappings.selectors import are_mapped, draft_words, mapping_is_draft
from assessments.models import Assessment, Round
from assessments.notices import sign_off_notice
from assessments.task_list import TASK_LIST_CACHE_SECONDS, task_list, task_list_version
from assessments.views.base import AssessmentMixin
from npsportal.kept_pages import KeptPageMixin
from npsportal.selectors import councils_of

Status = Assessment.Status
# What the task list's page shows or links to by permission, as `can_<name>` in its context.
PAGE_PERMISSIONS = {
    "edit": "edit_assessment",
    "sign_off": "sign_off_assessment",
    "download_report": "download_report",
    "see_projection": "view_projection",
}


class AssessmentListView(PermissionRequiredMixin, ListView):
    """A council's self-assessments; for LGA staff every council's, filtered and in pages."""

    permission_required = "assessments.view_own_assessments"
    template_name = "assessments/assessment_list.html"
    context_object_name = "assessments"
    paginate_by = 50

    def get_queryset(self):
        visible = selectors.assessments_visible_to(self.request.user)
        self.filter_form = None
        if self.request.user.has_perm("npsportal.view_national_picture"):
            self.filter_form = AssessmentFilterForm(self.request.GET or None)
            visible = selectors.filter_assessments(visible, **self.filter_form.filters())
        return visible.order_by("-round__opens_on", "council__name")

    def get_context_data(self, **kwargs):
        user = self.request.user
        startable = [
            (council, round)
            for council in councils_of(user)
            if user.has_perm("assessments.start_assessment", council)
            for round in selectors.rounds_to_start(council)
        ]
        context = super().get_context_data(
            startable=startable,
            form=self.filter_form,
            filtered=bool(self.request.GET.keys() - {"page"}),
            **kwargs,
        )
        if self.filter_form is not None:  # LGA staff: how much of each return is evidenced
            context["assessments"] = found = list(context["assessments"])
            summaries = checks.evidence_summaries([a.pk for a in found])
            for assessment in found:
                assessment.evidence = summaries.get(assessment.pk)
        return context


class AssessmentStartView(PermissionRequiredMixin, FormView):
    permission_required = "assessments.start_assessment"
    form_class = StartForm
    template_name = "assessments/assessment_start.html"

    def get_permission_object(self):
        councils = {c.slug: c for c in councils_of(self.request.user)}
        if self.kwargs["council"] not in councils:
            raise Http404("Not one of your councils")
        self.council = councils[self.kwargs["council"]]
        self.round = get_object_or_404(Round, slug=self.kwargs["round"])
        if not selectors.round_is_open_for(self.round, self.council):
            raise Http404("The round is not open to this council")
        self.previous = selectors.previous_assessment(self.council, self.round)
        self.across = bool(self.previous) and self.previous.round.framework != self.round.framework
        # Answers to another framework go across only through a mapping between the two.
        self.mapped = self.across and are_mapped(
            self.previous.round.framework, self.round.framework
        )
        return self.council

    def get(self, request, *args, **kwargs):
        started = self.council.assessments.filter(round=self.round).first()
        if started:
            return redirect("assessments:assessment_detail", pk=started.pk)
        return super().get(request, *args, **kwargs)

    def get_form(self, form_class=None):
        # Without a previous assessment there is nothing to choose: a blank one it is.
        if not self.previous or (self.across and not self.mapped):
            return None
        return StartForm(across=self.across, **self.get_form_kwargs())

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form is not None and not form.is_valid():
            return self.form_invalid(form)
        prefill = bool(form and form.cleaned_data["prefill"])
        try:
            assessment = services.start_assessment(
                council=self.council, round=self.round, user=request.user, prefill=prefill
            )
        except services.AssessmentLocked as refusal:
            messages.error(request, str(refusal))
            return redirect("assessments:assessment_list")
        messages.success(request, f"You started the {self.round} self-assessment")
        return redirect("assessments:assessment_detail", pk=assessment.pk)

    def mapping_drafted(self) -> bool:
        return mapping_is_draft(self.previous.round.framework, self.round.framework)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            council=self.council,
            round=self.round,
            previous=self.previous,
            across=self.across,
            mapped=self.mapped,
            drafted=self.mapped and draft_words(mapping=self.mapping_drafted(), framework=False),
            **kwargs,
        )


class AssessmentDetailView(KeptPageMixin, AssessmentMixin, TemplateView):
    template_name = "assessments/assessment_detail.html"

    def page_version(self, context) -> str | None:
        """The whole page is kept under the task list's fingerprint and the sign-off notice's
        words; one showing the prefill notice (which reads what no fingerprint holds) is not."""
        if context["shows_prefill"]:
            return None
        return f"{context['version']}|{context['notice']!r}"

    def get_context_data(self, **kwargs):
        assessment = self.assessment
        user = self.request.user
        # What differs by person: part of the cached content's key (no query: rules on roles).
        can = {
            f"can_{name}": user.has_perm(f"assessments.{permission}", assessment)
            for name, permission in PAGE_PERMISSIONS.items()
        }
        editable = can["can_edit"] and not self.locked_reason
        person = (*can.items(), editable, self.locked_reason)
        status = assessment.status
        return super().get_context_data(
            # Worked out only when the cached task list (under `version`) is missing.
            tasks=SimpleLazyObject(lambda: task_list(assessment)),
            version=task_list_version(assessment, person=person),
            cache_seconds=TASK_LIST_CACHE_SECONDS,
            **can,
            editable=editable,
            locked_reason=self.locked_reason,
            notice=sign_off_notice(user, assessment),
            return_comment=assessment.return_comment if status == Status.RETURNED else "",
            shows_prefill=bool(assessment.prefilled_from_id) and status == Status.DRAFT,
            **kwargs,
        )


class ActivityView(AssessmentMixin, TemplateView):
    template_name = "assessments/activity.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(entries=activity(self.assessment), **kwargs)
