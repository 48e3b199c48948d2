"""factory_boy factories for the matrix: Framework, Theme, KeyArea, Statement, Descriptor."""

import factory

from assessments.models import Descriptor, Framework, KeyArea, Level, Statement, Theme


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Framework {2000 + n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    year = factory.Sequence(lambda n: 2000 + n)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    framework = factory.SubFactory(FrameworkFactory)
    name = factory.Sequence(lambda n: f"Theme {n}")
    key = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    order = factory.Sequence(lambda n: n)


class KeyAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyArea

    theme = factory.SubFactory(ThemeFactory)
    name = factory.Sequence(lambda n: f"Key area {n}")
    key = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    description = factory.LazyAttribute(lambda o: f"{o.name} refers to something councils do.")
    order = factory.Sequence(lambda n: n)


class StatementFactory(factory.django.DjangoModelFactory):
    """A statement described at all five levels (pass descriptors=False for none)."""

    class Meta:
        model = Statement
        skip_postgeneration_save = True

    key_area = factory.SubFactory(KeyAreaFactory)
    code = factory.Sequence(lambda n: f"S{n}")
    order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def descriptors(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            for level in Level:
                DescriptorFactory(statement=obj, level=level)


class DescriptorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Descriptor
        django_get_or_create = ["statement", "level"]

    statement = factory.SubFactory(StatementFactory, descriptors=False)
    level = Level.MATURE
    text = factory.LazyAttribute(
        lambda o: f"{o.statement.code} at {Level(o.level).label}: what the council does."
    )
