"""The council dashboard, the national picture, their downloads and the PDF progress report."""

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin, permission_required

from assessments.dashboards import exports, national, reports
from assessments.dashboards.council import council_dashboard, dashboard_version
from assessments.dashboards.selectors import PEER_CACHE_SECONDS
from assessments.models import Level
from assessments.selectors import assessments_visible_to
from npsportal.audit import record_event
from npsportal.models import Council
from npsportal.selectors import councils_of

NATIONAL_PERMISSION = "npsportal.view_national_picture"


def council_for(request):
    """The council whose dashboard to show: one of the user's, by ?council=slug, or the first."""
    councils = councils_of(request.user)
    slug = request.GET.get("council")
    if slug is None:
        return councils[0]
    for council in councils:
        if council.slug == slug:
            return council
    raise Http404("No such council among yours.")


class DashboardView(PermissionRequiredMixin, TemplateView):
    permission_required = "assessments.view_dashboard"
    template_name = "assessments/dashboard/dashboard.html"

    def get_context_data(self, **kwargs):
        council = council_for(self.request)
        version = dashboard_version(council)
        # Worked out only when the cached content (under `version`) is missing.
        dashboard = SimpleLazyObject(lambda: council_dashboard(council))
        return super().get_context_data(
            council=council,
            councils=councils_of(self.request.user),
            dashboard=dashboard,
            version=version,
            cache_seconds=PEER_CACHE_SECONDS,
            **kwargs,
        )


class NationalView(PermissionRequiredMixin, TemplateView):
    permission_required = NATIONAL_PERMISSION
    template_name = "assessments/national/national.html"

    def get_context_data(self, **kwargs):
        filters = national.Filters.from_query(self.request.GET)
        round_slug, compare_slug = self.request.GET.get("round"), self.request.GET.get("compare")
        all_rounds = national.round_list()
        round = national.pick_round(all_rounds, round_slug)
        before = national.compared_round(all_rounds, round, compare_slug) if round else None
        version = national.picture_version(all_rounds, round, before, filters) if round else ""
        # Worked out only when the cached figures (under `version`) are missing.
        picture = SimpleLazyObject(
            lambda: national.national_picture(round_slug, filters, compare_slug)
        )
        return super().get_context_data(
            round=round,
            version=version,
            cache_seconds=PEER_CACHE_SECONDS,
            picture=picture,
            regions=Council.Region.choices,
            kinds=Council.Kind.choices,
            levels=Level.choices,
            query=self.request.GET.urlencode(),
            **kwargs,
        )


def _round_and_filters(request):
    filters = national.Filters.from_query(request.GET)
    round = national.pick_round(national.rounds(), request.GET.get("round"))
    if round is None:
        raise Http404("No round yet.")
    return round, filters


def _record_national_export(request, file_format: str, round, filters) -> None:
    # Empty region or kind: every region or kind was exported.
    details = {
        "format": file_format,
        "round": round.slug,
        "region": filters.region,
        "kind": filters.kind,
    }
    record_event(action="national.exported", request=request, details=details)


@permission_required(NATIONAL_PERMISSION, raise_exception=True)
def national_csv(request):
    """The national dataset as CSV, streamed row by row."""
    round, filters = _round_and_filters(request)
    _record_national_export(request, "csv", round, filters)
    rows = national.dataset(round, filters).iterator(chunk_size=exports.CHUNK)
    response = StreamingHttpResponse(
        exports.csv_lines(list(national.DATASET_FIELDS), rows), content_type="text/csv"
    )
    name = reports.national_filename(round.name).replace(".pdf", "-dataset.csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@permission_required(NATIONAL_PERMISSION, raise_exception=True)
def national_xlsx(request):
    """The national dataset as an XLSX workbook."""
    round, filters = _round_and_filters(request)
    _record_national_export(request, "xlsx", round, filters)
    rows = national.dataset(round, filters).iterator(chunk_size=exports.CHUNK)
    handle = exports.xlsx_file(list(national.DATASET_FIELDS), rows, f"NPS {round.slug}")
    name = reports.national_filename(round.name).replace(".pdf", "-dataset.xlsx")
    return FileResponse(handle, as_attachment=True, filename=name)


@permission_required(NATIONAL_PERMISSION, raise_exception=True)
def national_report(request):
    """The national picture as a PDF summary."""
    filters = national.Filters.from_query(request.GET)
    picture = national.national_picture(
        request.GET.get("round"), filters, request.GET.get("compare")
    )
    if picture.round is None:
        raise Http404("No round yet.")
    _record_national_export(request, "pdf", picture.round, filters)
    pdf = reports.render_pdf("reports/national.html", reports.national_report_context(picture))
    return _pdf_response(pdf, reports.national_filename(picture.round.name))


def assessment_report(request, pk):
    """The council's PDF progress report: its members, and LGA staff once it is shared."""
    assessment = get_object_or_404(assessments_visible_to(request.user), pk=pk)
    if not request.user.has_perm("assessments.download_report", assessment):
        raise Http404("No such assessment.")
    details = {"council": assessment.council.slug, "round": assessment.round.slug}
    record_event(action="report.downloaded", request=request, obj=assessment, details=details)
    filename = reports.report_filename(assessment.council.slug, assessment.round.name)
    # Laid out once for what it shows (reports.html_to_pdf): after an approval the background
    # task has usually laid it out already, and any later change makes a fresh one.
    pdf = reports.render_pdf(
        "reports/assessment.html", reports.assessment_report_context(assessment)
    )
    return _pdf_response(pdf, filename)


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
