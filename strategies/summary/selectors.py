"""The consultation's summary report as plain values (words and numbers, never ids), gathered in
a fixed number of queries however many responses it has. The PDF, the spreadsheet and the draft
outcome are all made from it."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from npsportal.formatting import govuk_date
from strategies import selectors as strategy_selectors
from strategies.analysis import selectors as analysis
from strategies.models import Consultation, ConsultationResponse, ThemeTag
from strategies.summary.chart import bar_chart

Channel = ConsultationResponse.Channel
Type = ConsultationResponse.RespondentType


@dataclass(frozen=True)
class ThemeCount:
    name: str
    responses: int


@dataclass(frozen=True)
class QuoteLine:
    theme: str
    text: str
    respondent: str


@dataclass
class TextQuestion:
    number: int
    text: str
    analysed: str  # the share analysed, in words
    themes: list[ThemeCount] = field(default_factory=list)
    quotes: list[QuoteLine] = field(default_factory=list)


@dataclass(frozen=True)
class GroupLine:
    question: str
    label: str
    campaign: bool
    submissions: int
    distinct_texts: int
    distinct_respondents: int


@dataclass
class Summary:
    title: str
    strategy: str
    opened: str
    closed: str
    produced: str
    channels: list[str]
    type_rows: list[dict]  # {"label", "counts": one per channel, "total"}
    total_row: dict
    shares: list[dict]  # {"question", "analysed", "total", "percent"}
    overall_share: dict
    choice_questions: list[dict]  # {"number", "text", "counts": [(choice, n)], "chart"}
    text_questions: list[TextQuestion]
    grouping: dict | None  # {"method", "threshold", "finished", "groups", "questions"}


def consultation_summary(consultation: Consultation) -> Summary:
    """Everything the summary report shows, in words and numbers."""
    channels, type_rows, total_row = _responses_by_type_and_channel(consultation)
    shares, overall = analysis.share_analysed(consultation)
    numbers = {q.pk: n for n, q in enumerate(consultation.questions.all(), start=1)}
    return Summary(
        title=f"Summary of responses: {consultation.title}",
        strategy=consultation.strategy.title,
        opened=govuk_date(consultation.opens_at),
        closed=govuk_date(consultation.closes_at),
        produced=govuk_date(timezone.now()),
        channels=channels,
        type_rows=type_rows,
        total_row=total_row,
        shares=[_share(share) for _question, share in shares],
        overall_share=_share(overall),
        choice_questions=_choice_questions(consultation, numbers),
        text_questions=_text_questions(consultation, numbers, dict(shares)),
        grouping=_grouping(consultation),
    )


def _share(share) -> dict:
    return {
        "question": share.label,
        "analysed": share.analysed,
        "total": share.total,
        "percent": share.percent,
    }


def _responses_by_type_and_channel(consultation) -> tuple[list[str], list[dict], dict]:
    """Responses by respondent type (rows) and how they came (columns), in one GROUP BY."""
    counted = defaultdict(int)
    for kind, channel, n in (
        consultation.responses.values_list("respondent_type", "channel")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counted[kind, channel] = n
    rows = []
    for kind, label in Type.choices:
        counts = [counted[kind, channel] for channel in Channel.values]
        rows.append({"label": label, "counts": counts, "total": sum(counts)})
    totals = [sum(row["counts"][i] for row in rows) for i in range(len(Channel.values))]
    return Channel.labels, rows, {"label": "All", "counts": totals, "total": sum(totals)}


def _choice_questions(consultation, numbers: dict[int, int]) -> list[dict]:
    items = []
    for item in strategy_selectors.choice_counts(consultation):
        question = item["question"]
        number = numbers[question.pk]
        items.append(
            {
                "number": number,
                "text": question.text,
                "counts": item["counts"],
                "chart": bar_chart(
                    f"Question {number}: {question.text}", item["counts"], slug=f"q{number}"
                ),
            }
        )
    return items


def theme_counts_by_question(consultation) -> dict[int, dict[int, int]]:
    """{question id: {theme id: responses it tags}} in one GROUP BY."""
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    rows = (
        ThemeTag.objects.filter(theme__consultation=consultation)
        .values_list("answer__question_id", "theme_id")
        .annotate(n=Count("answer__response_id", distinct=True))
        .order_by()
    )
    for question_id, theme_id, n in rows:
        counts[question_id][theme_id] = n
    return counts


def _text_questions(consultation, numbers: dict[int, int], shares: dict) -> list[TextQuestion]:
    themes = list(consultation.analysis_themes.all())
    counts = theme_counts_by_question(consultation)
    quotes: dict[int, list[QuoteLine]] = defaultdict(list)
    for theme_name, picked in analysis.quotes_by_theme(consultation):
        for quote in picked:
            response = quote.answer.response
            respondent = response.get_respondent_type_display()
            line = QuoteLine(theme_name, quote.answer.text, respondent)
            quotes[quote.answer.question_id].append(line)
    result = []
    for question, share in shares.items():
        found = counts.get(question.pk, {})
        tagged = [ThemeCount(t.name, found[t.pk]) for t in themes if found.get(t.pk)]
        result.append(
            TextQuestion(
                number=numbers[question.pk],
                text=question.text,
                analysed=share.words,
                themes=sorted(tagged, key=lambda t: -t.responses),
                quotes=quotes[question.pk],
            )
        )
    return result


def _grouping(consultation) -> dict | None:
    """The latest finished grouping: its method and threshold, its groups and each question's
    totals, counted three ways."""
    run = analysis.latest_finished_grouping(consultation)
    if run is None:
        return None
    groups = [
        GroupLine(
            question=group.question.text,
            label=group.label or f"Group of {group.submissions}",
            campaign=group.is_campaign,
            submissions=group.submissions,
            distinct_texts=group.distinct_texts,
            distinct_respondents=group.distinct_respondents,
        )
        for group in analysis.groups_of(run)
    ]
    questions = [
        {
            "question": row["question"].text,
            "submissions": row["submissions"],
            "distinct_texts": row["texts"],
            "distinct_respondents": row["respondents"],
        }
        for row in analysis.question_counts(run, consultation)
    ]
    return {
        "method": run.method,
        "threshold": run.threshold,
        "finished": govuk_date(run.finished_at) if run.finished_at else "",
        "groups": groups,
        "questions": questions,
    }
