"""The data migration records as facts what older responses only implied."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from strategies.models import ConsultationResponse
from tests.factories import CouncilFactory, member_of
from tests.strategies.factories import ConsultationResponseFactory

BEFORE = ("strategies", "0002_response_confirmation_receipt_anonymised_caps")
AFTER = ("strategies", "0003_record_anonymised_confirmed_and_receipted_responses")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])


def migrate_to_the_latest():
    """Forward again, so the current model (with later columns) reads the migrated rows."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_older_responses_get_their_anonymised_confirmed_and_receipt_facts():
    stockport, trafford = CouncilFactory(name="Stockport"), CouncilFactory(name="Trafford")
    officer = member_of(stockport, "officer")
    council = ConsultationResponse.RespondentType.COUNCIL
    from_member = ConsultationResponseFactory(
        respondent_type=council, council=stockport, user=officer
    )
    from_outsider = ConsultationResponseFactory(
        respondent_type=council, council=trafford, user=officer
    )
    anonymous = ConsultationResponseFactory(respondent_type=council, council=stockport)
    anonymised = ConsultationResponseFactory(
        name="Removed on 21 November 2027", email="Removed on 21 November 2027"
    )
    named_like_it = ConsultationResponseFactory(name="Removed on 1 January 2020")
    migrate(BEFORE)
    migrate(AFTER)
    migrate_to_the_latest()
    for response in (from_member, from_outsider, anonymous, anonymised, named_like_it):
        response.refresh_from_db()
        assert response.receipt_queued
    assert from_member.council_confirmed
    assert not from_outsider.council_confirmed
    assert not anonymous.council_confirmed
    assert anonymised.anonymised_at is not None
    assert named_like_it.anonymised_at is None
