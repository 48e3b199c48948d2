"""Case studies shown on the self-assessment's pages: "Councils that did this"."""

from django.urls import reverse

from assessments.models import Level
from casestudies.models import CaseStudy
from tests.assessments.factories import AssessmentFactory
from tests.casestudies.factories import CaseStudyFactory


def test_key_area_page_recommends_published_case_studies_above_the_councils_level(world, client_as):
    assessment = AssessmentFactory(council=world.own)
    key_area = assessment.round.framework.themes.get(kind="theme").key_areas.first()
    CaseStudyFactory(title="Councillors on every project board", tags={key_area: Level.LEADER})
    CaseStudyFactory(
        title="Not yet published", status=CaseStudy.Status.DRAFT, tags={key_area: Level.LEADER}
    )
    url = reverse("assessments:key_area", args=[assessment.pk, key_area.pk])
    page = client_as(world.users["officer"]).get(url).content.decode()
    assert "Councils that did this" in page
    assert "Councillors on every project board" in page
    assert "Not yet published" not in page
