"""A key area page: rate each statement, give evidence and plan improvement actions."""

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from assessments import selectors, services
from assessments.forms.fields import error_links
from assessments.forms.statements import StatementForm, answer_initial
from assessments.history import conflict_rows
from assessments.statement_views.selectors import spreads as views_spreads
from assessments.views.base import AssessmentMixin


class KeyAreaView(AssessmentMixin, TemplateView):
    permission_required = "assessments.edit_assessment"
    template_name = "assessments/key_area.html"

    def _key_area(self) -> selectors.KeyAreaAnswers:
        """This key area with its statements and answers: one not in the matrix (another
        framework's, or one with nothing to rate) is a 404."""
        found = selectors.key_area_for_page(self.assessment, self.kwargs["key_area"])
        if found is None:
            raise Http404("This key area has nothing to rate")
        return found

    def _forms(self, found, data=None, files=None, require_level=False):
        # The answers came with the key area; a save that goes through needs nothing more of them.
        answers = found.answers
        # Colleagues' views, read when the form is: whether they are apart decides the rule.
        self.spreads = views_spreads(self.assessment, found.statements)
        return [
            StatementForm(
                data,
                files,
                statement=statement,
                require_level=require_level,
                views_apart=self.spreads[statement.pk].apart,
                initial=answer_initial(answers.get(statement.pk)),
            )
            for statement in found.statements
        ], answers

    def _render(self, found, forms, answers, conflict=None):
        # Only a page shown reads the levels' descriptors (the radios' hints) and each answer's
        # files and actions, for this key area's statements only.
        prefetch_related_objects(found.statements, "descriptors")
        prefetch_related_objects(list(answers.values()), "evidence_files", "actions")
        for form in forms:
            form.describe_levels()
        items = [
            (form, answers.get(form.statement.pk), self.spreads[form.statement.pk])
            for form in forms
        ]
        errors = error_links(forms) if any(f.is_bound for f in forms) else []
        return self.render_to_response(
            self.get_context_data(
                level=found.level,
                key_area=found.key_area,
                items=items,
                errors=errors,
                conflict=conflict,
                conflict_rows=[(c, conflict_rows(c)) for c in conflict.changes] if conflict else [],
                has_errors=bool(errors or conflict),
            )
        )

    def get(self, request, *args, **kwargs):
        found = self._key_area()
        self.check_editable()
        forms, answers = self._forms(found)
        return self._render(found, forms, answers)

    def post(self, request, *args, **kwargs):
        found = self._key_area()
        self.check_editable()
        finishing = "continue" in request.POST
        forms, answers = self._forms(found, request.POST, request.FILES, finishing)
        if not all(form.is_valid() for form in forms):
            return self._render(found, forms, answers)
        try:
            services.save_key_area(
                assessment=self.assessment, inputs=self._inputs(forms), user=request.user
            )
        except services.StaleAnswers as conflict:
            return self._conflict(found, conflict, finishing)
        messages.success(request, f"{found.key_area.name}: your answers are saved")
        return redirect(self._next_url(found, finishing))

    @staticmethod
    def _inputs(forms):
        return [
            services.StatementInput(
                statement=form.statement,
                seen_version=form.cleaned_data.get("version") or 0,
                values=form.answer_values(),
                upload=form.cleaned_data.get("upload"),
                upload_type=form.upload_type,
                new_action=form.new_action(),
            )
            for form in forms
        ]

    def _conflict(self, found, conflict, finishing):
        # Keep this person's input in the form, and move its versions on to what is saved now,
        # so that saving again is a deliberate choice to replace the other person's answers.
        data = self.request.POST.copy()
        for change in conflict.changes:
            data[f"s{change.statement.pk}-version"] = str(change.answer.version)
        # The answers as saved now, not as they were read before the save was refused.
        found.answers = selectors.answers_for(self.assessment, found.statements)
        forms, answers = self._forms(found, data, None, finishing)
        return self._render(found, forms, answers, conflict=conflict)

    def _next_url(self, found, finishing):
        pk = self.assessment.pk
        if not finishing:
            return reverse("assessments:assessment_detail", kwargs={"pk": pk})
        following = selectors.key_area_after(self.assessment, found.key_area.pk)
        if following:
            return reverse("assessments:key_area", kwargs={"pk": pk, "key_area": following})
        return reverse("assessments:check_answers", kwargs={"pk": pk})
