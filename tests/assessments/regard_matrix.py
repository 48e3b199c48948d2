"""The NPPS "have regard" record's URLs and what each role gets from them (issue 17)."""

from tests.assessments.matrix import EDIT, EDITORS, READ_DRAFT, READ_SUBMITTED, _assessment
from tests.matrix import Row

PUBLIC: set[str] = set()


def _priority(world):
    from assessments.models import Framework
    from tests.assessments.factories import FrameworkFactory, KeyAreaFactory, ThemeFactory

    if "npps_priority" not in world.objects:
        framework = FrameworkFactory(name="NPPS 2025", year=2025, family=Framework.Family.NPPS)
        world.objects["npps_priority"] = KeyAreaFactory(theme=ThemeFactory(framework=framework))
    return world.objects["npps_priority"]


def draft(world):
    return {"pk": _assessment(world)[0].pk}


def submitted(world):
    return {"pk": _assessment(world, "submitted")[0].pk}


def priority_of_draft(world):
    return draft(world) | {"priority": _priority(world).pk}


def priority_of_submitted(world):
    return submitted(world) | {"priority": _priority(world).pk}


# Once submitted, editors are sent back to the assessment's page saying why; whoever else sees it
# (the councillor, LGA staff) may not record: 403.
LOCKED = EDIT | {r: 302 for r in EDITORS} | {"lga_staff": 403}
ROWS = [
    Row("assessments:regard_list", READ_DRAFT, draft),
    Row("assessments:regard_list", READ_SUBMITTED, submitted),
    Row("assessments:regard_record", EDIT, priority_of_draft),
    # Without input the form comes back with its errors (200) to editors only.
    Row("assessments:regard_record", EDIT, priority_of_draft, "post"),
    Row("assessments:regard_record", LOCKED, priority_of_submitted),
    Row("assessments:regard_record", LOCKED, priority_of_submitted, "post"),
]
