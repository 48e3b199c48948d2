"""LGA staff analyse a consultation's free-text answers: a codebook of themes, tags, quotes, and
grouping of identical and near-identical answers (campaigns and duplicates)."""

import time
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from npsportal.audit import record_event
from strategies.analysis import grouping
from strategies.models import (
    AnalysisTheme,
    Consultation,
    DuplicateGroup,
    GroupingRun,
    Question,
    Quote,
    ResponseAnswer,
    ThemeTag,
)

# A run not finished after this long has lost its worker: staff may start another.
GIVEN_UP_AFTER = timedelta(hours=1)
UPDATE_CHUNK = 500
# How often a grouping writes its progress for the staff page (which polls every few seconds).
PROGRESS_SECONDS = 1.0


class ThemeInUse(Exception):
    """The theme tags answers or heads quotes, so removing it would lose analysts' work."""


class GroupingAlreadyRunning(Exception):
    """The consultation's answers are being grouped already."""


@transaction.atomic
def add_theme(*, consultation: Consultation, name: str, description: str, user) -> AnalysisTheme:
    """Adds a theme at the end of the consultation's codebook."""
    last = consultation.analysis_themes.aggregate(last=Max("order"))["last"]
    return AnalysisTheme.objects.create(
        consultation=consultation,
        name=name,
        description=description,
        order=0 if last is None else last + 1,
        created_by=user,
    )


@transaction.atomic
def rename_theme(*, theme: AnalysisTheme, name: str, description: str) -> AnalysisTheme:
    """Renames a theme; its tags and quotes stay with it."""
    theme.name, theme.description = name, description
    theme.save(update_fields=["name", "description"])
    return theme


@transaction.atomic
def move_theme(*, theme: AnalysisTheme, up: bool) -> None:
    """Moves a theme one place up or down the codebook."""
    themes = list(
        AnalysisTheme.objects.select_for_update().filter(consultation_id=theme.consultation_id)
    )
    at = next(i for i, t in enumerate(themes) if t.pk == theme.pk)
    other = at - 1 if up else at + 1
    if 0 <= other < len(themes):
        themes[at], themes[other] = themes[other], themes[at]
    for order, each in enumerate(themes):
        each.order = order
    AnalysisTheme.objects.bulk_update(themes, ["order"])


@transaction.atomic
def remove_theme(*, theme: AnalysisTheme) -> None:
    """Removes a theme that tags no answer and heads no quote."""
    if theme.tags.exists() or theme.quotes.exists():
        raise ThemeInUse
    theme.delete()


@transaction.atomic
def change_tags(*, answer: ResponseAnswer, add: set[int], remove: set[int], user) -> None:
    """Adds and removes only the themes the analyst changed, row by row: insert-if-absent and
    delete, so two analysts tagging the same answer at once keep each other's tags."""
    ThemeTag.objects.bulk_create(
        [ThemeTag(answer=answer, theme_id=pk, tagged_by=user) for pk in sorted(add - remove)],
        ignore_conflicts=True,
    )
    if remove:
        ThemeTag.objects.filter(answer=answer, theme_id__in=remove - add).delete()


@transaction.atomic
def mark_analysed(*, answer: ResponseAnswer, analysed: bool, user) -> None:
    """Marks an answer analysed (by whom, when) or not analysed yet."""
    ResponseAnswer.objects.filter(pk=answer.pk).update(
        analysed_at=timezone.now() if analysed else None, analysed_by=user if analysed else None
    )


@transaction.atomic
def pick_quote(*, answer: ResponseAnswer, theme: AnalysisTheme | None, user) -> Quote:
    """Picks an answer to quote in the summary report, under a theme or none."""
    quote, _ = Quote.objects.update_or_create(
        answer=answer, defaults={"theme": theme, "picked_by": user, "picked_at": timezone.now()}
    )
    return quote


@transaction.atomic
def unpick_quote(*, answer: ResponseAnswer) -> None:
    """Takes an answer off the quotes."""
    Quote.objects.filter(answer=answer).delete()


@transaction.atomic
def label_group(*, group: DuplicateGroup, label: str, is_campaign: bool) -> None:
    """Names a group of answers and says whether it is an organised campaign."""
    group.label, group.is_campaign = label, is_campaign
    group.save(update_fields=["label", "is_campaign"])


