"""Where an answer carried from another framework came from: {% load carried_answers %}."""

from django import template

from assessments.mappings.projection import Relation
from assessments.mappings.selectors import links_between
from assessments.models import Answer
from assessments.scoring import LEVEL_NAMES

register = template.Library()

# "The NPS 2018 key area ... this one": each relation in words, read from the old side.
RELATION_WORDS = {
    Relation.SAME: "is the same as",
    Relation.CONTAINS: "contains",
    Relation.PART_OF: "is part of",
    Relation.OVERLAPS: "overlaps",
}


@register.inclusion_tag("assessments/_partly_carried.html")
def partly_carried_notice(assessment, answer):
    """The warning at a statement whose level came through a link covering part of it."""
    if answer is None or not answer.partly_carried or not assessment.prefilled_from_id:
        return {"sources": []}
    previous = assessment.prefilled_from
    return {
        "sources": carried_from(previous, answer),
        "old_framework": previous.round.framework,
    }


def carried_from(previous, answer) -> list[dict]:
    """The previous assessment's answers linked to the answer's statement, with how each relates."""
    old_framework = previous.round.framework
    links = links_between(old_framework, answer.assessment.round.framework)
    relations = dict(links.get(answer.statement_id, []))
    old_answers = Answer.objects.filter(assessment=previous, statement__in=relations)
    return [
        {
            "name": old.statement.label,
            "relation": RELATION_WORDS[relations[old.statement_id]],
            "level": LEVEL_NAMES.get(old.current_level, "not rated"),
        }
        for old in old_answers.select_related("statement__key_area")
    ]


@register.inclusion_tag("assessments/_prefill_notice.html")
def prefill_notice(assessment):
    """The task list's note that the assessment started from earlier answers, counting the
    levels carried through partial links and not yet checked."""
    previous = assessment.prefilled_from
    across = previous is not None and previous.round.framework_id != assessment.round.framework_id
    return {
        "previous": previous,
        "framework": assessment.round.framework,
        "across": across,
        "partly_carried": assessment.answers.filter(partly_carried=True).count() if across else 0,
    }
