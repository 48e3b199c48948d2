"""Pointing councils to what works: "Councils that did this" and dashboard recommendations."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone

from casestudies.models import CaseStudy
from tests.casestudies.factories import CaseStudyFactory, key_area
from tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load casestudies %}" + source).render(Context(context))


@pytest.fixture
def partners():
    return key_area("working-with-partners", "Working with partners")


def test_councils_that_did_this_shows_case_studies_above_the_councils_level(partners):
    long_ago = timezone.now() - timedelta(days=400)
    CaseStudyFactory(title="At Mature", tags={partners: 3})
    CaseStudyFactory(title="Old Leader", tags={partners: 4}, published_at=long_ago)
    CaseStudyFactory(title="New Leader", tags={partners: 4}, councils=[CouncilFactory(name="Bury")])
    CaseStudyFactory(title="Innovator", tags={partners: 5})
    CaseStudyFactory(title="Draft Innovator", tags={partners: 5}, status=CaseStudy.Status.DRAFT)
    html = render("{% councils_that_did_this key_area level %}", key_area=partners, level=3)
    assert "Councils that did this" in html
    assert "At Mature" not in html
    assert "Draft Innovator" not in html
    # The next level up first, the most recent first within a level.
    assert html.index("New Leader") < html.index("Old Leader") < html.index("Innovator")
    assert "(Bury: Leader)" in html


def test_councils_that_did_this_accepts_a_key_area_id_and_an_unassessed_level(partners):
    CaseStudyFactory(title="Developing example", tags={partners: 2})
    html = render("{% councils_that_did_this key_area None %}", key_area=partners.pk)
    assert "Developing example" in html


def test_councils_that_did_this_shows_nothing_without_a_better_example(partners):
    CaseStudyFactory(tags={partners: 5})
    assert render("{% councils_that_did_this key_area 5 %}", key_area=partners).strip() == ""


def test_the_dashboard_recommends_case_studies_for_the_weakest_key_areas(partners):
    councillors = key_area("engaging-councillors", "Engaging councillors", order=1)
    suppliers = key_area("engaging-strategic-suppliers", "Engaging strategic suppliers", order=2)
    managers = key_area("engaging-senior-managers", "Engaging senior managers", order=3)
    CaseStudyFactory(title="STaR", tags={partners: 5, councillors: 4})
    CaseStudyFactory(title="Supplier forum", tags={suppliers: 5})
    CaseStudyFactory(title="Managers' board", tags={managers: 2})
    levels = {partners: 1, councillors: 2, suppliers: 4, managers: 3}
    html = render("{% recommended_case_studies levels %}", levels=levels)
    assert "Working with partners" in html
    assert "Engaging councillors" in html
    assert "Engaging strategic suppliers" in html  # the third weakest with an example
    assert "Managers&#x27; board" not in html  # at or below the council's level
    assert html.index("Working with partners") < html.index("Engaging councillors")


def test_recommendations_take_key_area_ids_and_skip_areas_without_examples(partners):
    empty = key_area("managing-strategic-risk", "Managing strategic risk")
    unassessed = key_area("engaging-councillors", "Engaging councillors")
    CaseStudyFactory(title="STaR", tags={partners: 5})
    CaseStudyFactory(title="Briefings", tags={unassessed: 3})
    levels = {empty.pk: 1, partners.pk: 2, unassessed.pk: None}
    html = render("{% recommended_case_studies levels %}", levels=levels)
    assert "STaR" in html
    assert "Managing strategic risk" not in html
    assert "Briefings" not in html  # not assessed yet: unknown, not weak


def test_no_levels_recommend_nothing():
    assert render("{% recommended_case_studies levels %}", levels={}).strip() == ""


def test_recommendations_read_a_fixed_number_of_queries(partners, django_assert_num_queries):
    areas = [key_area(f"area-{n}", order=n) for n in range(6)]
    for area in areas:
        CaseStudyFactory(tags={area: 5})
    with django_assert_num_queries(2):
        render("{% recommended_case_studies levels %}", levels={a: 1 for a in areas})


def test_the_library_version_moves_with_any_added_saved_or_deleted_case_study():
    def version() -> str:
        return render("{% case_study_library_version as version %}{{ version }}")

    CaseStudyFactory()
    before = version()
    case_study = CaseStudyFactory(status=CaseStudy.Status.DRAFT)
    added = version()
    case_study.title = "Retitled"
    case_study.save()
    saved = version()
    case_study.delete()
    assert len({before, added, saved}) == 3
    assert version() == before  # the library is as it was: so is what it shows
