"""The summary report as a tagged PDF, laid out by WeasyPrint as the portal's other reports are."""

from django.utils import timezone

from assessments.dashboards.reports import render_pdf
from strategies.summary.selectors import Summary


def summary_pdf(summary: Summary) -> bytes:
    """A tagged A4 PDF of the consultation's summary report."""
    return render_pdf("reports/consultation_summary.html", {"title": summary.title, "s": summary})


def summary_filename(consultation, extension: str) -> str:
    """Such as ict-strategy-consultation-summary-2027-05-12.pdf."""
    return f"{consultation.slug}-summary-{timezone.localdate():%Y-%m-%d}.{extension}"
