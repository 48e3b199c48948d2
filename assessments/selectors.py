"""Reads about rounds and assessments that views, services and other apps share."""

import functools
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from assessments import scoring
from assessments.assignments.selectors import AssignmentRow, as_rows, assignments_in
from assessments.models import (
    Answer,
    Assessment,
    Framework,
    KeyArea,
    KeyAreaAssignment,
    Level,
    Round,
    RoundExtension,
    Statement,
    Theme,
)
from npsportal.compiled import columns_of, converted, db_converters, fetch, instance, with_value
from npsportal.models import Council, User
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


def is_visible_to(user, assessment: Assessment) -> bool:
    """Whether the assessment is among those `assessments_visible_to` the user, without a query."""
    if assessment.council_id in {council.pk for council in councils_of(user)}:
        return True
    return assessment.status in SHARED_WITH_LGA and has_lga_staff_role(user)


def assessment_for_page(pk: int) -> Assessment | None:
    """The assessment with its council, round and framework, and `extended_until`: the council's
    extension of the round (or None). Read in one query compiled once, as every assessment page
    starts here."""
    # The ORM answers "none" for an id the column cannot hold; raw SQL would overflow instead.
    lowest, highest = connection.ops.integer_field_range("BigAutoField")
    if not lowest <= pk <= highest:
        return None
    rows = fetch(for_assessment(assessment_page_sql(), pk))
    if not rows:
        return None
    *values, extended = rows[0]
    parts = {}
    for model, prefix in PAGE_PARTS:
        count = len(columns_of(model))
        parts[prefix], values = instance(model, values[:count]), values[count:]
    assessment = parts[""]
    assessment.council, assessment.round = parts["council__"], parts["round__"]
    assessment.round.framework = parts["round__framework__"]
    closes_on = RoundExtension._meta.get_field("closes_on")
    assessment.extended_until = converted([extended], [(closes_on, db_converters(closes_on))])[0]
    return assessment


# What `assessment_for_page` reads: each model's columns, by their lookup from the assessment.
PAGE_PARTS = (
    (Assessment, ""),
    (Council, "council__"),
    (Round, "round__"),
    (Framework, "round__framework__"),
)


@functools.lru_cache(maxsize=1)
def assessment_page_sql() -> tuple[str, tuple]:
    """The SQL of `assessment_for_page` (compiled once, like `progress_sql`)."""
    extension = RoundExtension.objects.filter(round=OuterRef("round"), council=OuterRef("council"))
    columns = [prefix + f.attname for model, prefix in PAGE_PARTS for f, _ in columns_of(model)]
    found = (
        Assessment.objects.filter(pk=ANY_ASSESSMENT)
        .order_by()
        .annotate(extended_until=Subquery(extension.values("closes_on")[:1]))
        .values_list(*columns, "extended_until")
    )
    return found.query.sql_with_params()


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
    return last_day(round, extended.values_list("closes_on", flat=True).first())


def last_day(round: Round, extended_until):
    """The later of the round's close and the council's extension (None: no extension)."""
    return max(round.closes_on, extended_until or round.closes_on)


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
    # Who has the key area (assignments.selectors.AssignmentRow), where the page shows it.
    assignments: list = field(default_factory=list)

    @property
    def tag_colour(self) -> str:
        return TAG_COLOURS[self.status]


def progress_by_theme(assessment) -> list[tuple[dict, list[KeyAreaProgress]]]:
    """The task list: each key area's progress under its theme (a dict of name and key).

    The page officers open most needs names and levels only, so statements and answers come
    back together as plain values, in one query compiled once per framework: the same statuses
    as `key_area_answers`, a fraction of the work.
    """
    rows = fetch(for_assessment(progress_sql(assessment.round.framework_id), assessment.pk))
    key_areas: dict[int, tuple] = {}
    for key_area_id, name, draft, theme_id, theme, key, answer_id, level, review in rows:
        answer = (level, bool(review)) if answer_id is not None else None
        key_areas.setdefault(key_area_id, ((name, draft, theme_id, theme, key), []))[1].append(
            answer
        )
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
    """The assessment's answers to these statements, by statement id (without their files and
    actions: a page that shows them prefetches them)."""
    return {a.statement_id: a for a in assessment.answers.filter(statement__in=statements)}


def key_area_for_page(assessment, key_area_id: int) -> KeyAreaAnswers | None:
    """One key area of the assessment with its statements and answers, as `key_area_answers`
    gives it, or None when the matrix does not ask it: its rows alone, not the whole matrix's,
    read together in one query compiled once per framework (`key_area_page_sql`)."""
    # The ORM answers "none" for an id the column cannot hold; raw SQL would overflow instead.
    lowest, highest = connection.ops.integer_field_range("BigAutoField")
    if not lowest <= key_area_id <= highest:
        return None
    compiled = for_assessment(key_area_page_sql(assessment.round.framework_id), assessment.pk)
    rows = fetch(with_value(compiled, ANY_KEY_AREA, key_area_id))
    if not rows:
        return None
    found = None
    for row in rows:
        statement, key_area, theme, answer = key_area_page_parts(row)
        if found is None:
            key_area.theme = theme
            found = KeyAreaAnswers(key_area=key_area, statements=[])
        statement.key_area = found.key_area
        found.statements.append(statement)
        if answer is not None:
            Answer.assessment.field.set_cached_value(answer, assessment)
            found.answers[statement.pk] = answer
    return found


