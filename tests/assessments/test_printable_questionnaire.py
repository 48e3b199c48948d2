"""The printable questionnaire: the round's matrix blank, and a council's answers so far."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.dashboards.questionnaires import printed_at
from assessments.models import Answer, Assessment
from assessments.scoring import LEVEL_NAMES
from assessments.selectors import assessed_statements
from npsportal.formatting import LONDON
from tests.assessments.factories import (
    ActionFactory,
    AssessmentFactory,
    RoundFactory,
    small_framework,
)
from tests.assessments.test_reports import pdf_info, pdf_text

pytestmark = pytest.mark.django_db


def words(content: bytes, tmp_path) -> str:
    return " ".join(pdf_text(content, tmp_path).split())


def blank_url(round) -> str:
    return reverse("assessments:questionnaire", args=[round.slug])


def draft_url(assessment) -> str:
    return reverse("assessments:questionnaire_answers", args=[assessment.pk])


@pytest.fixture
def round():
    return RoundFactory(name="2026/27", framework=small_framework(key_areas=2, statements=2))


@pytest.fixture
def draft(world, round):
    """Stockport's draft: one statement rated with evidence, a link, a file and two actions."""
    assessment = AssessmentFactory(council=world.own, round=round)
    statement = assessed_statements(round.framework).first()
    answer = Answer.objects.create(
        assessment=assessment,
        statement=statement,
        current_level=2,
        target_level=4,
        target_date=datetime.date(2027, 5, 12),
        confidence=Answer.Confidence.EVIDENCED,
        evidence_text="Cabinet minutes of 4 March show the strategy was adopted.",
        evidence_links="https://stockport.example.org/cabinet",
    )
    ActionFactory(answer=answer, what="Train scrutiny members", owner="Monitoring officer")
    ActionFactory(answer=answer, what="Write the old plan", status="done")
    return assessment


def test_printed_at_is_london_date_and_time_in_words():
    moment = datetime.datetime(2027, 5, 12, 5, 24, tzinfo=datetime.UTC)
    assert printed_at(moment) == "12 May 2027 at 6:24am"
    assert printed_at(datetime.datetime(2027, 1, 3, 12, 0, tzinfo=LONDON)) == (
        "3 January 2027 at midday"
    )


def test_officer_downloads_the_blank_questionnaire_as_a_named_pdf(world, client_as, round):
    response = client_as(world.users["officer"]).get(blank_url(round))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="nps-questionnaire-2026-27.pdf"'
    )


def test_blank_questionnaire_has_every_statement_and_level_and_no_answers(
    world, client_as, round, draft, tmp_path
):
    response = client_as(world.users["councillor"]).get(blank_url(round))
    text = words(response.content, tmp_path)
    assert "NPS self-assessment questionnaire 2026/27" in text
    assert "Showing leadership" in text
    for statement in assessed_statements(round.framework):
        assert statement.label in text
        for name in LEVEL_NAMES.values():
            assert f"{statement.code} at {name.lower()}" in text  # each descriptor's words
    assert all(name in text for name in LEVEL_NAMES.values())
    # Codes are for LGA staff editing the matrix, never for councils (decision 0008).
    assert "SL1.1 " not in text.replace("SL1.1 at", "")
    assert "types them into the portal" in text  # how to send the answers back
    # Nothing of the council's draft: it holds no council data.
    assert "Cabinet minutes" not in text
    assert "Draft – not signed off" not in text
    assert "Stockport" not in text
    assert "Page 1 of" in text


def test_blank_questionnaire_is_a_tagged_pdf_with_its_title(world, client_as, round, tmp_path):
    response = client_as(world.users["lga_staff"]).get(blank_url(round))
    info = pdf_info(response.content, tmp_path)
    assert "Tagged:          yes" in info
    assert "Title:           NPS self-assessment questionnaire 2026/27" in info


def test_draft_pdf_has_the_councils_answers_under_a_draft_heading(
    world, client_as, draft, tmp_path, time_machine
):
    time_machine.move_to(datetime.datetime(2027, 5, 12, 5, 24, tzinfo=datetime.UTC))
    response = client_as(world.users["councillor"]).get(draft_url(draft))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="stockport-nps-2026-27-draft-answers.pdf"'
    )
    text = words(response.content, tmp_path)
    assert "Draft – not signed off" in text
    assert "Printed 12 May 2027 at 6:24am" in text
    assert "Cabinet minutes of 4 March show the strategy was adopted." in text
    assert "https://stockport.example.org/cabinet" in text
    assert "Current level: Developing. Target level: Leader by 12 May 2027." in text
    assert "Confidence: Supported by evidence." in text
    assert "Train scrutiny members" in text
    assert "Monitoring officer" in text
    assert "Write the old plan" not in text  # only the open actions
    assert "1 of 4 statements rated" in text


def test_approved_answers_are_not_headed_draft(world, client_as, draft, tmp_path):
    Assessment.objects.filter(pk=draft.pk).update(
        status=Assessment.Status.APPROVED,
        approved_at=datetime.datetime(2027, 5, 12, 5, 24, tzinfo=datetime.UTC),
    )
    response = client_as(world.users["lga_staff"]).get(draft_url(draft))
    text = words(response.content, tmp_path)
    assert "Draft – not signed off" not in text
    assert "Signed off on 12 May 2027" in text


def test_another_councils_draft_is_not_found(world, client_as, draft):
    for role in ("other_officer", "other_lead", "lga_staff"):
        assert client_as(world.users[role]).get(draft_url(draft)).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, round, draft):
    for url in (blank_url(round), draft_url(draft)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_round_that_does_not_exist_is_not_found(world, client_as):
    url = reverse("assessments:questionnaire", args=["1999-00"])
    assert client_as(world.users["officer"]).get(url).status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _rated_draft(council, key_areas, statements):
    round = RoundFactory(framework=small_framework(key_areas=key_areas, statements=statements))
    assessment = AssessmentFactory(council=council, round=round)
    for statement in assessed_statements(round.framework):
        answer = Answer.objects.create(
            assessment=assessment, statement=statement, current_level=3, evidence_text="Seen."
        )
        ActionFactory(answer=answer)
    return assessment


def test_query_counts_do_not_grow_with_the_number_of_statements(world, client_as):
    client = client_as(world.users["officer"])
    small = _rated_draft(world.own, key_areas=1, statements=1)
    large = _rated_draft(world.own, key_areas=4, statements=3)
    assert _queries(client, blank_url(small.round)) == _queries(client, blank_url(large.round))
    assert _queries(client, draft_url(small)) == _queries(client, draft_url(large))


def test_assessment_page_links_to_both_printable_pdfs(world, client_as, draft):
    page = client_as(world.users["councillor"]).get(
        reverse("assessments:assessment_detail", args=[draft.pk])
    )
    assert blank_url(draft.round) in page.content.decode()
    assert draft_url(draft) in page.content.decode()


def test_start_page_links_to_the_blank_questionnaire(world, client_as, round):
    url = reverse("assessments:assessment_start", args=[world.own.slug, round.slug])
    page = client_as(world.users["officer"]).get(url)
    assert blank_url(round) in page.content.decode()


def test_round_page_links_lga_staff_to_the_blank_questionnaire(world, client_as, round):
    page = client_as(world.users["lga_staff"]).get(
        reverse("assessments:round_detail", args=[round.slug])
    )
    assert blank_url(round) in page.content.decode()
