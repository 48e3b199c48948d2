"""The assessments API's URLs and what each role's token gets from them (issue 19): the matrix
and mappings are public; an assessment as on the pages (its council's officer, head and
councillor; LGA staff once submitted; anyone else a 404); the national dataset LGA staff's."""

from tests.api_matrix import ApiRow, api_statuses
from tests.assessments.mapping_matrix import mapping
from tests.assessments.matrix import _assessment

PUBLIC = api_statuses(200, anonymous=200)
# Another council's assessment, a contributor's and (for a draft) LGA staff's: 404, never 403.
READ_DRAFT = api_statuses(404) | dict.fromkeys(["officer", "lead", "councillor"], 200)
READ_SUBMITTED = READ_DRAFT | {"lga_staff": 200}
STAFF_ONLY = api_statuses(403, lga_staff=200)


def writing(expected: dict) -> dict:
    """What a write gets: 405 (read only) wherever a read is allowed, the same refusal elsewhere."""
    return {role: 405 if status == 200 else status for role, status in expected.items()}


def framework(world):
    return {"slug": _assessment(world)[0].round.framework.slug}


def draft(world):
    return {"pk": _assessment(world)[0].pk}


def submitted(world):
    return {"pk": _assessment(world, "submitted")[0].pk}


def a_round(world):
    _assessment(world, "submitted")  # the newest round, which the dataset shows by default
    return {}


ROWS = [
    ApiRow("assessments_api:framework_list", PUBLIC),
    ApiRow("assessments_api:framework_detail", PUBLIC, framework),
    ApiRow("assessments_api:mapping_list", PUBLIC),
    ApiRow("assessments_api:mapping_detail", PUBLIC, mapping),
    # A contributor sees no list of self-assessments, as on the pages.
    ApiRow("assessments_api:assessment_list", api_statuses(200, contributor=403)),
    ApiRow(
        "assessments_api:assessment_list",
        writing(api_statuses(200, contributor=403)),
        method="post",
    ),
    *[
        ApiRow(f"assessments_api:{name}", expected, kwargs)
        for name in ("assessment_detail", "assessment_actions", "assessment_progress")
        for expected, kwargs in ((READ_DRAFT, draft), (READ_SUBMITTED, submitted))
    ],
    ApiRow("assessments_api:assessment_detail", writing(READ_DRAFT), draft, "delete"),
    ApiRow("assessments_api:framework_list", writing(PUBLIC), method="post"),
    ApiRow("assessments_api:national_dataset", STAFF_ONLY, a_round),
]
