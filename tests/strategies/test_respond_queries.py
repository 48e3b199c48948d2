"""What a response costs the database: each page reads the consultation's questions once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from strategies import respond_reads
from tests.strategies.factories import ChoiceQuestionFactory, ConsultationFactory, QuestionFactory
from tests.strategies.test_responding import answer_all, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation():
    consultation = ConsultationFactory()
    QuestionFactory(consultation=consultation, order=1, text="What should change?")
    ChoiceQuestionFactory(consultation=consultation, order=2, text="Do you agree?")
    return consultation


def reads(queries, table: str) -> int:
    return sum(f'FROM "{table}"' in query["sql"] for query in queries)


def test_checking_your_answers_reads_the_questions_once_and_no_council_for_an_individual(
    client, consultation
):
    answer_all(client, consultation)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(url("respond_check", consultation))

    assert "Check your answers" in page.content.decode()
    assert reads(queries, "strategies_question") == 1
    assert reads(queries, "npsportal_council") == 0
    # the session, the consultation, its questions; the session saved (three statements)
    assert len(queries) == 6


def test_sending_a_response_reads_the_questions_once(client, consultation):
    answer_all(client, consultation)
    check = client.get(url("respond_check", consultation)).content.decode()
    token = check.split('name="checked" value="')[1].split('"')[0]

    with CaptureQueriesContext(connection) as queries:
        sent = client.post(url("respond_check", consultation), {"checked": token})

    assert sent["Location"] == url("respond_confirmation", consultation)
    assert reads(queries, "strategies_question") == 1


def test_a_question_page_costs_the_session_the_consultation_and_its_questions(
    client, consultation, django_assert_num_queries
):
    answer_all(client, consultation)

    with django_assert_num_queries(6):
        page = client.get(url("respond_question", consultation, 2))

    assert "Do you agree?" in page.content.decode()


def test_the_compiled_read_of_questions_gives_what_the_orm_gives(consultation):
    QuestionFactory(consultation=consultation, order=0, text="First", hint="A <hint>")
    ChoiceQuestionFactory(consultation=consultation, order=3, is_required=False)
    other = QuestionFactory(order=1)

    found = respond_reads.questions_of(consultation)

    expected = list(consultation.questions.all())
    assert found == expected
    assert [vars(q) | {"_state": None} for q in found] == [
        vars(q) | {"_state": None} for q in expected
    ]
    assert respond_reads.questions_of(other.consultation) == [other]
