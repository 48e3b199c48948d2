"""Reads for consultation analysis, aggregated in SQL: a fixed number of queries per page,
however many answers a consultation has."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from assessments.dashboards.selectors import key_area_scores
from assessments.models import Assessment, Framework
from assessments.scoring import LEVEL_NAMES, key_area_level
from strategies.models import (
    AnalysisTheme,
    Consultation,
    ConsultationResponse,
    DuplicateGroup,
    GroupingRun,
    Question,
    Quote,
    ResponseAnswer,
    ThemeTag,
)

Type = ConsultationResponse.RespondentType
NO_ASSESSMENT = "No approved self-assessment"
NOT_COUNCILS = "Respondents not councils"
BANDS = [*LEVEL_NAMES.values(), NO_ASSESSMENT, NOT_COUNCILS]
FILTERS = {"not_analysed", "analysed"}


def text_questions(consultation: Consultation) -> QuerySet[Question]:
    """The consultation's free-text questions, in order: the ones analysts tag."""
    return consultation.questions.filter(kind=Question.Kind.TEXT)


def answers_to_analyse(
    question: Question, *, status: str = "", theme_id: int | None = None, group_id=None
) -> QuerySet[ResponseAnswer]:
    """A question's non-empty answers, oldest response first, with their tags, quote and group."""
    answers = (
        ResponseAnswer.objects.filter(question=question)
        .exclude(text="")
        .select_related("response", "quote__theme", "duplicate_group", "analysed_by")
        .prefetch_related(Prefetch("tags", queryset=ThemeTag.objects.only("answer_id", "theme_id")))
        .order_by("response__submitted_at", "pk")
    )
    if status == "analysed":
        answers = answers.filter(analysed_at__isnull=False)
    elif status == "not_analysed":
        answers = answers.filter(analysed_at__isnull=True)
    if theme_id:
        answers = answers.filter(tags__theme_id=theme_id)
    if group_id:
        answers = answers.filter(duplicate_group_id=group_id)
    return answers


@dataclass(frozen=True)
class Share:
    label: str
    analysed: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.analysed / self.total) if self.total else 0

    @property
    def words(self) -> str:
        if not self.total:
            return "No answers yet"
        answers = "answer" if self.total == 1 else "answers"
        return f"{self.analysed} of {self.total} {answers} analysed ({self.percent}%)"


def share_analysed(consultation: Consultation) -> tuple[list[tuple[Question, Share]], Share]:
    """Each free-text question's answers analysed out of those given, and all of them: one query."""
    questions = list(text_questions(consultation))
    counted = {
        row["question_id"]: row
        for row in ResponseAnswer.objects.filter(question__in=questions)
        .exclude(text="")
        .values("question_id")
        .annotate(total=Count("id"), analysed=Count("id", filter=Q(analysed_at__isnull=False)))
        .order_by()
    }
    rows = []
    for question in questions:
        row = counted.get(question.pk, {"total": 0, "analysed": 0})
        rows.append((question, Share(question.text, row["analysed"], row["total"])))
    overall = Share(
        "All questions",
        sum(s.analysed for _q, s in rows),
        sum(s.total for _q, s in rows),
    )
    return rows, overall


def council_bands(council_ids) -> dict[int, str]:
    """Each council's maturity band: the level, in words, of its latest approved self-assessment
    against the NPS (the rounded-down mean of its key-area levels), or NO_ASSESSMENT."""
    approved = (
        Assessment.objects.filter(
            council_id__in=council_ids,
            status=Assessment.Status.APPROVED,
            round__framework__family=Framework.Family.NPS,
        )
        .select_related("round")
        .order_by("council_id", "-round__opens_on")
    )
    latest: dict[int, Assessment] = {}
    for assessment in approved:
        latest.setdefault(assessment.council_id, assessment)
    scores = key_area_scores(latest.values())
    bands = {}
    for council_id in council_ids:
        assessment = latest.get(council_id)
        levels = [s.current for s in scores.get(assessment.pk, {}).values()] if assessment else []
        level = key_area_level(levels)
        bands[council_id] = LEVEL_NAMES[level] if level else NO_ASSESSMENT
    return bands


