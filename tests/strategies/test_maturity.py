"""Council responses beside each council's maturity in the strategy's related key areas."""

import pytest
from django.urls import reverse

from assessments.selectors import key_area_levels, latest_approved_assessment
from strategies.selectors import council_responses_with_maturity
from tests.assessments.factories import AnswerFactory, AssessmentFactory, RoundFactory, rate_all
from tests.factories import CouncilFactory
from tests.strategies.factories import (
    ChoiceQuestionFactory,
    ConsultationFactory,
    ConsultationResponseFactory,
    ResponseAnswerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(world):
    """A round whose framework's first key area the strategy bears on; Stockport approved at
    Leader, Trafford approved but only half rated, a third council never assessed."""
    round_ = RoundFactory()
    key_area = round_.framework.themes.get(kind="theme").key_areas.order_by("order").first()
    consultation = ConsultationFactory()
    consultation.strategy.related_key_areas.add(key_area)
    question = ChoiceQuestionFactory(consultation=consultation, text="Do you agree?")
    stockport = AssessmentFactory(council=world.own, round=round_, status="approved")
    rate_all(stockport, level=4)
    trafford = AssessmentFactory(council=world.other, round=round_, status="approved")
    AnswerFactory(assessment=trafford, statement=key_area.statements.first(), current_level=2)
    councils = [world.own, world.other, CouncilFactory(name="Wigan")]
    for council in councils:
        response = ConsultationResponseFactory(
            consultation=consultation, respondent_type="council", council=council
        )
        ResponseAnswerFactory(response=response, question=question, text="Agree")
    ConsultationResponseFactory(consultation=consultation)  # an individual: not listed
    return consultation, key_area


def test_each_council_response_shows_the_councils_level(setting):
    consultation, key_area = setting
    key_areas, rows = council_responses_with_maturity(consultation)
    assert key_areas == [key_area]
    levels = {row["response"].council.name: row["levels"] for row in rows}
    assert levels == {"Stockport": [4], "Trafford": [None], "Wigan": [None]}


def test_the_levels_agree_with_the_assessments_apps_own_scoring(setting, world):
    consultation, key_area = setting
    _, rows = council_responses_with_maturity(consultation)
    for row in rows:
        assessment = latest_approved_assessment(row["response"].council)
        expected = key_area_levels(assessment).get(key_area.pk) if assessment else None
        assert row["levels"] == [expected]


def test_a_draft_assessment_does_not_count(setting, world):
    consultation, _ = setting
    later = RoundFactory(framework=world.own.assessments.first().round.framework)
    rate_all(AssessmentFactory(council=world.own, round=later, status="draft"), level=1)
    _, rows = council_responses_with_maturity(consultation)
    assert rows[0]["levels"] == [4]


def test_the_maturity_page_takes_a_handful_of_queries_however_many_councils(
    setting, world, client_as, django_assert_max_num_queries
):
    consultation, _ = setting
    for _ in range(10):
        ConsultationResponseFactory(
            consultation=consultation, respondent_type="council", council=CouncilFactory()
        )
    client = client_as(world.users["lga_staff"])
    url = reverse("strategies:response_maturity", args=[consultation.slug])
    # The limit includes the two-factor check every signed-in request makes.
    with django_assert_max_num_queries(18):
        page = client.get(url)
    html = page.content.decode()
    assert "Leader" in html
    assert "No approved assessment" in html
