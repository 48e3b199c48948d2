"""Reads about rounds and assessments that views, services and other apps share."""

import functools
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from assessments import scoring
from assessments.models import (
    Answer,
    Assessment,
    KeyArea,
    Level,
    Round,
    RoundExtension,
    Statement,
)
from npsportal.selectors import councils_of, has_lga_staff_role

# LGA staff see an assessment once the council has submitted it, never a draft.
SHARED_WITH_LGA = (Assessment.Status.SUBMITTED, Assessment.Status.APPROVED)


def assessed_statements(framework) -> QuerySet[Statement]:
    """The statements councils rate: not retired and described at all five levels."""
    return (
        Statement.objects.filter(key_area__theme__framework=framework, is_retired=False)
        .annotate(described_levels=Count("descriptors", filter=~Q(descriptors__text="")))
        .filter(described_levels=len(Level))
        .select_related("key_area__theme")
        .order_by("key_area__theme__order", "key_area__order", "order", "pk")
    )


def assessments_visible_to(user) -> QuerySet[Assessment]:
    """Assessments of the user's councils, and for LGA staff every submitted or approved one."""
    visible = Q(council__in=councils_of(user))
    if has_lga_staff_role(user):
        visible |= Q(status__in=SHARED_WITH_LGA)
    return Assessment.objects.filter(visible).select_related("council", "round")


def latest_approved_assessment(council) -> Assessment | None:
    """The council's approved assessment of the most recent round, if any."""
    return (
        Assessment.objects.filter(council=council, status=Assessment.Status.APPROVED)
        .select_related("round")
        .order_by("-round__opens_on")
        .first()
    )


def previous_assessment(council, round) -> Assessment | None:
    """The council's assessment of the latest round before this one, whatever its status."""
    return (
        Assessment.objects.filter(council=council, round__opens_on__lt=round.opens_on)
        .select_related("round")
        .order_by("-round__opens_on")
        .first()
    )


def open_rounds(day=None) -> QuerySet[Round]:
    """Rounds open to every council on the day (today, in London, by default)."""
    day = day or timezone.localdate()
    return Round.objects.filter(
        closed_at__isnull=True, opens_on__lte=day, closes_on__gte=day
    ).select_related("framework")


def round_is_open_for(round: Round, council, day=None) -> bool:
    """Whether the council may change its assessment of the round on the day: the round has
    opened, LGA staff have not closed it, and the day is not past its close or the council's
    extension. Every check of a round's openness for a council asks this."""
    day = day or timezone.localdate()
    if round.closed_at is not None or day < round.opens_on:
        return False
    if day <= round.closes_on:
        return True  # no need to look for an extension: the round is open to everyone
    extended = RoundExtension.objects.filter(round=round, council=council, closes_on__gte=day)
    return extended.exists()


def closes_on_for(round: Round, council):
    """The council's last day to change its assessment: the round's close, or its extension."""
    extended = RoundExtension.objects.filter(round=round, council=council)
    return max([round.closes_on, *extended.values_list("closes_on", flat=True)])


def rounds_open_for(council, day=None) -> list[Round]:
    """The rounds the council may work on today, its extensions counted (rounds are few)."""
    day = day or timezone.localdate()
    started = Round.objects.filter(closed_at__isnull=True, opens_on__lte=day)
    return [r for r in started.select_related("framework") if round_is_open_for(r, council, day)]


def rounds_to_start(council) -> list[Round]:
    """Open rounds in which the council has no assessment yet."""
    started = set(Assessment.objects.filter(council=council).values_list("round_id", flat=True))
    return [r for r in rounds_open_for(council) if r.pk not in started]


@dataclass
class KeyAreaAnswers:
    """One key area of an assessment: its statements, the answers to them, its progress."""

    key_area: KeyArea
    statements: list[Statement]
    answers: dict = field(default_factory=dict)

    @property
    def levels(self) -> list[int | None]:
        return [getattr(self.answers.get(s.pk), "current_level", None) for s in self.statements]

    @property
    def status(self) -> scoring.Completion:
        return scoring.completion(
            self.levels,
            started=bool(self.answers),
            needs_review=any(a.needs_review for a in self.answers.values()),
        )

    @property
    def level(self) -> int | None:
        return scoring.key_area_level(self.levels)


