"""A mapping serves both directions: read from its target's side, "part of" reads "contains"."""

import pytest

from assessments.mappings.projection import Basis, Relation
from assessments.mappings.selectors import are_mapped, implied_levels, links_between
from assessments.models import Framework, Mapping, MappingLink
from tests.assessments.factories_framework import FrameworkFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_frameworks():
    old = FrameworkFactory(name="NPS 2018")
    new = FrameworkFactory(name="NPS 2022")
    cciaf = FrameworkFactory(name="CCIAF", family=Framework.Family.CCIAF)
    statements = {
        "old": StatementFactory(key_area__theme__framework=old),
        "new": StatementFactory(key_area__theme__framework=new),
        "new_unlinked": StatementFactory(key_area__theme__framework=new),
        "cciaf": StatementFactory(key_area__theme__framework=cciaf),
    }
    mapping = Mapping.objects.create(source=old, target=new)
    MappingLink.objects.create(
        mapping=mapping, source=statements["old"], target=statements["new"], relation="part_of"
    )
    return old, new, cciaf, statements


def test_links_read_forward_keep_their_relation(two_frameworks):
    old, new, _, s = two_frameworks
    assert links_between(old, new) == {s["new"].pk: [(s["old"].pk, Relation.PART_OF)]}


def test_links_read_backward_take_the_inverse_relation(two_frameworks):
    old, new, _, s = two_frameworks
    assert links_between(new, old) == {s["old"].pk: [(s["new"].pk, Relation.CONTAINS)]}


def test_frameworks_without_a_mapping_are_not_mapped(two_frameworks):
    old, new, cciaf, _ = two_frameworks
    assert are_mapped(new, old)
    assert are_mapped(old, new)
    assert not are_mapped(new, cciaf)


def test_a_level_carried_through_a_partial_link_is_flagged_and_unlinked_statements_are_not_covered(
    two_frameworks,
):
    old, new, _, s = two_frameworks
    implied = implied_levels({s["old"].pk: 4}, source=old, target=new)
    assert implied[s["new"].pk].level == 4
    assert implied[s["new"].pk].basis == Basis.PARTIAL
    assert implied[s["new_unlinked"].pk].basis == Basis.UNMAPPED


def test_implying_levels_reads_the_database_a_fixed_number_of_times(
    two_frameworks, django_assert_max_num_queries
):
    old, new, _, s = two_frameworks
    for _ in range(20):
        StatementFactory(key_area__theme__framework=new)
    with django_assert_max_num_queries(3):
        implied_levels({s["old"].pk: 2}, source=old, target=new)
