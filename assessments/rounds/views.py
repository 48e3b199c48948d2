"""LGA staff run a round: the rounds, opening one, participation, chasing, more time, closing."""

from django.contrib import messages
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import FormView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin, permission_required

from assessments.dashboards import exports as files
from assessments.models import Round
from assessments.rounds import emails, exports, selectors, services
from assessments.rounds.forms import ChaseForm, ExtensionForm, ParticipationFilterForm, RoundForm
from npsportal.audit import record_event
from npsportal.formatting import govuk_date
from npsportal.models import Council

PERMISSION = "assessments.run_rounds"


def count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class RoundMixin(PermissionRequiredMixin):
    """Only LGA staff run rounds; the round comes from the address."""

    permission_required = PERMISSION

    @property
    def round(self) -> Round:
        if not hasattr(self, "_round"):
            found = Round.objects.select_related("framework", "closed_by")
            self._round = get_object_or_404(found, slug=self.kwargs["round"])
        return self._round

    def back_to_round(self):
        return redirect("assessments:round_detail", round=self.round.slug)

    def get_context_data(self, **kwargs):
        state = selectors.round_state(self.round)
        kwargs.pop("round", None)  # TemplateView passes the address's slug
        return super().get_context_data(
            round=self.round,
            state=state,
            state_colour=selectors.STATE_COLOURS[state],
            can_extend=state != selectors.RoundState.CLOSED,
            **kwargs,
        )


class RoundListView(PermissionRequiredMixin, TemplateView):
    permission_required = PERMISSION
    template_name = "assessments/rounds/round_list.html"

    def get_context_data(self, **kwargs):
        found = [(r, selectors.state_tag(r)) for r in selectors.rounds()]
        return super().get_context_data(rounds=found, **kwargs)


class RoundCreateView(PermissionRequiredMixin, FormView):
    permission_required = PERMISSION
    template_name = "assessments/rounds/round_create.html"
    form_class = RoundForm

    def form_valid(self, form):
        round = services.open_round(user=self.request.user, **form.cleaned_data)
        when = "is open" if round.is_open else f"opens on {govuk_date(round.opens_on)}"
        messages.success(self.request, f"The {round} round {when}")
        return redirect("assessments:round_detail", round=round.slug)


class RoundDetailView(RoundMixin, ListView):
    """The round's participation: counts by region and kind, and every council, filtered."""

    template_name = "assessments/rounds/round_detail.html"
    context_object_name = "councils"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = ParticipationFilterForm(self.request.GET or None)
        councils = selectors.councils_in(self.round)
        return selectors.filter_councils(councils, **self.filter_form.filters())

    def get_context_data(self, **kwargs):
        by_region = selectors.participation(self.round, "region")
        context = super().get_context_data(
            total=selectors.total(by_region),
            by_region=by_region,
            by_kind=selectors.participation(self.round, "kind"),
            states=selectors.CouncilState.choices,
            form=self.filter_form,
            filtered=bool(self.request.GET.keys() - {"page"}),
            query=self.request.GET.urlencode(),
            **kwargs,
        )
        for council in context["councils"]:
            council.state_tag = selectors.council_state_tag(council.state)
        return context


def _participation(request, round_slug: str, file_format: str):
    round = get_object_or_404(Round, slug=round_slug)
    form = ParticipationFilterForm(request.GET or None)
    councils = selectors.filter_councils(selectors.councils_in(round), **form.filters())
    details = {"round": round.slug, "format": file_format, **form.filters()}
    record_event(action="round.participation_exported", request=request, details=details)
    return round, exports.participation_rows(councils)


@permission_required(PERMISSION, raise_exception=True)
def participation_csv(request, round):
    """Every council's progress in the round as CSV."""
    round, rows = _participation(request, round, "csv")
    response = StreamingHttpResponse(files.csv_lines(exports.HEADER, rows), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(round, "csv")}"'
    return response


@permission_required(PERMISSION, raise_exception=True)
def participation_xlsx(request, round):
    """Every council's progress in the round as an XLSX workbook."""
    round, rows = _participation(request, round, "xlsx")
    handle = files.xlsx_file(exports.HEADER, rows, f"Participation {round.slug}")
    return FileResponse(handle, as_attachment=True, filename=exports.filename(round, "xlsx"))


class RoundChaseView(RoundMixin, FormView):
    """Choose who to chase, preview the email, then send: the sending is a background task."""

    template_name = "assessments/rounds/round_chase.html"
    form_class = ChaseForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.has_perm(PERMISSION) and not self.round.is_open:
            messages.error(request, f"The {self.round} round is not open, so nobody can be chased")
            return self.back_to_round()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        counts = {
            g: selectors.councils_to_chase(self.round, g).count()
            for g in ("not_started", "not_submitted")
        }
        return super().get_form_kwargs() | {"counts": counts}

    def form_valid(self, form):
        group = form.cleaned_data["who"]
        if "send" not in self.request.POST:
            return self.render_to_response(self.preview(form, group))
        councils, people = services.chase_councils(
            round=self.round, group=group, user=self.request.user
        )
        messages.success(
            self.request,
            f"Reminders are being sent to {count(people, 'person', 'people')} at "
            f"{count(councils, 'council', 'councils')}. "
            "Nobody gets more than one reminder a day.",
        )
        return self.back_to_round()

    def preview(self, form, group: str) -> dict:
        councils = selectors.councils_to_chase(self.round, group)
        example = councils.first()
        return self.get_context_data(
            form=form,
            group=group,
            preview=True,
            councils=councils.count(),
            people=selectors.people_to_chase(self.round, group),
            example=example,
            email=example and emails.chase_email(self.round, group, [example]),
        )


class RoundExtendView(RoundMixin, FormView):
    """Give one council more time than the round's closing date, with a reason."""

    template_name = "assessments/rounds/round_extend.html"
    form_class = ExtensionForm

    @property
    def council(self) -> Council:
        return get_object_or_404(Council, slug=self.kwargs["council"])

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"round": self.round}

    def get_initial(self):
        extension = self.round.extensions.filter(council=self.council).first()
        return {"closes_on": extension.closes_on, "reason": extension.reason} if extension else {}

    def form_valid(self, form):
        try:
            services.extend_round(
                round=self.round, council=self.council, user=self.request.user, **form.cleaned_data
            )
        except services.RoundClosed as closed:
            messages.error(self.request, str(closed))
            return self.back_to_round()
        messages.success(
            self.request,
            f"{self.council} has until {govuk_date(form.cleaned_data['closes_on'])} "
            f"to change its {self.round} self-assessment",
        )
        return self.back_to_round()

    def get_context_data(self, **kwargs):
        return super().get_context_data(council=self.council, **kwargs)


class RoundCloseView(RoundMixin, TemplateView):
    """Confirm, then close the round for every council."""

    template_name = "assessments/rounds/round_close.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            not_submitted=selectors.councils_to_chase(self.round, "not_submitted").count(),
            awaiting_sign_off=selectors.councils_in(self.round).filter(state="submitted").count(),
            cut_short=self.round.extensions.filter(closes_on__gte=today).select_related("council"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            services.close_round(round=self.round, user=request.user)
        except services.RoundClosed as closed:
            messages.error(request, str(closed))
            return self.back_to_round()
        messages.success(
            request,
            f"The {self.round} round is closed. Heads of procurement of the councils that took "
            "part are being told by email.",
        )
        return self.back_to_round()
