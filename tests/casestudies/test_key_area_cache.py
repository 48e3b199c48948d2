""" "Councils that did this" on the key area page is drawn once and kept under the library's
version: every change to what it shows appears on the page at once."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Level
from casestudies import services
from casestudies.models import CaseStudy
from tests.assessments.factories import AssessmentFactory
from tests.casestudies.factories import CaseStudyFactory
from tests.conftest import force_login_verified
from tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(world):
    return AssessmentFactory(council=world.own)


@pytest.fixture
def key_area(assessment):
    return assessment.round.framework.themes.get(kind="theme").key_areas.first()


@pytest.fixture
def page(world, client_as, assessment, key_area):
    """The key area page's "Councils that did this", as the council's officer sees it."""
    officer = client_as(world.users["officer"])
    url = reverse("assessments:key_area", args=[assessment.pk, key_area.pk])

    def aside(key_area_id=key_area.pk) -> str:
        html = officer.get(reverse("assessments:key_area", args=[assessment.pk, key_area_id]))
        found = html.content.decode().partition('<aside class="app-councils-that-did-this"')[2]
        return " ".join(found.partition("</aside>")[0].split())

    aside.url, aside.client = url, officer
    return aside


@pytest.fixture
def staff(world):
    return force_login_verified(Client(), world.users["lga_staff"])


def test_a_published_case_study_appears_at_once(page, world, key_area):
    case_study = CaseStudyFactory(
        title="Councillors on every project board",
        status=CaseStudy.Status.DRAFT,
        tags={key_area: Level.LEADER},
    )
    assert "Councillors on every project board" not in page()
    services.publish_case_study(case_study=case_study, by=world.users["lga_staff"])
    assert "Councillors on every project board" in page()


def test_an_archived_case_study_leaves_at_once(page, world, key_area):
    case_study = CaseStudyFactory(title="Shared waste contract", tags={key_area: Level.LEADER})
    assert "Shared waste contract" in page()
    services.archive_case_study(case_study=case_study, by=world.users["lga_staff"])
    assert "Shared waste contract" not in page()
    services.return_to_draft(case_study=case_study, by=world.users["lga_staff"])
    assert "Shared waste contract" not in page()


def test_an_edited_case_study_shows_its_new_title_and_address_at_once(page, key_area):
    case_study = CaseStudyFactory(title="Shared waste contract", tags={key_area: Level.LEADER})
    assert "Shared waste contract" in page()
    case_study.title, case_study.slug = "Joint waste contract", "joint-waste-contract"
    services.save_case_study(case_study=case_study, reason="Retitled")
    shown = page()
    assert "Joint waste contract" in shown
    assert 'href="/case-studies/joint-waste-contract/"' in shown


def test_a_new_or_deleted_case_study_shows_at_once(page, key_area):
    first = CaseStudyFactory(title="Shared waste contract", tags={key_area: Level.LEADER})
    assert "Shared waste contract" in page()
    CaseStudyFactory(title="Joint legal team", tags={key_area: Level.INNOVATOR})
    assert "Joint legal team" in page()
    first.delete()
    shown = page()
    assert "Shared waste contract" not in shown
    assert "Joint legal team" in shown


def test_tags_and_councils_changed_in_the_back_office_show_at_once(page, staff, key_area):
    bury, oldham = CouncilFactory(name="Bury"), CouncilFactory(name="Oldham")
    case_study = CaseStudyFactory(
        title="Shared legal team", tags={key_area: Level.LEADER}, councils=[bury]
    )
    assert "(Bury: Leader)" in page()
    tag = case_study.tags.get()
    changed = staff.post(
        reverse("admin:casestudies_casestudy_change", args=[case_study.pk]),
        {
            "title": case_study.title,
            "slug": case_study.slug,
            "summary": case_study.summary,
            "councils": [bury.pk, oldham.pk],
            "tags-TOTAL_FORMS": 1,
            "tags-INITIAL_FORMS": 1,
            "tags-0-id": tag.pk,
            "tags-0-case_study": case_study.pk,
            "tags-0-key_area": key_area.pk,
            "tags-0-level": Level.INNOVATOR,
        }
        | {
            f"{inline}-{n}": 0
            for inline in ("outcomes", "links", "documents")
            for n in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    )
    assert changed.status_code == 302, changed.context["adminform"].form.errors
    assert "(Bury, Oldham: Innovator)" in page()


def test_the_councils_own_level_chooses_what_is_shown(page, assessment, key_area):
    CaseStudyFactory(title="One step ahead", tags={key_area: Level.LEADER})
    assert "One step ahead" in page()
    data = {"later": "1"}
    for statement in key_area.statements.all():
        data |= {
            f"s{statement.pk}-version": 0,
            f"s{statement.pk}-current_level": Level.LEADER,
            f"s{statement.pk}-confidence": "evidenced",
        }
    assert page.client.post(page.url, data).status_code == 302
    assert "One step ahead" not in page()


def test_each_key_area_shows_its_own_case_studies(page, assessment, key_area):
    other = assessment.round.framework.themes.get(kind="theme").key_areas.all()[1]
    CaseStudyFactory(title="About the first", tags={key_area: Level.LEADER})
    CaseStudyFactory(title="About the second", tags={other: Level.LEADER})
    assert "About the first" in page()
    assert "About the second" not in page()
    shown = page(other.pk)
    assert "About the second" in shown
    assert "About the first" not in shown


def test_case_studies_shown_are_read_once_then_kept(page, key_area, django_assert_num_queries):
    """With case studies shown, a second view reads no more than the page does without them:
    the library's version, not the case studies, their tags and their councils."""
    CaseStudyFactory(
        title="Shared legal team", tags={key_area: Level.LEADER}, councils=[CouncilFactory()]
    )
    assert "Shared legal team" in page()
    with django_assert_num_queries(12):
        assert "Shared legal team" in page()
