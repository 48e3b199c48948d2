"""LGA staff enter responses received by post or email, and publish responses, redacted."""

from datetime import datetime, time

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import FormView
from rules.contrib.views import PermissionRequiredMixin, permission_required

from npsportal.formatting import LONDON
from strategies import selectors, sent_responses, services
from strategies.models import Consultation
from strategies.sent_response_forms import EnteredResponseForm, PublishResponseForm
from strategies.views.staff import ConsultationMixin

# A letter's date has no time: the response is filed at midday on it, London time.
RECEIVED_AT = time(12, 0)


class EnterResponseView(ConsultationMixin, PermissionRequiredMixin, FormView):
    permission_required = "strategies.enter_responses"
    template_name = "strategies/response_enter.html"
    form_class = EnteredResponseForm

    def get_form_kwargs(self):
        today = timezone.localdate(timezone=LONDON)
        return super().get_form_kwargs() | {"consultation": self.consultation, "today": today}

    def form_valid(self, form):
        received = datetime.combine(form.cleaned_data["received_on"], RECEIVED_AT, tzinfo=LONDON)
        try:
            response = sent_responses.enter_response(
                consultation=self.consultation,
                details=form.details(),
                answers=form.answers(),
                channel=form.cleaned_data["channel"],
                received_at=received,
                entered_by=self.request.user,
            )
        except services.DuplicateResponse:
            form.add_error(
                "name",
                "There is already a response from this respondent with exactly these answers",
            )
            return self.form_invalid(form)
        messages.success(self.request, f"Response {response.reference} is recorded.")
        return redirect("strategies:response_detail", self.consultation.slug, response.reference)


class PublishResponseView(ConsultationMixin, PermissionRequiredMixin, FormView):
    """Prepare for publication: each answer's words to redact, and the reason."""

    permission_required = "strategies.publish_responses"
    template_name = "strategies/response_publish.html"
    form_class = PublishResponseForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.reference = kwargs["reference"]

    def get_response(self):
        responses = selectors.responses_to(self.consultation)
        return get_object_or_404(responses, reference=self.reference)

    def get(self, request, *args, **kwargs):
        return self.refusal() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        # A forged form for a response whose respondent did not agree saves nothing.
        return self.refusal() or super().post(request, *args, **kwargs)

    def refusal(self):
        self.response = self.get_response()
        if sent_responses.may_publish(response=self.response, at=timezone.now()):
            return None
        context = {"consultation": self.consultation, "response": self.response}
        return render(self.request, "strategies/response_publish_refused.html", context, status=403)

    def get_form_kwargs(self):
        answers = self.response.answers.select_related("question")
        return super().get_form_kwargs() | {"answers": answers}

    def get_initial(self):
        return {"redaction_reason": self.response.redaction_reason}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"response": self.response}

    def form_valid(self, form):
        try:
            sent_responses.publish_response(
                response=self.response,
                texts=form.texts(),
                reason=form.cleaned_data["redaction_reason"],
                at=timezone.now(),
                by=self.request.user,
            )
        except services.PublicationRefused:
            return self.refusal()
        messages.success(
            self.request,
            f"Response {self.response.reference} is published on the consultation page.",
        )
        return redirect("strategies:response_detail", self.consultation.slug, self.reference)


@require_POST
@permission_required("strategies.publish_responses", raise_exception=True)
def unpublish_response(request, slug, reference):
    """Takes a response off the consultation page."""
    consultation = get_object_or_404(Consultation, slug=slug)
    response = get_object_or_404(selectors.responses_to(consultation), reference=reference)
    sent_responses.unpublish_response(response=response)
    messages.success(request, f"Response {reference} is no longer published.")
    return redirect("strategies:response_detail", slug, reference)
