"""LGA staff read, mark, count and export responses, and publish the outcome."""

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.http.response import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import DetailView, FormView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin, permission_required

from assessments.models import Level
from strategies import exports, selectors, services
from strategies.forms import OutcomeForm
from strategies.models import Consultation, ConsultationResponse, Question

Type = ConsultationResponse.RespondentType
MARKS = {
    "read": {"is_read": True},
    "unread": {"is_read": False},
    "flag": {"is_flagged": True},
    "unflag": {"is_flagged": False},
}


class ConsultationMixin:
    """The consultation named in the URL; staff see drafts too."""

    def dispatch(self, request, *args, **kwargs):
        consultations = Consultation.objects.select_related("strategy")
        self.consultation = get_object_or_404(consultations, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        # Staff rules are not per object; this also keeps the permission check from reading
        # the object before the consultation is known.
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"consultation": self.consultation}


class ConsultationResponseListView(ConsultationMixin, PermissionRequiredMixin, ListView):
    permission_required = "strategies.view_responses"
    template_name = "strategies/response_list.html"
    context_object_name = "responses"
    paginate_by = 50

    def get_queryset(self):
        self.respondent_type = self.request.GET.get("type", "")
        if self.respondent_type not in Type.values:
            self.respondent_type = ""
        self.flagged = self.request.GET.get("flagged") == "1"
        self.unread = self.request.GET.get("unread") == "1"
        return selectors.responses_to(
            self.consultation, self.respondent_type, flagged=self.flagged, unread=self.unread
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        type_counts, confirmation = selectors.respondent_type_counts(self.consultation)
        context["type_counts"] = type_counts
        context["choice_counts"] = selectors.choice_counts(self.consultation)
        context |= confirmation
        context["respondent_type"] = self.respondent_type
        context["flagged"], context["unread"] = self.flagged, self.unread
        context["filtered"] = bool(self.respondent_type or self.flagged or self.unread)
        context["total"] = sum(n for _value, _label, n in context["type_counts"])
        context["type_rows"] = _type_rows(context)
        return context


def _type_rows(context) -> list[dict]:
    """The respondent-type table's rows: council responses split by confirmation, then all."""
    rows = []
    for value, label, n in context["type_counts"]:
        rows.append({"label": label, "count": n})
        if value == Type.COUNCIL:
            rows += [
                {
                    "label": "of which confirmed: sent by a signed-in member of the council",
                    "count": context["confirmed_council_responses"],
                    "part": True,
                },
                {
                    "label": "of which not confirmed",
                    "count": context["unconfirmed_council_responses"],
                    "part": True,
                },
            ]
    return [*rows, {"label": "All", "count": context["total"]}]


class ConsultationResponseDetailView(ConsultationMixin, PermissionRequiredMixin, DetailView):
    permission_required = "strategies.view_responses"
    template_name = "strategies/response_detail.html"
    context_object_name = "response"
    slug_field = "reference"
    slug_url_kwarg = "reference"

    def get_queryset(self):
        return selectors.responses_to(self.consultation)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["answers"] = selectors.answers_with_earlier_versions(self.object)
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("strategies.manage_responses"):
            return self.handle_no_permission()
        response = self.get_object()
        change = MARKS.get(request.POST.get("mark", ""))
        if change:
            services.mark_response(response=response, **change)
            messages.success(request, f"Response {response.reference} updated.")
        return redirect("strategies:response_detail", self.consultation.slug, response.reference)


class ConsultationOutcomeView(ConsultationMixin, PermissionRequiredMixin, FormView):
    permission_required = "strategies.publish_outcome"
    template_name = "strategies/outcome_form.html"
    form_class = OutcomeForm

    def get_initial(self):
        return {"outcome": self.consultation.outcome}

    def get_context_data(self, **kwargs):
        closed = timezone.now() >= self.consultation.closes_at
        return super().get_context_data(**kwargs) | {"closed": closed}

    def form_valid(self, form):
        now = timezone.now()
        if now < self.consultation.closes_at:
            form.add_error(None, "You can publish the outcome once the consultation has closed")
            return self.form_invalid(form)
        services.publish_outcome(
            consultation=self.consultation, outcome=form.cleaned_data["outcome"], at=now
        )
        messages.success(self.request, "The outcome is published on the consultation page.")
        return redirect("strategies:consultation_detail", self.consultation.slug)


def _personal(request) -> bool:
    return request.user.has_perm("strategies.view_respondent_personal_data")


def _export_name(consultation, extension: str) -> str:
    return f"{consultation.slug}-responses-{timezone.localdate():%Y-%m-%d}.{extension}"


@permission_required("strategies.export_responses", raise_exception=True)
def export_csv(request, slug):
    """Every response as CSV, streamed a chunk of rows at a time."""
    consultation = get_object_or_404(Consultation, slug=slug)
    personal = _personal(request)
    services.record_export(consultation=consultation, file_format="csv", personal=personal)
    response = StreamingHttpResponse(
        exports.csv_lines(consultation, personal=personal),
        content_type="text/csv; charset=utf-8",
    )
    filename = _export_name(consultation, "csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required("strategies.export_responses", raise_exception=True)
def export_xlsx(request, slug):
    """Every response as an Excel workbook, written to a temporary file and streamed from it."""
    consultation = get_object_or_404(Consultation, slug=slug)
    personal = _personal(request)
    services.record_export(consultation=consultation, file_format="xlsx", personal=personal)
    response = FileResponse(
        exports.xlsx_file(consultation, personal=personal),
        as_attachment=True,
        filename=_export_name(consultation, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


class ConsultationMaturityView(ConsultationMixin, PermissionRequiredMixin, TemplateView):
    """Responses from councils beside each council's maturity in the strategy's key areas."""

    permission_required = "strategies.view_responses"
    template_name = "strategies/response_maturity.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        key_areas, rows = selectors.council_responses_with_maturity(self.consultation)
        questions = list(self.consultation.questions.filter(kind=Question.Kind.CHOICE))
        context["key_areas"] = key_areas
        context["questions"] = questions
        context["rows"] = [
            row
            | {
                "level_labels": [Level(n).label if n else "Not assessed" for n in row["levels"]],
                "choices": [row["answers"].get(q.pk, "") for q in questions],
            }
            for row in rows
        ]
        return context
