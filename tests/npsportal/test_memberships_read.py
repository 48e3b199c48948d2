"""Every page reads the signed-in person's memberships with one query compiled once
(npsportal.selectors.read_memberships): it must give what the ORM gives."""

import pytest
from django.forms.models import model_to_dict

from npsportal.models import Membership
from npsportal.roles import Role
from npsportal.selectors import read_memberships
from tests.factories import CouncilFactory, MembershipFactory, lga_staff

pytestmark = pytest.mark.django_db


def test_memberships_read_as_the_orm_reads_them_councils_and_order_included():
    person = lga_staff()
    for name, role in [("Wigan", Role.OFFICER), ("Bury", Role.LEAD), ("Ashford", Role.COUNCILLOR)]:
        MembershipFactory(user=person, council=CouncilFactory(name=name), role=role)
    MembershipFactory(role=Role.OFFICER)  # someone else's

    found = read_memberships(person.pk)
    expected = list(Membership.objects.filter(user=person).select_related("council"))

    assert [model_to_dict(m) for m in found] == [model_to_dict(m) for m in expected]
    assert [m.council and model_to_dict(m.council) for m in found] == [
        m.council and model_to_dict(m.council) for m in expected
    ]
    assert [m.council.name for m in found if m.council] == ["Ashford", "Bury", "Wigan"]
    assert [m.role for m in found if not m.council] == [Role.LGA_STAFF]


def test_someone_without_memberships_has_none():
    assert read_memberships(lga_staff().pk + 1000) == []
