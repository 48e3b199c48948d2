"""Demo analysis for the open demo consultation: a codebook, a few tags and a quote, and a
campaign of 30 near-identical answers, grouped. Safe to run again."""

from datetime import timedelta

from strategies.analysis import grouping, services
from strategies.models import (
    AnalysisTheme,
    Consultation,
    ConsultationResponse,
    GroupingRun,
    Question,
    ThemeTag,
)
from strategies.services import response_digest

THEMES = [
    ("Budgets and timing", "Money set too late or in the wrong year to involve contractors early."),
    ("Skills and capacity", "Too few people, or people without the skills, to do it."),
    ("Small firms and local suppliers", "Frameworks or practices that shut out SMEs and VCSEs."),
]
TAGS = {"NPS-DEMO-0001": [0], "NPS-DEMO-0002": [1], "NPS-DEMO-0003": [2]}
CAMPAIGN = (
    "As a member of Build Local we say: national frameworks shut small local builders out. "
    "Involve local contractors early, split work into {lots} lots and pay within {days} days."
)
CAMPAIGN_SIZE = 30


def create_analysis_demo(consultation: Consultation) -> None:
    """The demo codebook, tags, quote and grouped campaign of the consultation."""
    themes = _codebook(consultation)
    question = consultation.questions.filter(kind=Question.Kind.TEXT).order_by("order").first()
    if question is None:
        return
    for reference, picks in TAGS.items():
        answer = question.answers.filter(response__reference=reference).first()
        if answer and answer.text:
            for n in picks:
                ThemeTag.objects.get_or_create(answer=answer, theme=themes[n])
            if reference == "NPS-DEMO-0003":
                services.pick_quote(answer=answer, theme=themes[2], user=None)
    _campaign(consultation, question)
    if not consultation.grouping_runs.filter(state=GroupingRun.State.DONE).exists():
        run = GroupingRun.objects.create(
            consultation=consultation,
            method=grouping.method(),
            threshold=grouping.THRESHOLD,
            total=services.text_answers(consultation).count(),
        )
        services.run_grouping(run_id=run.pk)


def _codebook(consultation: Consultation) -> list[AnalysisTheme]:
    return [
        AnalysisTheme.objects.update_or_create(
            consultation=consultation, name=name, defaults={"description": about, "order": n}
        )[0]
        for n, (name, about) in enumerate(THEMES)
    ]


def _campaign(consultation: Consultation, question: Question) -> None:
    """30 campaign responses: the template with a number or two changed, some sent twice."""
    for n in range(CAMPAIGN_SIZE):
        text = CAMPAIGN.format(lots=["smaller", "small", "local"][n % 3], days=[30, 14][n % 2])
        email = f"build-local-{n % 25 + 1}@example.org"  # five people sent it twice
        answers = {str(question.pk): text}
        response, _ = ConsultationResponse.objects.update_or_create(
            reference=f"NPS-DEMO-C{n + 1:03d}",
            defaults={
                "consultation": consultation,
                "name": f"Build Local member {n % 25 + 1}",
                "email": email,
                "respondent_type": ConsultationResponse.RespondentType.INDIVIDUAL,
                "publication": ConsultationResponse.Publication.ANONYMOUS,
                "submitted_at": consultation.opens_at + timedelta(days=2, minutes=n),
                "digest": response_digest(
                    consultation_id=consultation.pk, email=email, answers={**answers, "n": n}
                ),
            },
        )
        response.answers.update_or_create(question=question, defaults={"text": text})
