"""Pages anyone may read: strategies, their documents and consultations."""

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, ListView

from npsportal.templatetags.portal import govuk_date
from strategies import selectors
from strategies.models import Consultation

State = Consultation.State


@method_decorator(login_not_required, name="dispatch")
class StrategyListView(ListView):
    template_name = "strategies/strategy_list.html"
    context_object_name = "strategies"

    def get_queryset(self):
        return selectors.strategies_visible_to(self.request.user)


@method_decorator(login_not_required, name="dispatch")
class StrategyDetailView(DetailView):
    template_name = "strategies/strategy_detail.html"
    context_object_name = "strategy"

    def get_queryset(self):
        return selectors.strategies_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["consultations"] = selectors.consultations_visible_to(self.request.user).filter(
            strategy=self.object
        )
        context["documents"] = self.object.documents.all()
        context["strategy_facts"] = strategy_facts(self.object)
        return context


def strategy_facts(strategy) -> list[tuple[str, str, str]]:
    """Status, version and publication date as summary list rows."""
    rows = [("Status", strategy.get_status_display(), "")]
    if strategy.version:
        rows.append(("Version", strategy.version, ""))
    if strategy.published_on:
        rows.append(("Published", govuk_date(strategy.published_on), ""))
    return rows


@login_not_required
def document_download(request, slug, pk):
    """A strategy's document, always downloaded (never shown inline) and never sniffed."""
    strategy = get_object_or_404(selectors.strategies_visible_to(request.user), slug=slug)
    document = get_object_or_404(strategy.documents, pk=pk)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@method_decorator(login_not_required, name="dispatch")
class ConsultationListView(ListView):
    template_name = "strategies/consultation_list.html"

    def get_queryset(self):
        return selectors.consultations_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        by_state: dict[str, list] = {}
        for consultation in context["object_list"]:
            by_state.setdefault(consultation.state_at(now), []).append(consultation)
        context["groups"] = [
            ("Open consultations", by_state.get(State.OPEN, [])),
            ("Forthcoming consultations", by_state.get(State.FORTHCOMING, [])),
            (
                "Closed consultations",
                by_state.get(State.CLOSED, []) + by_state.get(State.OUTCOME_PUBLISHED, []),
            ),
            ("Draft consultations", by_state.get(State.DRAFT, [])),
        ]
        return context


@method_decorator(login_not_required, name="dispatch")
class ConsultationDetailView(DetailView):
    template_name = "strategies/consultation_detail.html"
    context_object_name = "consultation"

    def get_queryset(self):
        return selectors.consultations_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["state"] = self.object.state
        context["questions"] = self.object.questions.all()
        context["strategy_visible"] = (
            selectors.strategies_visible_to(self.request.user)
            .filter(pk=self.object.strategy_id)
            .exists()
        )
        return context
