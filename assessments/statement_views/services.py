"""Changes to people's own views of statements: each person writes only their own rows."""

from dataclasses import dataclass

from django.db import transaction

from assessments.assignments.services import mark_started_for
from assessments.models import Assessment, KeyArea, Statement, StatementView
from assessments.services import check_editable


@dataclass
class ViewInput:
    """What a person entered as their view of one statement."""

    statement: Statement
    level: int
    comment: str = ""
    evidence: str = ""


@transaction.atomic
def give_views(
    *, assessment: Assessment, key_area: KeyArea, person, inputs: list[ViewInput]
) -> None:
    """Records the person's own views of statements of a draft (or returned) assessment in an
    open round; each person's rows are theirs alone, so colleagues saving at once lose nothing."""
    # Row lock: the assessment cannot be submitted or its round closed half-way through.
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("round", "council")
        .get(pk=assessment.pk)
    )
    check_editable(assessment)
    for item in inputs:
        # The same person in two tabs: the lock puts the saves one after the other, and the last
        # one is their view (it is theirs alone to change).
        StatementView.objects.update_or_create(
            assessment=assessment,
            statement=item.statement,
            person=person,
            defaults={"level": item.level, "comment": item.comment, "evidence": item.evidence},
        )
    # A colleague the key area was given to has started on it.
    mark_started_for(assessment=assessment, key_area=key_area, person=person)
