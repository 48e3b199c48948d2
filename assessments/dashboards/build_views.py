"""LGA staff build every council's progress report for a round, and follow it as it runs."""

from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin, permission_required

from assessments.dashboards import report_builds
from assessments.models import Assessment, ReportBuild, Round
from assessments.selectors import SHARED_WITH_LGA
from npsportal.audit import record_event

PERMISSION = "assessments.build_reports"


class RoundReportsView(PermissionRequiredMixin, TemplateView):
    permission_required = PERMISSION
    template_name = "assessments/national/round_reports.html"

    def get_round(self) -> Round:
        return get_object_or_404(Round, slug=self.kwargs["round"])

    def get_context_data(self, **kwargs):
        round = self.get_round()
        build = round.report_builds.select_related("requested_by").first()
        shared = (
            Assessment.objects.filter(round=round, status__in=SHARED_WITH_LGA)
            .select_related("council")
            .order_by("council__name")
        )
        context = super().get_context_data(**kwargs)
        context |= {"round": round, "shared": list(shared), "build": build}
        if build is not None:
            context |= {
                "progress": report_builds.progress_of(build),
                "running": build == report_builds.running_build(round),
                "failures": report_builds.failures_of(build),
            }
        return context

    def post(self, request, *args, **kwargs):
        round = self.get_round()
        try:
            report_builds.start_report_build(round=round, user=request.user)
        except report_builds.BuildAlreadyRunning:
            messages.info(request, "Every council’s report is already being laid out.")
        except report_builds.NothingToBuild:
            messages.info(request, "No council has shared its self-assessment in this round yet.")
        else:
            messages.success(request, "Every council’s report is being laid out")
        return redirect("assessments:round_reports", round=round.slug)


@permission_required(PERMISSION, raise_exception=True)
def build_progress(request, pk):
    """How far a build has come, for the staff page's script to show without a reload."""
    build = get_object_or_404(ReportBuild, pk=pk)
    return JsonResponse(report_builds.progress_of(build).as_json())


@permission_required(PERMISSION, raise_exception=True)
def build_archive(request, pk):
    """Every report of a finished build in one zip file."""
    build = get_object_or_404(ReportBuild.objects.select_related("round"), pk=pk)
    if not build.archive:
        raise Http404("This build has no zip file yet.")
    details = {"round": build.round.slug, "reports": build.done}
    record_event(action="report_build.downloaded", request=request, obj=build, details=details)
    return FileResponse(
        build.archive.open("rb"),
        as_attachment=True,
        filename=report_builds.archive_name(build),
        content_type="application/zip",
    )
