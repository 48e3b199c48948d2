"""The NPPS "have regard" record: each priority, how the council considered it and any departure,
kept with the assessment, through its pages and in the progress report."""

import pytest
from django.db import connection
from django.urls import reverse

from assessments.models import Framework, RegardRecord
from assessments.regard.demo import regard_records_in_stockport
from npsportal.models import AuditEvent
from tests.assessments.factories import AssessmentFactory, KeyAreaFactory, ThemeFactory
from tests.assessments.factories import FrameworkFactory as NpsFrameworkFactory
from tests.assessments.test_concurrency import post_at_once, signed_in_clients
from tests.assessments.test_reports import pdf_text
from tests.assessments.views_helpers import text


def npps(name="NPPS 2025", year=2025, priorities=("Driving growth", "Social value")):
    """An NPPS framework whose single theme holds its priorities, in order."""
    framework = NpsFrameworkFactory(name=name, year=year, family=Framework.Family.NPPS)
    theme = ThemeFactory(framework=framework, name="Priorities")
    return [
        KeyAreaFactory(theme=theme, name=name, description=f"{name}: what it asks.", order=n)
        for n, name in enumerate(priorities)
    ]


@pytest.fixture
def priorities(db):
    return npps()


@pytest.fixture
def assessment(world, priorities):
    return AssessmentFactory(council=world.own)


def list_url(assessment):
    return reverse("assessments:regard_list", args=[assessment.pk])


def form_url(assessment, priority):
    return reverse("assessments:regard_record", args=[assessment.pk, priority.pk])


def post(client, assessment, priority, how="We weighed it at cabinet.", departure="", seen=""):
    data = {"how_considered": how, "departure": departure, "seen": seen}
    return client.post(form_url(assessment, priority), data)


def test_an_officer_records_how_the_council_had_regard_to_a_priority(
    world, client_as, assessment, priorities
):
    client = client_as(world.users["officer"])
    assert "Not recorded" in text(client.get(list_url(assessment)))

    response = post(client, assessment, priorities[0], departure="Local suppliers first.")

    assert response.status_code == 302
    assert response["Location"] == list_url(assessment)
    record = RegardRecord.objects.get(assessment=assessment, priority=priorities[0])
    assert record.how_considered == "We weighed it at cabinet."
    assert record.departure == "Local suppliers first."
    assert record.updated_by == world.users["officer"]
    page = text(client.get(list_url(assessment), follow=True))
    assert "Driving growth: how the council had regard to it is saved" in page
    assert "Recorded" in page


def test_saving_again_keeps_the_earlier_wording_in_the_history(
    world, client_as, assessment, priorities
):
    client = client_as(world.users["lead"])
    post(client, assessment, priorities[0], how="First wording.")
    record = RegardRecord.objects.get()
    post(client, assessment, priorities[0], how="Second wording.", seen=record.updated_at)

    record.refresh_from_db()
    assert record.how_considered == "Second wording."
    assert [h.how_considered for h in record.history.order_by("history_id")] == [
        "First wording.",
        "Second wording.",
    ]
    assert AuditEvent.objects.filter(action="regard.recorded").count() == 2


def test_the_form_shows_what_was_saved_before(world, client_as, assessment, priorities):
    client = client_as(world.users["officer"])
    post(client, assessment, priorities[1], how="Considered at the board.", departure="None.")

    page = text(client.get(form_url(assessment, priorities[1])))

    assert "Considered at the board." in page
    assert "Social value: what it asks." in page


def test_how_considered_is_required_and_input_is_kept(world, client_as, assessment, priorities):
    client = client_as(world.users["officer"])

    response = post(client, assessment, priorities[0], how="  ", departure="Kept departure text")

    page = text(response)
    assert response.status_code == 200
    assert page.count("Enter how the council considered this priority") == 2  # summary, field
    assert "govuk-error-summary" in page
    assert 'href="#id_how_considered"' in page
    assert "Kept departure text" in page
    assert "<title>Error: " in page
    assert not RegardRecord.objects.exists()


def test_text_longer_than_evidence_is_refused_at_the_field(
    world, client_as, assessment, priorities
):
    client = client_as(world.users["officer"])

    response = post(client, assessment, priorities[0], departure="x" * 10_001)

    page = text(response)
    assert page.count("Reasons for any departure must be 10,000 characters or fewer") == 2
    assert "We weighed it at cabinet." in page
    assert not RegardRecord.objects.exists()


def test_a_save_over_someone_elses_newer_save_is_refused_with_both_kept(
    world, client_as, assessment, priorities
):
    client = client_as(world.users["officer"])
    post(client, assessment, priorities[0], how="The lead's wording.")

    # The officer opened the form before the lead saved: the form carried no saved version.
    response = post(client, assessment, priorities[0], how="The officer's wording.", seen="")

    page = text(response)
    assert response.status_code == 200
    assert "Someone else saved this priority while you were editing it" in page
    assert "<title>Error: " in page
    assert "The lead&#x27;s wording." in page
    assert "The officer&#x27;s wording." in page
    assert RegardRecord.objects.get().how_considered == "The lead's wording."

    # Saving again from that page is a deliberate choice to replace it.
    saved = RegardRecord.objects.get()
    post(client, assessment, priorities[0], how="The officer's wording.", seen=saved.updated_at)
    assert RegardRecord.objects.get().how_considered == "The officer's wording."