# What `key_area_for_page` reads of each statement: its own columns, its key area's and theme's,
# and the assessment's answer to it (all None when there is none).
KEY_AREA_PAGE_PARTS = (
    (Statement, ""),
    (KeyArea, "key_area__"),
    (Theme, "key_area__theme__"),
    (Answer, "answer__"),
)


def key_area_page_parts(row: tuple) -> tuple:
    """A row of `key_area_page_sql` as model objects: statement, key area, theme and answer (or
    None)."""
    parts, values = [], row
    for model, _ in KEY_AREA_PAGE_PARTS:
        count = len(columns_of(model))
        columns, values = values[:count], values[count:]
        parts.append(None if columns[0] is None else instance(model, columns))
    return tuple(parts)


@functools.lru_cache(maxsize=64)
def key_area_page_sql(framework_id: int) -> tuple[str, tuple]:
    """The SQL of `key_area_for_page`: compiled once per framework, like `progress_sql`, as
    building it cost the page more than the database took to answer it. Run it with
    `for_assessment` and `with_value(…, ANY_KEY_AREA, key_area_id)`."""
    answer = FilteredRelation("answers", condition=Q(answers__assessment_id=ANY_ASSESSMENT))
    columns = [
        prefix + f.attname for model, prefix in KEY_AREA_PAGE_PARTS for f, _ in columns_of(model)
    ]
    rows = (
        assessed_statements(framework_id)
        .filter(key_area_id=ANY_KEY_AREA)
        .annotate(answer=answer)
        .values_list(*columns)
    )
    return rows.query.sql_with_params()


def key_area_after(assessment, key_area_id: int) -> int | None:
    """The id of the key area after this one in matrix order, or None after the last."""
    order = fetch(key_area_order_sql(assessment.round.framework_id))
    following = list(dict.fromkeys(key_area for (key_area,) in order))
    index = following.index(key_area_id)
    return following[index + 1] if index + 1 < len(following) else None


@functools.lru_cache(maxsize=64)
def key_area_order_sql(framework_id: int) -> tuple[str, tuple]:
    """The SQL of the framework's key area ids in matrix order, one per statement (compiled once
    per framework, like `progress_sql`)."""
    order = assessed_statements(framework_id).values_list("key_area_id")
    return order.query.sql_with_params()


# Compiled SQL stands for any assessment with this id, replaced by the real one when run.
ANY_ASSESSMENT = -1
# And for any key area with this one (apart from ANY_ASSESSMENT, as both may be in one query).
ANY_KEY_AREA = -2


@functools.lru_cache(maxsize=64)
def progress_sql(framework_id: int) -> tuple[str, tuple]:
    """The SQL of the task list's statements (in matrix order, with key area, theme and the
    assessment's answer, if any), compiled once per framework: Django takes four times as long
    to compile it as the database to run it. Run it with `for_assessment`."""
    answer = FilteredRelation("answers", condition=Q(answers__assessment_id=ANY_ASSESSMENT))
    rows = (
        assessed_statements(framework_id)
        .annotate(answer=answer)
        .values_list(
            "key_area_id",
            "key_area__name",
            "key_area__is_draft_wording",
            "key_area__theme_id",
            "key_area__theme__name",
            "key_area__theme__key",
            "answer__id",
            "answer__current_level",
            "answer__needs_review",
        )
    )
    return rows.query.sql_with_params()


def for_assessment(compiled: tuple[str, tuple], assessment_id: int) -> tuple[str, tuple]:
    """SQL compiled with `ANY_ASSESSMENT`, made to read the given assessment."""
    return with_value(compiled, ANY_ASSESSMENT, assessment_id)


@functools.lru_cache(maxsize=1)
def assignments_sql() -> tuple[str, tuple]:
    """The SQL of who has each key area (compiled once, like `progress_sql`)."""
    found = assignments_in(Assessment(pk=ANY_ASSESSMENT)).values_list(
        "key_area_id", "assignee__full_name", "assignee__email", "due_on", "state", "last_reason"
    )
    return found.query.sql_with_params()


def task_list_assignments(assessment) -> dict[int, list[AssignmentRow]]:
    """Who has each key area of the assessment, by key area id, for the task list: read as plain
    values, which is a fraction of the work of the model rows `assignments_by_key_area` reads."""
    due_on = KeyAreaAssignment._meta.get_field("due_on")
    found = []
    for key_area_id, full_name, email, due, state, reason in fetch(
        for_assessment(assignments_sql(), assessment.pk)
    ):
        assignee = User(full_name=full_name, email=email)
        assignment = KeyAreaAssignment(
            key_area_id=key_area_id, assignee=assignee, due_on=due_on.to_python(due), state=state
        )
        assignment.last_reason = reason
        found.append(assignment)
    by_key_area: dict[int, list[AssignmentRow]] = {}
    for row in as_rows(found):
        by_key_area.setdefault(row.assignment.key_area_id, []).append(row)
    return by_key_area


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
