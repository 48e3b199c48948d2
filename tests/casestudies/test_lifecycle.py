"""Draft → in review → published → archived: only LGA staff move a case study; revisions stay."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from casestudies import services
from casestudies.models import CaseStudy
from tests.casestudies.factories import CaseStudyFactory
from tests.conftest import force_login_verified
from tests.factories import CouncilFactory, lga_staff, member_of

pytestmark = pytest.mark.django_db
Status = CaseStudy.Status


def detail(case_study):
    return reverse("casestudies:case_study_detail", args=[case_study.slug])


def change_status(case_study, action):
    return reverse("casestudies:case_study_change_status", args=[case_study.slug, action])


@pytest.fixture
def staff(client):
    user = lga_staff(full_name="Alex Staff")
    force_login_verified(client, user)
    return user


def test_publishing_sets_the_dates_and_keeps_the_first_publication_date():
    case_study = CaseStudyFactory(status=Status.DRAFT)
    case_study = services.publish_case_study(case_study=case_study, by=None)
    first = case_study.published_at
    assert first is not None
    assert case_study.last_reviewed is not None
    case_study = services.archive_case_study(case_study=case_study, by=None)
    case_study = services.return_to_draft(case_study=case_study, by=None)
    case_study = services.publish_case_study(case_study=case_study, by=None)
    assert case_study.published_at == first


@pytest.mark.parametrize(
    ("status", "service"),
    [
        (Status.DRAFT, services.archive_case_study),
        (Status.PUBLISHED, services.submit_for_review),
        (Status.ARCHIVED, services.publish_case_study),
        (Status.PUBLISHED, services.return_to_draft),
    ],
)
def test_a_step_the_status_does_not_allow_is_refused(status, service):
    case_study = CaseStudyFactory(status=status)
    with pytest.raises(services.TransitionError):
        service(case_study=case_study, by=None)
    case_study.refresh_from_db()
    assert case_study.status == status


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW])
def test_unpublished_case_studies_are_not_found_by_the_public(client, status):
    case_study = CaseStudyFactory(status=status)
    assert client.get(detail(case_study)).status_code == 404


def test_an_archived_case_study_stays_readable_with_a_notice(client):
    case_study = CaseStudyFactory(status=Status.ARCHIVED)
    response = client.get(detail(case_study))
    assert response.status_code == 200
    assert "This case study was archived" in response.content.decode()


def test_staff_submit_and_publish_a_case_study_from_the_preview(client, staff):
    case_study = CaseStudyFactory(status=Status.DRAFT, title="Shared energy")
    preview = client.get(reverse("casestudies:case_study_preview", args=[case_study.slug]))
    assert "This case study is draft. The public cannot see it yet." in preview.content.decode()
    response = client.post(change_status(case_study, "submit"), follow=True)
    assert "“Shared energy” submitted for review" in response.content.decode()
    client.post(change_status(case_study, "publish"))
    client.logout()
    assert client.get(detail(case_study)).status_code == 200


def test_a_step_not_allowed_is_explained_to_staff(client, staff):
    case_study = CaseStudyFactory(status=Status.DRAFT, title="Shared energy")
    response = client.post(change_status(case_study, "archive"), follow=True)
    assert "“Shared energy” is draft, so it cannot be archived" in response.content.decode()


@pytest.mark.parametrize("role", ["officer", "lead", "councillor"])
def test_only_lga_staff_can_publish(client, role):
    force_login_verified(client, member_of(CouncilFactory(), role))
    case_study = CaseStudyFactory(status=Status.DRAFT)
    assert client.post(change_status(case_study, "publish")).status_code == 403
    case_study.refresh_from_db()
    assert case_study.status == Status.DRAFT


def test_an_unknown_step_is_not_found(client, staff):
    case_study = CaseStudyFactory(status=Status.DRAFT)
    assert client.post(change_status(case_study, "delete")).status_code == 404


def test_every_revision_is_kept_and_shown_to_staff(client, staff):
    case_study = CaseStudyFactory(status=Status.DRAFT, summary="First words.")
    case_study.summary = "Second words."
    services.save_case_study(case_study=case_study, by=staff, reason="Clearer summary")
    services.publish_case_study(case_study=case_study, by=staff)
    response = client.get(reverse("casestudies:case_study_revisions", args=[case_study.slug]))
    html = response.content.decode()
    assert case_study.history.count() == 3
    assert "Clearer summary" in html
    assert "Second words." in html
    assert "Was: First words." in html
    assert "Published" in html
    assert "By Alex Staff" in html


def test_revisions_show_every_field_of_the_creation_and_values_in_words(client, staff):
    moment = datetime(2026, 11, 30, 6, 24, 25, 965457, tzinfo=UTC)
    with time_machine.travel(moment):
        case_study = CaseStudyFactory(status=Status.DRAFT, title="Shared legal team")
        services.publish_case_study(case_study=case_study, by=staff)
    response = client.get(reverse("casestudies:case_study_revisions", args=[case_study.slug]))
    text = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert "30 November 2026, 6:24am: Created" in text
    assert "Title Shared legal team" in text  # the creation lists its fields, not only tags
    assert f"Summary {case_study.summary}" in text
    assert "Published at 30 November 2026, 6:24am Was: (empty)" in text
    assert "Status Published Was: Draft" in text
    for raw in ("+00:00", "in_review", "published Was", "06:24"):
        assert raw not in text


def test_staff_list_every_case_study_with_its_status(client, staff):
    CaseStudyFactory(status=Status.DRAFT, title="A draft")
    CaseStudyFactory(status=Status.ARCHIVED, title="An old one", last_reviewed=None)
    html = client.get(reverse("casestudies:staff_list")).content.decode()
    assert "A draft" in html
    assert "An old one" in html
    assert "Archived" in html
    assert html.count("Review due") == 1


def test_staff_see_a_link_to_manage_case_studies_and_others_do_not(client, staff):
    assert "Manage case studies" in client.get(reverse("home")).content.decode()
    client.logout()
    html = client.get(reverse("home")).content.decode()
    assert "Manage case studies" not in html
    assert "Case studies" in html


def test_a_reserved_slug_is_refused():
    case_study = CaseStudyFactory.build(slug="staff")
    with pytest.raises(services.ValidationError):
        services.save_case_study(case_study=case_study)


def test_the_detail_page_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    from tests.casestudies.factories import OutcomeFigureFactory, ReplyFactory
    from tests.factories import CouncilFactory as Council

    case_study = CaseStudyFactory(
        councils=[Council(), Council()], categories=["people"], tags={"working-with-partners": 5}
    )
    OutcomeFigureFactory.create_batch(3, case_study=case_study)
    ReplyFactory.create_batch(3, case_study=case_study, status="approved")
    CaseStudyFactory.create_batch(3, tags={"working-with-partners": 4})
    with django_assert_max_num_queries(14):
        response = client.get(detail(case_study))
    assert len(response.context["related"]) == 3


@pytest.mark.parametrize(
    ("status", "buttons"),
    [
        (Status.DRAFT, ["Submit for review", "Publish"]),
        (Status.IN_REVIEW, ["Publish", "Return to draft"]),
        (Status.PUBLISHED, ["Archive"]),
        (Status.ARCHIVED, ["Return to draft"]),
    ],
)
def test_the_preview_offers_exactly_the_steps_the_status_allows(client, staff, status, buttons):
    case_study = CaseStudyFactory(status=status, title="Shared energy")
    preview = client.get(reverse("casestudies:case_study_preview", args=[case_study.slug]))
    offered = re.findall(r"data-module=\"govuk-button\">([^<]+)<span", preview.content.decode())
    assert offered == buttons