def test_nothing_can_be_recorded_after_submission(world, client_as, priorities):
    assessment = AssessmentFactory(council=world.own, status="submitted")
    client = client_as(world.users["officer"])

    response = post(client, assessment, priorities[0])

    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:assessment_detail", args=[assessment.pk])
    assert not RegardRecord.objects.exists()
    page = text(client.get(response["Location"]))
    assert "submitted for sign-off, so it cannot be changed" in page


def test_submitted_records_are_shown_read_only_on_the_assessment_page(world, client_as, priorities):
    assessment = AssessmentFactory(council=world.own, status="submitted")
    RegardRecord.objects.create(
        assessment=assessment, priority=priorities[0], how_considered="Weighed at cabinet."
    )
    client = client_as(world.users["councillor"])

    page = text(client.get(reverse("assessments:assessment_detail", args=[assessment.pk])))

    assert "Weighed at cabinet." in page
    assert "No departure recorded" in page
    assert form_url(assessment, priorities[0]) not in page


def test_the_task_list_offers_the_regard_record_as_optional(
    world, client_as, assessment, priorities
):
    client = client_as(world.users["officer"])

    page = text(client.get(reverse("assessments:assessment_detail", args=[assessment.pk])))

    assert "Record how you had regard to the NPPS" in page
    assert "Optional: it does not stop you submitting" in page
    assert list_url(assessment) in page


def test_another_councils_officer_gets_not_found(world, client_as, assessment, priorities):
    client = client_as(world.users["other_officer"])

    assert client.get(list_url(assessment)).status_code == 404
    assert post(client, assessment, priorities[0]).status_code == 404
    assert not RegardRecord.objects.exists()


def test_a_councillor_reads_but_cannot_record(world, client_as, assessment, priorities):
    RegardRecord.objects.create(
        assessment=assessment, priority=priorities[0], how_considered="Weighed at cabinet."
    )
    client = client_as(world.users["councillor"])

    page = text(client.get(list_url(assessment)))

    assert "Weighed at cabinet." in page
    assert form_url(assessment, priorities[0]) not in page
    assert post(client, assessment, priorities[1]).status_code == 403
    assert RegardRecord.objects.count() == 1


def test_a_contributor_is_refused(world, client_as, assessment, priorities):
    client = client_as(world.users["contributor"])

    assert client.get(list_url(assessment)).status_code == 404
    assert post(client, assessment, priorities[0]).status_code == 404


def test_only_priorities_of_the_newest_npps_can_be_recorded(world, client_as, assessment):
    older = npps(name="NPPS 2021", year=2021, priorities=("Old priority",))
    nps_key_area = assessment.round.framework.themes.first().key_areas.first()
    client = client_as(world.users["officer"])

    assert post(client, assessment, older[0]).status_code == 404
    assert post(client, assessment, nps_key_area).status_code == 404


def test_the_progress_report_shows_each_priority_and_its_departure(
    world, client_as, assessment, priorities, tmp_path
):
    RegardRecord.objects.create(
        assessment=assessment,
        priority=priorities[0],
        how_considered="Weighed at cabinet on 4 March.",
        departure="Contracts under 30,000 pounds stay local.",
    )
    RegardRecord.objects.create(
        assessment=assessment, priority=priorities[1], how_considered="Social value policy."
    )
    client = client_as(world.users["councillor"])

    response = client.get(reverse("assessments:assessment_report", args=[assessment.pk]))

    words = " ".join(pdf_text(response.content, tmp_path).split())
    assert "How the council had regard to the National Procurement Policy Statement" in words
    assert "Driving growth" in words
    assert "Weighed at cabinet on 4 March." in words
    assert "Contracts under 30,000 pounds stay local." in words
    assert "Social value policy." in words
    assert "No departure recorded" in words


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Simultaneous saves need a server database; `make test` runs this on PostgreSQL.",
)
@pytest.mark.django_db(transaction=True)
def test_two_people_saving_a_priority_at_once_get_one_save_and_one_conflict_page(world):
    priority = npps()[0]
    assessment = AssessmentFactory(council=world.own)
    clients = signed_in_clients([world.users["officer"], world.users["lead"]])
    data = {"how_considered": "Weighed at cabinet.", "departure": "", "seen": ""}

    responses = post_at_once(clients, form_url(assessment, priority), data)

    assert sorted(r.status_code for r in responses) == [200, 302]
    conflict = next(r for r in responses if r.status_code == 200)
    assert "Someone else saved this priority while you were editing it" in conflict.text
    record = RegardRecord.objects.get(assessment=assessment, priority=priority)
    assert record.history.count() == 1


def test_the_demo_gives_stockports_draft_two_records_once(world, priorities):
    assessment = AssessmentFactory(council=world.own)
    regard_records_in_stockport(assessment.round)
    regard_records_in_stockport(assessment.round)

    assert RegardRecord.objects.filter(assessment=assessment).count() == 2


def test_a_submitted_assessment_with_nothing_recorded_says_so_once(world, client_as, priorities):
    assessment = AssessmentFactory(council=world.own, status="submitted")
    client = client_as(world.users["councillor"])

    page = text(client.get(reverse("assessments:assessment_detail", args=[assessment.pk])))

    assert "did not record how it had regard to the NPPS" in page
    assert "Not recorded." not in page
