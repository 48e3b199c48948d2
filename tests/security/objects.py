"""One council's self-assessment with everything hanging off it, marked so a leak shows."""

from contextlib import contextmanager
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction

from assessments.models import Action, Answer, Assessment, Evidence, KeyArea
from tests.assessments.factories import ActionFactory, AnswerFactory, AssessmentFactory

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@dataclass
class CouncilWork:
    assessment: Assessment
    answer: Answer
    action: Action
    evidence: Evidence
    key_area: KeyArea

    def kwargs(self, *names: str) -> dict:
        """URL kwargs naming this council's objects: pk, key_area, evidence, action."""
        every = {
            "pk": self.assessment.pk,
            "key_area": self.key_area.pk,
            "evidence": self.evidence.pk,
            "action": self.action.pk,
        }
        return {name: every[name] for name in names}


def council_work(council, marker: str, status: str = "draft", **assessment) -> CouncilWork:
    """An assessment of the council with an answer, an action and a file, all carrying marker."""
    assessment = AssessmentFactory(council=council, status=status, **assessment)
    key_area = assessment.round.framework.themes.first().key_areas.first()
    answer = AnswerFactory(
        assessment=assessment,
        statement=key_area.statements.first(),
        evidence_text=f"{marker} evidence",
        evidence_links=f"https://{marker.lower()}.example.org/plan",
    )
    action = ActionFactory(answer=answer, what=f"{marker} action", owner=f"{marker} owner")
    evidence = Evidence(
        answer=answer, original_name=f"{marker}.pdf", content_type="application/pdf", size=len(PDF)
    )
    evidence.file.save("upload", ContentFile(PDF), save=False)
    evidence.save()
    return CouncilWork(assessment, answer, action, evidence, key_area)


@contextmanager
def row_objects(world):
    """Runs one permission-matrix row's set-up and request, then rolls its objects back, so
    that many rows can share one test without their factories' names colliding."""
    world.objects.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
    world.objects.clear()
