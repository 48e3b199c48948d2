"""The task list's content (key areas, who has them, the NPPS record) and the fingerprint it is
cached under (docs/decisions/0021): read on every view, so a change made through any process
shows at once through all."""

from dataclasses import dataclass

from django.utils import timezone

from assessments import scoring, selectors
from assessments.dashboards.selectors import fingerprint
from assessments.dashboards.versions import task_list_stamp
from assessments.regard.selectors import RegardSummary, task_list_regard

# Long enough for a day's repeated views; a change makes a new fingerprint, not a stale page.
TASK_LIST_CACHE_SECONDS = 60 * 60


@dataclass
class TaskList:
    """What the cached part of the task list shows."""

    progress: list[tuple[dict, list[selectors.KeyAreaProgress]]]
    completed: int
    total: int
    regard: RegardSummary


def task_list(assessment) -> TaskList:
    """The assessment's key areas by theme with their progress and who has each, how many are
    completed, and its NPPS record."""
    progress = selectors.progress_by_theme(assessment)
    assignments = selectors.task_list_assignments(assessment)
    for _, key_areas in progress:
        for key_area in key_areas:
            key_area.assignments = assignments.get(key_area.key_area_id, [])
    statuses = [found.status for _, key_areas in progress for found in key_areas]
    return TaskList(
        progress=progress,
        completed=scoring.count_completed(statuses),
        total=len(statuses),
        regard=task_list_regard(assessment),
    )


def task_list_version(assessment, *, person: tuple) -> str:
    """A fingerprint of everything the cached task list shows: the rows it is drawn from
    (versions.task_list_stamp, one query), what the page has read of the assessment anyway (its
    status, council, round and the council's extension), what differs by `person` (what they may
    do, why they may not edit) and today's date (assignments fall overdue)."""
    round = assessment.round
    shown = (
        assessment.pk,
        assessment.status,
        assessment.updated_at,
        assessment.council.name,
        round.name,
        round.slug,
        round.closes_on,
        round.closed_at,
        round.framework_id,
        assessment.extended_until,
        person,
    )
    return fingerprint(shown, task_list_stamp(assessment.pk), timezone.localdate())
