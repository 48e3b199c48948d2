"""Pages anyone may read: strategies, their documents and consultations."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, ListView

from npsportal.formatting import LONDON, govuk_deadline
from npsportal.public_cache import shared_part
from npsportal.templatetags.portal import govuk_date
from strategies import response_draft, selectors
from strategies.models import CategoryStrategy, Consultation

State = Consultation.State


@method_decorator(login_not_required, name="dispatch")
class StrategyListView(ListView):
    template_name = "strategies/strategy_list.html"
    context_object_name = "strategies"

    def get_queryset(self):
        return selectors.strategies_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [(s, STATUS_WORDS[s.status]) for s in context["strategies"]]
        return context


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
        context["strategy_facts"] = strategy_facts(self.object, context["consultations"])
        context["body"] = body_after_summary(self.object)
        return context


STATUS_WORDS = {
    CategoryStrategy.Status.DRAFT: "Draft, not yet public",
    CategoryStrategy.Status.IN_CONSULTATION: "Draft for consultation",
    CategoryStrategy.Status.PUBLISHED: "Published",
    CategoryStrategy.Status.ARCHIVED: "Archived: no longer current",
}


def strategy_facts(strategy, consultations) -> list[tuple[str, str, str]]:
    """One status, the date it was published, its version once final, and its consultation's
    dates, as summary list rows."""
    draft = strategy.status == CategoryStrategy.Status.IN_CONSULTATION
    rows = [("Status", STATUS_WORDS[strategy.status], "")]
    if strategy.published_on:
        published = "Published for consultation" if draft else "Published"
        rows.append((published, govuk_date(strategy.published_on), ""))
    # A draft's version ("Consultation draft") would only say its status again.
    if strategy.version and strategy.status == CategoryStrategy.Status.PUBLISHED:
        rows.append(("Version", strategy.version, ""))
    consultation = consultations.order_by("-opens_at").first()
    if consultation:
        rows.append(("Consultation", consultation_dates(consultation), ""))
    return rows


def consultation_dates(consultation) -> str:
    """When the consultation is, was or will be open, in words."""
    state = consultation.state
    if state == State.OPEN:
        return f"Open until {govuk_deadline(consultation.closes_at)}"
    if state in (State.CLOSED, State.OUTCOME_PUBLISHED):
        closed = govuk_date(timezone.localtime(consultation.closes_at, LONDON).date())
        outcome = ", outcome published" if state == State.OUTCOME_PUBLISHED else ""
        return f"Closed on {closed}{outcome}"
    return f"Opens at {govuk_deadline(consultation.opens_at)}"


def body_after_summary(strategy) -> str:
    """The body without a first paragraph that only repeats the summary shown above it."""
    first, _, rest = strategy.body.strip().partition("\n\n")
    if " ".join(first.split()) == " ".join(strategy.summary.split()):
        return rest.strip()
    return strategy.body


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


PUBLISHED_PER_PAGE = 10


@method_decorator(login_not_required, name="dispatch")
class ConsultationDetailView(DetailView):
    """A consultation: its dates, description and (once closed) published responses are the same
    for everyone and shared; what a person sent or saved, and staff links, are theirs."""

    template_name = "strategies/consultation_detail.html"
    context_object_name = "consultation"

    def get_queryset(self):
        return selectors.consultations_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # One moment decides the state, for the shared part's key and for what it shows.
        context["state"] = self.state = state = self.object.state
        if state == State.OPEN:
            context["resume_url"] = response_draft.resume_url(self.request, self.object)
            context["own_responses"] = selectors.responses_sent_by(self.request.user, self.object)
        vary_on = consultation_fingerprint(self.object, state, self.request.GET.urlencode())
        context["shared"] = shared_part("consultation", vary_on, self.render_shared)
        context["questions"] = self.object.questions.all()
        context["strategy_visible"] = (
            selectors.strategies_visible_to(self.request.user)
            .filter(pk=self.object.strategy_id)
            .exists()
        )
        return context

    def render_shared(self) -> dict:
        consultation, state = self.object, self.state
        context = {"consultation": consultation, "state": state}
        shared = {"intro": render_to_string(INTRO_TEMPLATE, context, self.request), "published": ""}
        if state in CLOSED_STATES:
            published = Paginator(selectors.published_responses(consultation), PUBLISHED_PER_PAGE)
            context["page_obj"] = published.get_page(self.request.GET.get("page"))
            shared["published"] = render_to_string(PUBLISHED_TEMPLATE, context, self.request)
        return shared


CLOSED_STATES = (State.CLOSED, State.OUTCOME_PUBLISHED)
INTRO_TEMPLATE = "strategies/_consultation_intro.html"
PUBLISHED_TEMPLATE = "strategies/_published_responses.html"


def consultation_fingerprint(consultation, state: str, query: str) -> list:
    """What the shared part of a consultation's page shows: the consultation as loaded, its state
    by the clock, and once closed the published responses (one query) and the query string (the
    page asked for, kept in the pagination's links)."""
    shown = [
        consultation.pk,
        state,
        consultation.title,
        consultation.description,
        consultation.outcome,
        consultation.opens_at,
        consultation.closes_at,
        consultation.outcome_published_at,
    ]
    if state not in CLOSED_STATES:
        return shown
    published = selectors.published_responses(consultation).order_by().prefetch_related(None)
    stamp = published.aggregate(count=Count("pk"), changed=Max("published_at"))
    return [*shown, stamp["count"], stamp["changed"], query]
