"""factory_boy factories for mappings: Mapping, MappingLink (issue 17)."""

import factory

from assessments.models import Mapping, MappingLink
from tests.assessments.factories_framework import FrameworkFactory, StatementFactory


class MappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mapping

    source = factory.SubFactory(FrameworkFactory)
    target = factory.SubFactory(FrameworkFactory)


class MappingLinkFactory(factory.django.DjangoModelFactory):
    """A link between a new statement of the mapping's source and one of its target."""

    class Meta:
        model = MappingLink

    mapping = factory.SubFactory(MappingFactory)
    source = factory.SubFactory(
        StatementFactory, key_area__theme__framework=factory.SelfAttribute("....mapping.source")
    )
    target = factory.SubFactory(
        StatementFactory, key_area__theme__framework=factory.SelfAttribute("....mapping.target")
    )
    relation = MappingLink.Relation.SAME
