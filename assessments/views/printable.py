"""The printable questionnaire as PDFs: a round's blank one, and a council's answers so far."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from rules.contrib.views import permission_required

from assessments.dashboards import questionnaires, reports
from assessments.models import Round
from assessments.selectors import assessments_visible_to


# The blank questionnaire holds no council's data: everyone who takes part in or runs a round.
@permission_required("assessments.view_own_assessments", raise_exception=True)
def blank_questionnaire(request, round):
    """The round's matrix as a PDF to fill in by hand."""
    round = get_object_or_404(Round.objects.select_related("framework"), slug=round)
    pdf = reports.render_pdf(
        "reports/questionnaire_blank.html", questionnaires.blank_context(round)
    )
    return _pdf_response(pdf, questionnaires.blank_filename(round.name))


def questionnaire_answers(request, pk):
    """The questionnaire with the council's answers so far, for those who may see them."""
    visible = assessments_visible_to(request.user).select_related("round__framework")
    assessment = get_object_or_404(visible, pk=pk)
    if not request.user.has_perm("assessments.view_assessment", assessment):
        raise Http404("No such assessment.")
    pdf = reports.render_pdf(
        "reports/questionnaire_answers.html", questionnaires.answers_context(assessment)
    )
    return _pdf_response(
        pdf, questionnaires.answers_filename(assessment.council.slug, assessment.round.name)
    )


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