def running_grouping(consultation: Consultation) -> GroupingRun | None:
    """The consultation's grouping still under way, unless its worker was lost."""
    return (
        consultation.grouping_runs.filter(
            state__in=[GroupingRun.State.QUEUED, GroupingRun.State.RUNNING],
            requested_at__gte=timezone.now() - GIVEN_UP_AFTER,
        )
        .order_by("-requested_at", "-pk")
        .first()
    )


@transaction.atomic
def start_grouping(*, consultation: Consultation, user) -> GroupingRun:
    """Queues the grouping of every free-text answer of the consultation, one run at a time."""
    from strategies.analysis.tasks import group_similar_answers  # the task module imports this

    Consultation.objects.select_for_update().get(pk=consultation.pk)  # one start at a time
    if running_grouping(consultation) is not None:
        raise GroupingAlreadyRunning
    total = text_answers(consultation).count()
    run = GroupingRun.objects.create(
        consultation=consultation,
        method=grouping.method(),
        threshold=grouping.THRESHOLD,
        total=total,
        requested_by=user,
    )
    details = {"consultation": consultation.slug, "answers": total}
    record_event(action="grouping.requested", actor=user, obj=run, details=details)
    # Enqueued inside the transaction: on the database queue the task commits with the run.
    group_similar_answers.enqueue(run.pk)
    return run


def text_answers(consultation):
    """The consultation's non-empty answers to free-text questions."""
    return ResponseAnswer.objects.filter(
        question__consultation=consultation, question__kind=Question.Kind.TEXT
    ).exclude(text="")


def run_grouping(*, run_id: int) -> None:
    """Groups each free-text question's answers, counting progress as it goes."""
    run = GroupingRun.objects.select_related("consultation").get(pk=run_id)
    GroupingRun.objects.filter(pk=run_id).update(state=GroupingRun.State.RUNNING, done=0)
    try:
        for question in run.consultation.questions.filter(kind=Question.Kind.TEXT):
            _group_question(run, question)
    except Exception:
        GroupingRun.objects.filter(pk=run_id).update(state=GroupingRun.State.FAILED)
        raise
    GroupingRun.objects.filter(pk=run_id).update(
        state=GroupingRun.State.DONE, done=F("total"), finished_at=timezone.now()
    )


class _Progress:
    """Answers done, written to the run at most once a PROGRESS_SECONDS (and at the end): one
    UPDATE per group would be one per distinct text, most of the run's time at 50,000."""

    def __init__(self, run_id: int):
        self.run_id, self.pending, self.written = run_id, 0, time.monotonic()

    def __call__(self, n: int) -> None:
        self.pending += n
        if time.monotonic() - self.written >= PROGRESS_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            # F(): the database adds, so the staff page reads the count as it stands.
            GroupingRun.objects.filter(pk=self.run_id).update(done=F("done") + self.pending)
        self.pending, self.written = 0, time.monotonic()


def _group_question(run: GroupingRun, question: Question) -> None:
    rows = (
        ResponseAnswer.objects.filter(question=question)
        .exclude(text="")
        .values_list("pk", "text", "response__email")
    )
    answers = [grouping.Answer(pk, text, email) for pk, text, email in rows.iterator(2000)]
    verify = None
    if run.method == grouping.POSTGRES_METHOD:
        verify = grouping.postgres_verify(run.threshold)
    progress = _Progress(run.pk)
    groups = grouping.group_answers(
        answers, threshold=run.threshold, verify=verify, progress=progress
    )
    _store_groups(run, question, groups)
    progress.flush()


@transaction.atomic
def _store_groups(run: GroupingRun, question: Question, groups: list[grouping.Group]) -> None:
    # Each answer belongs to the latest run's group only; earlier runs keep their own counts.
    ResponseAnswer.objects.filter(question=question).update(duplicate_group=None)
    for found in groups:
        group = DuplicateGroup.objects.create(
            run=run,
            question=question,
            submissions=len(found.answer_ids),
            distinct_texts=len(found.texts),
            distinct_respondents=len(found.emails),
        )
        for start in range(0, len(found.answer_ids), UPDATE_CHUNK):
            chunk = found.answer_ids[start : start + UPDATE_CHUNK]
            ResponseAnswer.objects.filter(pk__in=chunk).update(duplicate_group=group)
