"""LGA staff analyse a consultation's free-text answers: the codebook, tagging, counts, quotes
and groups of identical and near-identical answers."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin, permission_required

from npsportal.templatetags.portal import numeric
from strategies.analysis import selectors, services
from strategies.analysis.forms import GroupLabelForm, TagForm, ThemeForm
from strategies.models import Consultation, GroupingRun
from strategies.views.staff import ConsultationMixin

PERMISSION = "strategies.analyse_responses"
PER_PAGE = 25


class AnalysisMixin(ConsultationMixin, PermissionRequiredMixin):
    permission_required = PERMISSION


class AnalysisOverviewView(AnalysisMixin, TemplateView):
    template_name = "strategies/analysis/overview.html"

    def get_context_data(self, **kwargs):
        rows, overall = selectors.share_analysed(self.consultation)
        return super().get_context_data(**kwargs) | {
            "shares": rows,
            "overall": overall,
            "themes": self.consultation.analysis_themes.count(),
            "run": selectors.latest_grouping(self.consultation),
        }


class CodebookView(AnalysisMixin, FormView):
    """The consultation's themes, in order, with the form to add one."""

    template_name = "strategies/analysis/codebook.html"
    form_class = ThemeForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"consultation": self.consultation}

    def get_context_data(self, **kwargs):
        themes = self.consultation.analysis_themes.all()
        return super().get_context_data(**kwargs) | {"themes": themes}

    def form_valid(self, form):
        try:
            theme = services.add_theme(
                consultation=self.consultation, user=self.request.user, **form.cleaned_data
            )
        except IntegrityError:  # a colleague added the same name a moment ago
            form.add_error("name", "The codebook already has a theme with this name")
            return self.form_invalid(form)
        messages.success(self.request, f"Theme ‘{theme.name}’ added.")
        return redirect("strategies:analysis_codebook", self.consultation.slug)


class ThemeMixin(AnalysisMixin):
    def get_theme(self):
        return get_object_or_404(self.consultation.analysis_themes, pk=self.kwargs["pk"])


class ThemeChangeView(ThemeMixin, FormView):
    template_name = "strategies/analysis/theme_form.html"
    form_class = ThemeForm

    def get_form_kwargs(self):
        self.theme = self.get_theme()
        kwargs = super().get_form_kwargs() | {"consultation": self.consultation}
        return kwargs | {"theme": self.theme}

    def get_initial(self):
        return {"name": self.theme.name, "description": self.theme.description}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"theme": self.theme}

    def form_valid(self, form):
        try:
            services.rename_theme(theme=self.theme, **form.cleaned_data)
        except IntegrityError:
            form.add_error("name", "The codebook already has a theme with this name")
            return self.form_invalid(form)
        messages.success(self.request, f"Theme ‘{self.theme.name}’ saved.")
        return redirect("strategies:analysis_codebook", self.consultation.slug)


