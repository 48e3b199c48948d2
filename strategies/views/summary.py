"""The consultation's summary report (page, PDF, spreadsheet) and the outcome drafted from it."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin, permission_required

from strategies.models import Consultation
from strategies.summary.draft import outcome_draft
from strategies.summary.pdf import summary_filename, summary_pdf
from strategies.summary.selectors import consultation_summary
from strategies.summary.xlsx import summary_xlsx
from strategies.views.staff import ConsultationMixin, ConsultationOutcomeView

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ConsultationSummaryView(ConsultationMixin, PermissionRequiredMixin, TemplateView):
    """The summary report on a page, with its PDF and spreadsheet to download."""

    permission_required = "strategies.view_summary"
    template_name = "strategies/summary/summary.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"s": consultation_summary(self.consultation)}


def _download(consultation, content: bytes, extension: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    filename = summary_filename(consultation, extension)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required("strategies.view_summary", raise_exception=True)
def summary_pdf_download(request, slug):
    """The summary report as a tagged PDF."""
    consultation = get_object_or_404(Consultation.objects.select_related("strategy"), slug=slug)
    pdf = summary_pdf(consultation_summary(consultation))
    return _download(consultation, pdf, "pdf", "application/pdf")


@permission_required("strategies.view_summary", raise_exception=True)
def summary_xlsx_download(request, slug):
    """The summary report as a spreadsheet, one sheet per part."""
    consultation = get_object_or_404(Consultation.objects.select_related("strategy"), slug=slug)
    workbook = summary_xlsx(consultation_summary(consultation))
    return _download(consultation, workbook, "xlsx", XLSX)


class OutcomeFromSummaryView(ConsultationOutcomeView):
    """The outcome form filled with a draft made from the summary: nothing is saved until staff
    publish it, exactly as from the outcome page."""

    def get_initial(self):
        return {"outcome": outcome_draft(consultation_summary(self.consultation))}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"from_summary": True}
