"""The audit log records sign-off steps and downloads of assessments, with who and from where."""

import pytest
from django.urls import reverse

from assessments.models import Assessment
from tests.assessments.factories import AssessmentFactory, rate_all
from tests.assessments.factories_dashboard import rated, rounds
from tests.audit import assert_recorded, events, only_event

pytestmark = pytest.mark.django_db


def test_submitting_is_recorded_with_the_officer_and_the_assessment(world, client_as):
    assessment = AssessmentFactory(council=world.own)
    rate_all(assessment)
    url = reverse("assessments:check_answers", args=[assessment.pk])
    client_as(world.users["officer"]).post(url, {"declaration": "on"})
    event = assert_recorded("assessment.submitted", world.users["officer"], assessment)
    assert event.details == {"council": "stockport", "round": assessment.round.slug}


def test_submitting_an_incomplete_assessment_records_nothing(world, client_as):
    assessment = AssessmentFactory(council=world.own)
    url = reverse("assessments:check_answers", args=[assessment.pk])
    response = client_as(world.users["officer"]).post(url, {"declaration": "on"})
    assert response.status_code == 200
    assert events("assessment.submitted") == []


def test_approving_is_recorded_with_the_lead(world, client_as):
    assessment = AssessmentFactory(council=world.own, status=Assessment.Status.SUBMITTED)
    url = reverse("assessments:sign_off", args=[assessment.pk])
    client_as(world.users["lead"]).post(url, {"decision": "approve"})
    assert_recorded("assessment.approved", world.users["lead"], assessment)


def test_returning_is_recorded_without_the_comment(world, client_as):
    assessment = AssessmentFactory(council=world.own, status=Assessment.Status.SUBMITTED)
    url = reverse("assessments:sign_off", args=[assessment.pk])
    comment = "Add evidence for SL1.2 from Jane Smith's cabinet paper"
    client_as(world.users["lead"]).post(url, {"decision": "return", "comment": comment})
    event = assert_recorded("assessment.returned", world.users["lead"], assessment)
    assert "Jane Smith" not in str(event.details) + event.object_repr


@pytest.mark.parametrize(
    ("who", "status"),
    [("officer", Assessment.Status.SUBMITTED), ("lead", Assessment.Status.DRAFT)],
)
def test_a_refused_or_impossible_sign_off_records_no_approval(world, client_as, who, status):
    assessment = AssessmentFactory(council=world.own, status=status)
    url = reverse("assessments:sign_off", args=[assessment.pk])
    client_as(world.users[who]).post(url, {"decision": "approve"})
    assessment.refresh_from_db()
    assert assessment.status == status
    assert events("assessment.approved") == []


def test_another_councils_lead_cannot_approve_and_nothing_is_recorded(world, client_as):
    assessment = AssessmentFactory(council=world.own, status=Assessment.Status.SUBMITTED)
    url = reverse("assessments:sign_off", args=[assessment.pk])
    response = client_as(world.users["other_lead"]).post(url, {"decision": "approve"})
    assert response.status_code == 404
    assert events("assessment.approved") == []


def test_downloading_a_councils_report_is_recorded(world, client_as):
    (this,) = rounds(count=1)
    assessment = rated(world.own, this)
    url = reverse("assessments:assessment_report", args=[assessment.pk])
    assert client_as(world.users["councillor"]).get(url).status_code == 200
    event = assert_recorded("report.downloaded", world.users["councillor"], assessment)
    assert event.details == {"council": "stockport", "round": this.slug}


def test_a_report_refused_to_another_council_records_no_download(world, client_as):
    (this,) = rounds(count=1)
    assessment = rated(world.own, this)
    url = reverse("assessments:assessment_report", args=[assessment.pk])
    assert client_as(world.users["other_officer"]).get(url).status_code == 404
    assert events("report.downloaded") == []


def test_downloading_an_evidence_file_is_recorded(world, client_as):
    from tests.assessments.matrix import evidence

    kwargs = evidence(world)
    url = reverse("assessments:evidence_download", kwargs=kwargs)
    response = client_as(world.users["councillor"]).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assessment = Assessment.objects.get(pk=kwargs["pk"])
    event = assert_recorded("evidence.downloaded", world.users["councillor"], assessment)
    assert event.details == {"evidence": kwargs["evidence"], "file": "plan.pdf"}


def test_an_evidence_file_refused_to_another_council_records_no_download(world, client_as):
    from tests.assessments.matrix import evidence

    url = reverse("assessments:evidence_download", kwargs=evidence(world))
    assert client_as(world.users["other_officer"]).get(url).status_code == 404
    assert events("evidence.downloaded") == []


@pytest.mark.parametrize(
    ("name", "file_format"),
    [
        ("assessments:national_csv", "csv"),
        ("assessments:national_xlsx", "xlsx"),
        ("assessments:national_report", "pdf"),
    ],
)
def test_national_exports_are_recorded_with_their_format_and_filters(
    world, client_as, name, file_format
):
    (this,) = rounds(count=1)
    rated(world.own, this)
    staff = world.users["lga_staff"]
    response = client_as(staff).get(reverse(name), {"region": "london", "kind": "nonsense"})
    assert response.status_code == 200
    event = assert_recorded("national.exported", staff)
    assert event.details == {
        "format": file_format,
        "round": this.slug,
        "region": "london",
        "kind": "",
    }


def test_a_councillor_refused_the_national_dataset_records_no_export(world, client_as):
    (this,) = rounds(count=1)
    rated(world.own, this)
    response = client_as(world.users["councillor"]).get(reverse("assessments:national_csv"))
    assert response.status_code == 403
    assert events("national.exported") == []
    assert only_event("permission.refused").actor == world.users["councillor"]