class ThemeMoveView(ThemeMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        services.move_theme(theme=self.get_theme(), up=request.POST.get("direction") == "up")
        return redirect("strategies:analysis_codebook", self.consultation.slug)


class ThemeRemoveView(ThemeMixin, TemplateView):
    template_name = "strategies/analysis/theme_remove.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"theme": self.get_theme()}

    def post(self, request, *args, **kwargs):
        theme = self.get_theme()
        try:
            services.remove_theme(theme=theme)
        except services.ThemeInUse:
            messages.error(request, f"‘{theme.name}’ tags answers, so it cannot be removed.")
        else:
            messages.success(request, f"Theme ‘{theme.name}’ removed.")
        return redirect("strategies:analysis_codebook", self.consultation.slug)


class QuestionAnalysisView(AnalysisMixin, TemplateView):
    """A question's answers, 25 a page, each with its themes, analysed mark and quote."""

    template_name = "strategies/analysis/question.html"

    def get_question(self):
        questions = selectors.text_questions(self.consultation)
        return get_object_or_404(questions, pk=self.kwargs["pk"])

    def _filters(self) -> dict:
        get = self.request.GET
        status = get.get("status", "")
        return {
            "status": status if status in selectors.FILTERS else "",
            "theme_id": _int(get.get("theme")),
            "group_id": _int(get.get("group")),
        }

    def get_context_data(self, **kwargs):
        question = self.get_question()
        filters = self._filters()
        themes = list(self.consultation.analysis_themes.all())
        answers = selectors.answers_to_analyse(question, **filters)
        page = Paginator(answers, PER_PAGE).get_page(self.request.GET.get("page"))
        run = selectors.latest_finished_grouping(self.consultation)
        return super().get_context_data(**kwargs) | {
            "question": question,
            "themes": themes,
            "page_obj": page,
            "rows": _answer_rows(page, themes),
            "filters": filters,
            "filtered": any(filters.values()),
            "groups": selectors.groups_of(run, question),
            "query": self.request.GET.urlencode(),
        }

    def post(self, request, *args, **kwargs):
        question = self.get_question()
        answer = get_object_or_404(question.answers.exclude(text=""), pk=request.POST.get("answer"))
        themes = list(self.consultation.analysis_themes.all())
        form = TagForm(request.POST, themes=themes)
        if not form.is_valid():
            messages.error(request, "That change could not be saved. Try again.")
        else:
            _apply(form, answer, request.user)
            messages.success(request, f"Answer from {answer.response.reference} saved.")
        back = reverse("strategies:analysis_question", args=[self.consultation.slug, question.pk])
        query = request.POST.get("query", "")
        return redirect(f"{back}{'?' + query if query else ''}#answer-{answer.pk}")


def _int(value) -> int | None:
    return int(value) if value and value.isdigit() else None


def _answer_rows(page, themes) -> list[dict]:
    rows = []
    for answer in page:
        tagged = {tag.theme_id for tag in answer.tags.all()}
        quote = getattr(answer, "quote", None)
        rows.append(
            {
                "answer": answer,
                "themes": [(t, t.pk in tagged) for t in themes],
                "tagged": [t for t in themes if t.pk in tagged],
                "quote": quote,
            }
        )
    return rows


def _apply(form: TagForm, answer, user) -> None:
    add, remove = form.changes()
    services.change_tags(answer=answer, add=add, remove=remove, user=user)
    action = form.cleaned_data["action"]
    if action in ("analysed", "not_analysed"):
        services.mark_analysed(answer=answer, analysed=action == "analysed", user=user)
    elif action == "quote":
        services.pick_quote(answer=answer, theme=form.quote_theme_object(), user=user)
    elif action == "unquote":
        services.unpick_quote(answer=answer)


class ThemeCountsView(AnalysisMixin, TemplateView):
    """Per theme, responses by respondent type and by council maturity, and the quotes."""

    template_name = "strategies/analysis/counts.html"

    def get_context_data(self, **kwargs):
        counts = selectors.theme_counts(self.consultation)
        return (
            super().get_context_data(**kwargs)
            | counts
            | {
                "type_columns": [numeric(c) for c in counts["type_columns"]],
                "band_columns": [numeric(c) for c in counts["band_columns"]],
                "quotes": selectors.quotes_by_theme(self.consultation),
            }
        )


class GroupingView(AnalysisMixin, TemplateView):
    """The latest grouping of identical and near-identical answers: progress, then its groups."""

    template_name = "strategies/analysis/grouping.html"

    def get_context_data(self, **kwargs):
        run = selectors.latest_grouping(self.consultation)
        finished = selectors.latest_finished_grouping(self.consultation)
        return super().get_context_data(**kwargs) | {
            "run": run,
            "running": run is not None and run == services.running_grouping(self.consultation),
            "progress": _progress(run) if run else None,
            "finished": finished,
            "groups": selectors.groups_of(finished),
            "question_counts": selectors.question_counts(finished, self.consultation),
        }

    def post(self, request, *args, **kwargs):
        try:
            services.start_grouping(consultation=self.consultation, user=request.user)
        except services.GroupingAlreadyRunning:
            messages.info(request, "The answers are being grouped already.")
        else:
            messages.success(request, "The answers are being grouped")
        return redirect("strategies:analysis_grouping", self.consultation.slug)


def _progress(run: GroupingRun) -> dict:
    """The run's progress as js/report-build.js reads it (the same fields as a report build's)."""
    run.refresh_from_db(fields=["total", "done", "state"])
    finished = run.state in (GroupingRun.State.DONE, GroupingRun.State.FAILED)
    words = f"{min(run.done, run.total):,} of {run.total:,} answers compared"
    return {
        "total": run.total,
        "counted": min(run.done, run.total),
        "finished": finished,
        "words": words,
    }


@permission_required(PERMISSION, raise_exception=True)
def grouping_progress(request, slug, pk):
    """How far a grouping has come, for the staff page's script to show without a reload."""
    consultation = get_object_or_404(Consultation, slug=slug)
    run = get_object_or_404(consultation.grouping_runs, pk=pk)
    return JsonResponse(_progress(run))


class GroupView(AnalysisMixin, FormView):
    """One group of answers: its counts and texts, and its name and campaign mark."""

    template_name = "strategies/analysis/group.html"
    form_class = GroupLabelForm

    def get_group(self):
        groups = selectors.groups_of(selectors.latest_finished_grouping(self.consultation))
        try:
            return groups.get(pk=self.kwargs["pk"])
        except groups.model.DoesNotExist:
            raise Http404("No such group in the latest grouping") from None

    def get_initial(self):
        self.group = self.get_group()
        return {"label": self.group.label, "is_campaign": self.group.is_campaign}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # the form first: it finds the group
        samples = self.group.answers.select_related("response").order_by("text", "pk")[:PER_PAGE]
        return context | {"group": self.group, "samples": samples}

    def form_valid(self, form):
        services.label_group(group=self.group, **form.cleaned_data)
        messages.success(self.request, "Group saved.")
        return redirect("strategies:analysis_grouping", self.consultation.slug)
