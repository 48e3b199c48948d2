"""The deadline rule of docs/decisions/0002, as a pure function and through the response pages
with a frozen clock, on an ordinary day and on both clock-change days."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from npsportal.formatting import LONDON
from strategies.deadlines import GRACE, check_token, checked_at, may_accept
from strategies.models import ConsultationResponse
from tests.strategies.factories import ConsultationFactory, QuestionFactory

OPENS = datetime(2026, 1, 5, 9, 0, tzinfo=LONDON)
# 11:59pm London on an ordinary day (GMT), the day the clocks go forward (BST from 1am, 29 March
# 2026) and the day they go back (GMT from 2am, 25 October 2026).
CLOSING_TIMES = {
    "ordinary": datetime(2026, 2, 13, 23, 59, tzinfo=LONDON),
    "clocks_forward": datetime(2026, 3, 29, 23, 59, tzinfo=LONDON),
    "clocks_back": datetime(2026, 10, 25, 23, 59, tzinfo=LONDON),
}
MINUTE = timedelta(minutes=1)


def test_a_response_before_the_close_is_accepted():
    closes = CLOSING_TIMES["ordinary"]
    assert may_accept(
        opens_at=OPENS, closes_at=closes, received_at=closes - MINUTE, checked_at=None
    )


def test_a_response_at_or_after_the_close_without_a_check_is_refused():
    closes = CLOSING_TIMES["ordinary"]
    for received in (closes, closes + MINUTE):
        assert not may_accept(
            opens_at=OPENS, closes_at=closes, received_at=received, checked_at=None
        )


def test_a_response_checked_before_the_close_is_accepted_within_the_grace_period_only():
    closes = CLOSING_TIMES["ordinary"]
    checked = closes - MINUTE
    kwargs = {"opens_at": OPENS, "closes_at": closes, "checked_at": checked}
    assert may_accept(received_at=closes + GRACE - MINUTE, **kwargs)
    assert not may_accept(received_at=closes + GRACE, **kwargs)
    assert not may_accept(received_at=closes + timedelta(days=3), **kwargs)


def test_a_check_after_the_close_earns_no_grace():
    closes = CLOSING_TIMES["ordinary"]
    assert not may_accept(
        opens_at=OPENS, closes_at=closes, received_at=closes + MINUTE, checked_at=closes
    )


def test_a_response_before_the_opening_is_refused():
    assert not may_accept(
        opens_at=OPENS,
        closes_at=CLOSING_TIMES["ordinary"],
        received_at=OPENS - MINUTE,
        checked_at=None,
    )


def test_a_check_token_is_only_good_for_its_consultation_and_its_answers():
    moment = CLOSING_TIMES["ordinary"] - MINUTE
    token = check_token(consultation_id=1, digest="abc", at=moment)
    assert checked_at(token, consultation_id=1, digest="abc") == moment
    assert checked_at(token, consultation_id=2, digest="abc") is None
    assert checked_at(token, consultation_id=1, digest="changed") is None
    assert checked_at(token[:-2] + "xx", consultation_id=1, digest="abc") is None
    assert checked_at("", consultation_id=1, digest="abc") is None


def _answer_everything(client, consultation, question):
    slug = consultation.slug
    client.post(
        reverse("strategies:respond_about", args=[slug]),
        {"name": "Pat Jones", "email": "pat@example.org", "respondent_type": "individual"},
    )
    client.post(reverse("strategies:respond_question", args=[slug, 1]), {"answer": "Yes."})
    client.post(
        reverse("strategies:respond_publication", args=[slug]), {"publication": "anonymous"}
    )


def _check_page_token(client, consultation) -> str:
    page = client.get(reverse("strategies:respond_check", args=[consultation.slug]))
    assert page.status_code == 200
    return page.context["token"]


def _send(client, consultation, token=""):
    url = reverse("strategies:respond_check", args=[consultation.slug])
    return client.post(url, {"checked": token})


@pytest.fixture
def consultation_closing(db):
    def make(day):
        consultation = ConsultationFactory(opens_at=OPENS, closes_at=CLOSING_TIMES[day])
        return consultation, QuestionFactory(consultation=consultation)

    return make


@pytest.mark.parametrize("day", CLOSING_TIMES)
def test_a_response_sent_one_minute_before_1159pm_is_accepted(client, consultation_closing, day):
    consultation, question = consultation_closing(day)
    with time_machine.travel(CLOSING_TIMES[day] - timedelta(minutes=5), tick=False) as clock:
        _answer_everything(client, consultation, question)
        _check_page_token(client, consultation)
        clock.move_to(CLOSING_TIMES[day] - MINUTE)
        response = _send(client, consultation)
    assert response.status_code == 302
    assert ConsultationResponse.objects.filter(consultation=consultation).count() == 1


@pytest.mark.parametrize("day", CLOSING_TIMES)
def test_a_response_sent_one_minute_after_1159pm_from_a_form_opened_before_is_refused(
    client, consultation_closing, day
):
    consultation, question = consultation_closing(day)
    with time_machine.travel(CLOSING_TIMES[day] - timedelta(minutes=5), tick=False) as clock:
        # The form was opened and answered before the close, but the answers were not checked.
        _answer_everything(client, consultation, question)
        clock.move_to(CLOSING_TIMES[day] + MINUTE)
        response = _send(client, consultation)
    assert response.status_code == 410
    assert "This consultation has closed" in response.content.decode()
    assert not ConsultationResponse.objects.exists()


@pytest.mark.parametrize("day", CLOSING_TIMES)
def test_a_response_checked_before_1159pm_and_sent_one_minute_after_is_accepted(
    client, consultation_closing, day
):
    consultation, question = consultation_closing(day)
    with time_machine.travel(CLOSING_TIMES[day] - timedelta(minutes=5), tick=False) as clock:
        _answer_everything(client, consultation, question)
        token = _check_page_token(client, consultation)
        clock.move_to(CLOSING_TIMES[day] + MINUTE)
        response = _send(client, consultation, token)
    assert response.status_code == 302
    sent = ConsultationResponse.objects.get()
    assert sent.submitted_at == CLOSING_TIMES[day] + MINUTE


def test_a_response_checked_before_the_close_but_sent_after_the_grace_period_is_refused(
    client, consultation_closing
):
    consultation, question = consultation_closing("ordinary")
    with time_machine.travel(CLOSING_TIMES["ordinary"] - timedelta(minutes=5), tick=False) as c:
        _answer_everything(client, consultation, question)
        token = _check_page_token(client, consultation)
        c.move_to(CLOSING_TIMES["ordinary"] + GRACE + MINUTE)
        response = _send(client, consultation, token)
    assert response.status_code == 410
    assert not ConsultationResponse.objects.exists()


def test_the_clock_change_closing_times_are_2259_utc_in_summer_and_2359_utc_in_winter():
    assert CLOSING_TIMES["clocks_forward"].utcoffset() == timedelta(hours=1)
    assert CLOSING_TIMES["clocks_back"].utcoffset() == timedelta(0)