def _tag_counts(consultation: Consultation, *fields: str) -> list[tuple]:
    """(theme id, *fields, responses) over the consultation's tags, in one GROUP BY."""
    return list(
        ThemeTag.objects.filter(theme__consultation=consultation)
        .values_list("theme_id", *fields)
        .annotate(n=Count("answer__response_id", distinct=True))
        .order_by()
    )


def theme_counts(consultation: Consultation) -> dict:
    """Per theme, how many responses it tags by respondent type (type_columns, type_rows) and by
    the responding council's maturity band (band_columns, band_rows; respondents not councils in
    a band of their own): one aggregate query, and the bands'."""
    found = _tag_counts(
        consultation, "answer__response__respondent_type", "answer__response__council_id"
    )
    bands = council_bands({c for _t, kind, c, _n in found if kind == Type.COUNCIL and c})
    by_type: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_band: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for theme_id, kind, council_id, n in found:
        band = bands.get(council_id, NO_ASSESSMENT) if kind == Type.COUNCIL else NOT_COUNCILS
        # Distinct responses per council: a response has one type and one council, so the sums
        # over councils stay exact.
        by_type[theme_id][kind] += n
        by_band[theme_id][band] += n
    themes = list(consultation.analysis_themes.all())
    return {
        "type_columns": [label for _value, label in Type.choices],
        "type_rows": [
            {"theme": t, "counts": [by_type[t.pk][value] for value in Type.values]} for t in themes
        ],
        "band_columns": BANDS,
        "band_rows": [{"theme": t, "counts": [by_band[t.pk][b] for b in BANDS]} for t in themes],
    }


def quotes_by_theme(consultation: Consultation) -> list[tuple[str, list[Quote]]]:
    """The quotes picked for the report, under each theme in codebook order, then the others."""
    quotes = (
        Quote.objects.filter(answer__question__consultation=consultation)
        .select_related("theme", "answer__response", "answer__question")
        .order_by("theme__order", "theme__name", "picked_at")
    )
    by_theme: dict[AnalysisTheme | None, list[Quote]] = defaultdict(list)
    for quote in quotes:
        by_theme[quote.theme].append(quote)
    themed = [(t.name, by_theme[t]) for t in consultation.analysis_themes.all() if by_theme[t]]
    return themed + ([("No theme", by_theme[None])] if by_theme[None] else [])


def latest_grouping(consultation: Consultation) -> GroupingRun | None:
    return consultation.grouping_runs.select_related("requested_by").first()


def latest_finished_grouping(consultation: Consultation) -> GroupingRun | None:
    return consultation.grouping_runs.filter(state=GroupingRun.State.DONE).first()


def groups_of(run: GroupingRun | None, question: Question | None = None):
    """A run's groups, largest first, each with its question."""
    if run is None:
        return DuplicateGroup.objects.none()
    groups = run.groups.select_related("question").order_by("question__order", "-submissions", "pk")
    return groups.filter(question=question) if question else groups


def question_counts(run: GroupingRun | None, consultation: Consultation) -> list[dict]:
    """Per free-text question, the three counts over every answer: submissions, distinct texts
    (each group's plus each answer in none) and distinct respondents (email, any case)."""
    questions = list(text_questions(consultation))
    answers = (
        ResponseAnswer.objects.filter(question__in=questions)
        .exclude(text="")
        .values("question_id")
        .annotate(
            submissions=Count("id"),
            ungrouped=Count("id", filter=Q(duplicate_group__isnull=True)),
            respondents=Count(Lower("response__email"), distinct=True),
        )
        .order_by()
    )
    by_question = {row["question_id"]: row for row in answers}
    grouped_texts: dict[int, int] = defaultdict(int)
    for group in groups_of(run):
        grouped_texts[group.question_id] += group.distinct_texts
    rows = []
    for q in questions:
        row = by_question.get(q.pk, {"submissions": 0, "ungrouped": 0, "respondents": 0})
        texts = row["ungrouped"] + grouped_texts[q.pk] if run else None
        rows.append({"question": q, "texts": texts} | row)
    return rows
