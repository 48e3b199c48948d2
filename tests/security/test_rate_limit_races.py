"""Ten requests at the same moment store exactly as many as the rate limit allows: counting and
inserting happen under one lock per limited thing (person, address)."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection, connections
from django.utils import timezone

from casestudies import services as casestudies_services
from casestudies.models import Reply
from strategies import services as strategies_services
from strategies.models import ConsultationResponse
from tests.casestudies.factories import CaseStudyFactory
from tests.factories import CouncilFactory, member_of
from tests.strategies.factories import ConsultationFactory, QuestionFactory

ATTEMPTS = 10
LIMIT = 5

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Simultaneous writers need PostgreSQL; `make test` runs this on its pass.",
    ),
    pytest.mark.django_db(transaction=True),
]


def all_at_once(attempt) -> list:
    """Runs `attempt(n)` for n in 0..9 on ten threads released together; returns the outcomes."""
    barrier = Barrier(ATTEMPTS)

    def run(n):
        barrier.wait()
        try:
            return attempt(n)
        except Exception as error:  # noqa: BLE001 – the outcome is what the test counts
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        return list(pool.map(run, range(ATTEMPTS)))


def test_ten_simultaneous_replies_from_one_person_store_exactly_the_limit(settings):
    case_study = CaseStudyFactory()
    author = member_of(CouncilFactory(), "officer")

    def reply(n):
        return casestudies_services.post_reply(
            case_study=case_study, author=author, body=f"Reply {n}", ip_address=f"192.0.2.{n}"
        )

    outcomes = all_at_once(reply)
    assert Reply.objects.count() == LIMIT
    refused = [o for o in outcomes if isinstance(o, casestudies_services.RateLimited)]
    assert len(refused) == ATTEMPTS - LIMIT


def _respond(consultation, question, **kwargs):
    def respond(n):
        return strategies_services.submit_response(
            consultation=consultation,
            details={
                "name": f"Person {n}",
                "email": f"person{n}@example.org",
                "respondent_type": "individual",
                "publication": "with_name",
            },
            answers={str(question.pk): f"Answer {n}"},
            received_at=timezone.now(),
            **kwargs,
        )

    return respond


def test_ten_simultaneous_responses_from_one_address_store_exactly_the_limit(settings):
    settings.STRATEGIES_RESPONSES_PER_IP_PER_HOUR = LIMIT
    consultation = ConsultationFactory()
    question = QuestionFactory(consultation=consultation)
    outcomes = all_at_once(_respond(consultation, question, ip_address="203.0.113.9"))
    assert ConsultationResponse.objects.count() == LIMIT
    refused = [o for o in outcomes if isinstance(o, strategies_services.RateLimited)]
    assert len(refused) == ATTEMPTS - LIMIT


def test_ten_simultaneous_responses_from_one_account_store_exactly_the_limit(settings):
    settings.STRATEGIES_RESPONSES_PER_USER_PER_HOUR = LIMIT
    consultation = ConsultationFactory()
    question = QuestionFactory(consultation=consultation)
    user = member_of(CouncilFactory(), "officer")

    def respond(n):
        return _respond(consultation, question, user=user, ip_address=f"192.0.2.{n}")(n)

    all_at_once(respond)
    assert ConsultationResponse.objects.count() == LIMIT