def key_area_answers(assessment, *, details: bool = False) -> list[KeyAreaAnswers]:
    """The assessment's key areas in matrix order, each with its statements and answers.

    Only pages that show every answer in full (check answers) ask for the `details`: evidence
    files and actions. The task list needs levels alone, and it is the page officers open most.
    """
    answers = assessment.answers.all()
    if details:
        answers = answers.prefetch_related("evidence_files", "actions")
    answers = {a.statement_id: a for a in answers}
    by_key_area: dict[int, KeyAreaAnswers] = {}
    for statement in assessed_statements(assessment.round.framework_id):
        found = by_key_area.setdefault(
            statement.key_area_id, KeyAreaAnswers(key_area=statement.key_area, statements=[])
        )
        found.statements.append(statement)
        if statement.pk in answers:
            found.answers[statement.pk] = answers[statement.pk]
    return list(by_key_area.values())


# The task list shows a completed key area in plain text, the others as GOV.UK tags.
TAG_COLOURS = {
    scoring.Completion.NOT_STARTED: "blue",
    scoring.Completion.IN_PROGRESS: "light-blue",
    scoring.Completion.COMPLETED: "",
}


@dataclass
class KeyAreaProgress:
    """One key area on the task list: where it sits in the matrix and how complete it is."""

    key_area_id: int
    name: str
    is_draft_wording: bool
    status: scoring.Completion

    @property
    def tag_colour(self) -> str:
        return TAG_COLOURS[self.status]


def progress_by_theme(assessment) -> list[tuple[dict, list[KeyAreaProgress]]]:
    """The task list: each key area's progress under its theme (a dict of name and key).

    The page officers open most needs names and levels only, so statements and answers come
    back as plain values rather than model rows: the same statuses as `key_area_answers`, a third
    the work.
    """
    answers = {
        pk: (level, review)
        for pk, level, review in assessment.answers.order_by().values_list(
            "statement_id", "current_level", "needs_review"
        )
    }
    rows = fetch(progress_sql(assessment.round.framework_id))
    key_areas: dict[int, tuple] = {}
    for pk, key_area_id, *key_area in rows:
        key_areas.setdefault(key_area_id, (key_area, []))[1].append(answers.get(pk))
    themes: dict[int, tuple[dict, list[KeyAreaProgress]]] = {}
    for key_area_id, ((name, draft, theme_id, theme, key), found) in key_areas.items():
        progress = KeyAreaProgress(key_area_id, name, bool(draft), key_area_completion(found))
        themes.setdefault(theme_id, ({"name": theme, "key": key}, []))[1].append(progress)
    return list(themes.values())


def key_area_completion(answers: list[tuple[int | None, bool] | None]) -> scoring.Completion:
    """A key area's completion from its statements' (level, needs review), None if unanswered."""
    return scoring.completion(
        [answer[0] if answer else None for answer in answers],
        started=any(answers),
        needs_review=any(answer[1] for answer in answers if answer),
    )


def key_area_levels(assessment) -> dict[int, int]:
    """The current level of each fully rated key area, by key area id."""
    return {
        found.key_area.pk: found.level
        for found in key_area_answers(assessment)
        if found.level is not None
    }


def answers_for(assessment, statements) -> dict[int, Answer]:
    """The assessment's answers to these statements, by statement id."""
    answers = assessment.answers.filter(statement__in=statements).prefetch_related(
        "evidence_files", "actions"
    )
    return {a.statement_id: a for a in answers}


@functools.lru_cache(maxsize=64)
def progress_sql(framework_id: int) -> tuple[str, tuple]:
    """The SQL of the task list's statements (in matrix order, with key area and theme), compiled
    once per framework: Django takes four times as long to compile it as the database to run it,
    and only the framework changes it. The rows are read afresh each time (`fetch`)."""
    rows = assessed_statements(framework_id).values_list(
        "pk",
        "key_area_id",
        "key_area__name",
        "key_area__is_draft_wording",
        "key_area__theme_id",
        "key_area__theme__name",
        "key_area__theme__key",
    )
    return rows.query.sql_with_params()


def fetch(compiled: tuple[str, tuple]) -> list[tuple]:
    """The rows of SQL compiled earlier, as the database returns them (SQLite: booleans as 0/1)."""
    with connection.cursor() as cursor:
        cursor.execute(*compiled)
        return cursor.fetchall()


def filter_assessments(
    assessments: QuerySet[Assessment],
    *,
    council: str = "",
    round: Round | None = None,
    status: str = "",
    region: str = "",
    kind: str = "",
) -> QuerySet[Assessment]:
    """The assessments narrowed by council name (any part), round, status, region and kind."""
    wanted = {
        "council__name__icontains": council,
        "round": round,
        "status": status,
        "council__region": region,
        "council__kind": kind,
    }
    return assessments.filter(**{lookup: value for lookup, value in wanted.items() if value})
