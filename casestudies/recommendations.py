"""Reads that point a council to case studies showing the next level in a key area."""

from django.db.models import Q

from assessments.models import KeyArea
from casestudies.models import CaseStudy, CaseStudyKeyArea

# The next level up is the most reachable step, so it comes first; then the most recent.
BEST_MATCH_ORDER = ("level", "-case_study__published_at", "case_study__title")


def _published_tags():
    return CaseStudyKeyArea.objects.filter(case_study__status=CaseStudy.Status.PUBLISHED)


def councils_that_did_this(key_area, current_level: int | None, limit: int = 3) -> list:
    """Published case studies showing this key area above the council's level, best first."""
    key_area_id = getattr(key_area, "pk", key_area)
    tags = (
        _published_tags()
        .filter(
            key_area__key__in=KeyArea.objects.filter(pk=key_area_id).values("key"),
            level__gt=current_level or 0,
        )
        .select_related("case_study")
        .prefetch_related("case_study__councils")
        .order_by(*BEST_MATCH_ORDER)
    )
    return list(tags[:limit])


def _levels_by_id(levels_by_key_area: dict) -> dict[int, int]:
    # A key area not assessed yet (None) is unknown rather than weak, so it is left out.
    return {
        getattr(k, "pk", k): int(level)
        for k, level in levels_by_key_area.items()
        if level is not None
    }


def recommended_case_studies(
    levels_by_key_area: dict, key_areas: int = 3, per_key_area: int = 2
) -> list[dict]:
    """For the council's weakest key areas that have examples, case studies one step ahead."""
    levels = _levels_by_id(levels_by_key_area)
    if not levels:
        return []
    areas = sorted(
        KeyArea.objects.filter(pk__in=levels).select_related("theme"),
        key=lambda a: (levels[a.pk], a.theme.order, a.order),
    )
    wanted = Q()
    for area in areas:
        wanted |= Q(key_area__key=area.key, level__gt=levels[area.pk])
    tags = list(
        _published_tags()
        .filter(wanted)
        .select_related("case_study", "key_area")
        .order_by(*BEST_MATCH_ORDER)
    )
    recommendations = []
    for area in areas:
        matches = [t for t in tags if t.key_area.key == area.key and t.level > levels[area.pk]]
        if matches:
            recommendations.append(
                {"key_area": area, "level": levels[area.pk], "tags": matches[:per_key_area]}
            )
        if len(recommendations) == key_areas:
            break
    return recommendations
