"""Councils at every state of a round, for the tests of running a round."""

import datetime

from django.utils import timezone

from assessments.models import Assessment
from npsportal.models import Council
from npsportal.roles import Role
from tests.assessments.factories import AssessmentFactory, RoundFactory
from tests.factories import CouncilFactory, member_of

Status = Assessment.Status


def round_with_councils(world):
    """An open round where Stockport (draft) and Trafford (not started) are joined by a county
    that submitted, a London borough approved and a district returned, each with people."""
    round = RoundFactory(name="2026/27")
    AssessmentFactory(council=world.own, round=round, status=Status.DRAFT)
    kent = CouncilFactory(
        name="Kent", slug="kent", kind=Council.Kind.COUNTY, region=Council.Region.SOUTH_EAST
    )
    camden = CouncilFactory(
        name="Camden", slug="camden", kind=Council.Kind.LONDON_BOROUGH, region=Council.Region.LONDON
    )
    oxford = CouncilFactory(
        name="Oxford", slug="oxford", kind=Council.Kind.DISTRICT, region=Council.Region.SOUTH_EAST
    )
    now = timezone.now()
    AssessmentFactory(council=kent, round=round, status=Status.SUBMITTED, submitted_at=now)
    AssessmentFactory(council=camden, round=round, status=Status.APPROVED, approved_at=now)
    AssessmentFactory(council=oxford, round=round, status=Status.RETURNED)
    for council in (kent, camden, oxford):
        member_of(council, Role.LEAD, email=f"lead@{council.slug}.test")
    return round


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)
