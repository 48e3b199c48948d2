"""An assessment seen against another framework (issue 17): the council's members, and LGA staff
once it is shared; a contributor or another council gets a 404."""

from tests.assessments.matrix import _assessment
from tests.matrix import OWN_COUNCIL, Row, for_roles

PUBLIC: set[str] = set()

MEMBERS = for_roles(OWN_COUNCIL)
MEMBERS_AND_STAFF = for_roles([*OWN_COUNCIL, "lga_staff"])


def _mapped(world, status):
    """Stockport's assessment in the status, and a framework mapped to its own."""
    from assessments.models import Framework, Mapping, MappingLink
    from tests.assessments.factories_framework import FrameworkFactory, StatementFactory

    assessment, answer, _, _ = _assessment(world, status)
    cciaf = FrameworkFactory(name="CCIAF", family=Framework.Family.CCIAF)
    mapping, _ = Mapping.objects.get_or_create(source=assessment.round.framework, target=cciaf)
    MappingLink.objects.get_or_create(
        mapping=mapping,
        source=answer.statement,
        defaults={
            "target": StatementFactory(key_area__theme__framework=cciaf),
            "relation": "same",
        },
    )
    return {"pk": assessment.pk}


def chosen(status):
    return lambda world: _mapped(world, status) | {"framework": "cciaf"}


def download(status, format):
    return lambda world: chosen(status)(world) | {"format": format}


ROWS = [
    Row("assessments:projection_choose", MEMBERS, lambda w: _mapped(w, "draft")),
    Row("assessments:projection_choose", MEMBERS_AND_STAFF, lambda w: _mapped(w, "submitted")),
    Row("assessments:projection", MEMBERS, chosen("draft")),
    Row("assessments:projection", MEMBERS_AND_STAFF, chosen("submitted")),
    *[
        Row("assessments:projection_download", expected, download(status, format))
        for status, expected in (("draft", MEMBERS), ("submitted", MEMBERS_AND_STAFF))
        for format in ("xlsx", "csv")
    ],
]
