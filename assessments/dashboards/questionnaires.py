"""The printable questionnaire: a round's matrix to fill in by hand, blank or with a council's
answers so far, for gathering colleagues' views on paper (rendered by reports.render_pdf)."""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from assessments.models import Action, Answer, Assessment, Descriptor, Evidence, Statement
from assessments.scoring import LEVEL_NAMES
from assessments.selectors import assessed_statements
from npsportal.formatting import govuk_date, govuk_time


@dataclass(kw_only=True)
class LevelRow:
    """One level of a statement: its name, what it looks like, and whether it is ticked."""

    name: str
    text: str
    is_current: bool = False
    is_target: bool = False


@dataclass(kw_only=True)
class Question:
    """One statement to answer, with the council's answer so far (None on the blank one)."""

    statement: Statement
    levels: list[LevelRow]
    answer: Answer | None = None
    evidence_files: list[str] = field(default_factory=list)
    open_actions: list[Action] = field(default_factory=list)


def printed_at(moment: datetime.datetime) -> str:
    """When the questionnaire was printed, in London: 12 May 2027 at 6:24am."""
    local = timezone.localtime(moment)
    return f"{govuk_date(local)} at {govuk_time(local)}"


def blank_filename(round_name: str) -> str:
    """The blank questionnaire's file name, such as nps-questionnaire-2026-27.pdf."""
    return f"nps-questionnaire-{slugify(round_name.replace('/', '-'))}.pdf"


def answers_filename(council_slug: str, round_name: str) -> str:
    """A council's answers' file name, such as stockport-nps-2026-27-draft-answers.pdf."""
    return f"{council_slug}-nps-{slugify(round_name.replace('/', '-'))}-draft-answers.pdf"


def questions(framework, answers: dict[int, Answer] | None = None):
    """The framework's assessed statements in matrix order, grouped by theme then key area:
    [(theme, [(key_area, [Question, …]), …]), …]. Two queries however many statements."""
    answers = answers or {}
    statements = assessed_statements(framework).prefetch_related(
        Prefetch("descriptors", queryset=Descriptor.objects.order_by("level"))
    )
    made = [_question(statement, answers.get(statement.pk)) for statement in statements]
    return [
        (theme, [(key_area, list(found)) for key_area, found in _by(group, "key_area")])
        for theme, group in _by(made, "key_area.theme")
    ]


def _by(made, path: str):
    def key(question):
        found = question.statement
        for name in path.split("."):
            found = getattr(found, name)
        return found

    return ((found, list(group)) for found, group in groupby(made, key=key))


def _question(statement: Statement, answer: Answer | None) -> Question:
    texts = {descriptor.level: descriptor.text for descriptor in statement.descriptors.all()}
    current = answer.current_level if answer else None
    target = answer.target_level if answer else None
    return Question(
        statement=statement,
        levels=[
            LevelRow(
                name=name,
                text=texts.get(level, ""),
                is_current=level == current,
                is_target=level == target,
            )
            for level, name in LEVEL_NAMES.items()
        ],
        answer=answer,
        evidence_files=[e.original_name for e in answer.evidence_files.all()] if answer else [],
        open_actions=list(answer.actions.all()) if answer else [],
    )


def answers_of(assessment: Assessment) -> dict[int, Answer]:
    """The assessment's answers by statement id, with their files and open actions."""
    answers = Answer.objects.filter(assessment=assessment).prefetch_related(
        Prefetch(
            "actions",
            queryset=Action.objects.exclude(status=Action.Status.DONE).order_by("due_on", "pk"),
        ),
        Prefetch("evidence_files", queryset=Evidence.objects.only("answer_id", "original_name")),
    )
    return {answer.statement_id: answer for answer in answers}


def blank_context(round) -> dict:
    """What the blank questionnaire template needs."""
    return {
        "title": f"NPS self-assessment questionnaire {round.name}",
        "round": round,
        "themes": questions(round.framework),
    }


def answers_context(assessment: Assessment) -> dict:
    """What the council's answers template needs: the questionnaire with its answers filled in."""
    answers = answers_of(assessment)
    themes = questions(assessment.round.framework, answers)
    asked = [q for _, key_areas in themes for _, found in key_areas for q in found]
    council, round = assessment.council, assessment.round
    return {
        "title": f"{council.name}: answers so far, {round.name} self-assessment",
        "round": round,
        "assessment": assessment,
        "council": council,
        "signed_off": assessment.status == Assessment.Status.APPROVED,
        "printed_at": printed_at(timezone.now()),
        "rated": sum(1 for q in asked if q.answer and q.answer.current_level),
        "asked": len(asked),
        "themes": themes,
    }
