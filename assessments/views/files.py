"""Evidence files and improvement actions: download, and remove after a confirmation."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView, TemplateView

from assessments import services
from assessments.forms.statements import ActionForm
from assessments.models import Action, Evidence
from assessments.views.base import AssessmentMixin
from npsportal.audit import record_event


class EvidenceDownloadView(AssessmentMixin, TemplateView):
    """Sends an evidence file as an attachment, to people who may see its assessment."""

    def get(self, request, *args, **kwargs):
        evidence = get_object_or_404(
            Evidence, pk=self.kwargs["evidence"], answer__assessment=self.assessment
        )
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError:
            raise Http404("The file is missing") from None
        details = {"evidence": evidence.pk, "file": evidence.original_name}
        record_event(
            action="evidence.downloaded", request=request, obj=self.assessment, details=details
        )
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=evidence.original_name,
            content_type=evidence.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class RemoveView(AssessmentMixin, TemplateView):
    """Asks "Are you sure?", then removes the thing from a draft assessment."""

    permission_required = "assessments.edit_assessment"
    template_name = "assessments/confirm_remove.html"
    model = None
    url_kwarg = ""

    def thing(self):
        return get_object_or_404(
            self.model.objects.select_related("answer__statement__key_area"),
            pk=self.kwargs[self.url_kwarg],
            answer__assessment=self.assessment,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(thing=self.thing(), **kwargs)

    def post(self, request, *args, **kwargs):
        thing = self.thing()
        key_area = thing.answer.statement.key_area
        self.check_editable()
        self.remove(thing)
        messages.success(request, f"Removed “{thing}”")
        return redirect("assessments:key_area", pk=self.assessment.pk, key_area=key_area.pk)


class EvidenceRemoveView(RemoveView):
    model = Evidence
    url_kwarg = "evidence"

    def remove(self, thing):
        services.remove_evidence(evidence=thing, user=self.request.user)


class ActionRemoveView(RemoveView):
    model = Action
    url_kwarg = "action"

    def remove(self, thing):
        services.remove_action(action=thing, user=self.request.user)


class ActionChangeView(AssessmentMixin, FormView):
    """Changes an improvement action, such as its status once work has started."""

    permission_required = "assessments.edit_assessment"
    template_name = "assessments/action_change.html"
    form_class = ActionForm

    @property
    def action(self):
        if not hasattr(self, "_action"):
            self._action = get_object_or_404(
                Action.objects.select_related("answer__statement__key_area"),
                pk=self.kwargs["action"],
                answer__assessment=self.assessment,
            )
        return self._action

    def get(self, request, *args, **kwargs):
        self.check_editable()
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        action = self.action
        return {
            "what": action.what,
            "owner": action.owner,
            "due_on": action.due_on,
            "status": action.status,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(action=self.action, **kwargs)

    def form_valid(self, form):
        services.change_action(action=self.action, user=self.request.user, **form.cleaned_data)
        messages.success(self.request, f"Saved “{self.action}”")
        key_area = self.action.answer.statement.key_area_id
        return redirect("assessments:key_area", pk=self.assessment.pk, key_area=key_area)
