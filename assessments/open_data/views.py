"""Open data: LGA staff publish and withdraw a round's dataset; anyone lists and downloads it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from assessments.dashboards import peers
from assessments.models import OpenDataRelease, Round
from assessments.open_data import files, services
from assessments.open_data.builder import FIELDS, LEVELS, build_dataset
from npsportal.templatetags.portal import Column

PERMISSION = "assessments.publish_open_data"
PREVIEW_ROWS = 10
# The preview's head: each column's title, figures aligned right.
HEAD = [Column(title, numeric=kind in ("integer", "number")) for kind, title, _ in FIELDS.values()]
SHOWN = {"": "blank", "true": "Yes", "false": "No"}  # the file's words for people


def shown(row: list) -> list:
    """A row of the file as the preview shows it: blanks and booleans in words."""
    return [SHOWN.get(value, value) if isinstance(value, str) else value for value in row]


def first_shown(dataset) -> list[list]:
    """The rows of the first group whose figures are shown (none when every group is blank)."""
    return [row for row in dataset.rows if row[-1] == "false"][: len(LEVELS)]


class OpenDataPublishView(PermissionRequiredMixin, TemplateView):
    """A closed round's dataset previewed (first rows, what is suppressed), then published."""

    permission_required = PERMISSION
    template_name = "assessments/open_data/publish.html"

    def get_round(self) -> Round:
        return get_object_or_404(
            Round.objects.select_related("framework"), slug=self.kwargs["round"]
        )

    def get_context_data(self, **kwargs):
        round = self.get_round()
        reason = services.why_not_publishable(round)
        dataset = None if reason else build_dataset(round)
        kwargs.pop("round", None)  # TemplateView passes the address's slug
        return super().get_context_data(
            round=round,
            reason=reason,
            dataset=dataset,
            head=HEAD,
            preview=[shown(row) for row in dataset.rows[:PREVIEW_ROWS]] if dataset else [],
            # The first group with figures, so that staff see both kinds of row before publishing.
            with_figures=[shown(row) for row in first_shown(dataset)] if dataset else [],
            min_group=peers.MIN_PEER_GROUP,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        round = self.get_round()
        try:
            services.publish_release(round=round, user=request.user)
        except services.CannotPublish as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"The {round} open data is published on the Open data page")
        return redirect("assessments:round_detail", round=round.slug)


class OpenDataWithdrawView(PermissionRequiredMixin, TemplateView):
    """Confirm, then withdraw a release: it stays listed, its files are no longer served."""

    permission_required = PERMISSION
    template_name = "assessments/open_data/withdraw.html"

    def get_release(self) -> OpenDataRelease:
        found = OpenDataRelease.objects.select_related("round")
        return get_object_or_404(found, pk=self.kwargs["pk"], withdrawn_at=None)

    def get_context_data(self, **kwargs):
        return super().get_context_data(release=self.get_release(), **kwargs)

    def post(self, request, *args, **kwargs):
        release = services.withdraw_release(release=self.get_release(), user=request.user)
        messages.success(
            request, f"The {release.round} open data is withdrawn: its files are no longer served"
        )
        return redirect("assessments:round_detail", round=release.round.slug)


@login_not_required
def open_data_list(request):
    """Every release, newest first, withdrawn ones saying so."""
    releases = list(OpenDataRelease.objects.select_related("round", "round__framework"))
    for release in releases:
        release.csv_name = files.csv_name(release.round)
    return render(
        request,
        "assessments/open_data/list.html",
        {"releases": releases, "licence": files.LICENCE, "min_group": peers.MIN_PEER_GROUP},
    )


def _served(request, pk: int):
    """The release, or a 410 page when it was withdrawn (404 when there never was one)."""
    release = get_object_or_404(OpenDataRelease.objects.select_related("round"), pk=pk)
    if release.withdrawn_at is not None:
        page = render(
            request, "assessments/open_data/withdrawn.html", {"release": release}, status=410
        )
        return release, page
    return release, None


@login_not_required
def open_data_csv(request, pk: int, filename: str):
    """The release's CSV (its name as datapackage.json gives it, so the descriptor's path works)."""
    release, gone = _served(request, pk)
    if gone:
        return gone
    if filename != files.csv_name(release.round):
        raise Http404("No such file in this release.")
    return FileResponse(
        release.data.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="text/csv; charset=utf-8",
    )


@login_not_required
def open_data_metadata(request, pk: int):
    """The release's Frictionless Data Package descriptor."""
    release, gone = _served(request, pk)
    if gone:
        return gone
    return FileResponse(
        release.metadata.open("rb"),
        as_attachment=True,
        filename=files.METADATA_NAME,
        content_type="application/json",
    )
