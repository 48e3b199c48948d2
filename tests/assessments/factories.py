"""Small frameworks, rounds and assessments for tests (never the YAML fixture)."""

import datetime

import factory
from django.utils import timezone

from assessments.models import (
    Action,
    Answer,
    Assessment,
    Descriptor,
    Framework,
    KeyArea,
    Level,
    Round,
    Statement,
    Theme,
)
from tests.factories import CouncilFactory


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    name = factory.Sequence(lambda n: f"Test framework {n}")
    slug = factory.Sequence(lambda n: f"test-framework-{n}")
    year = 2022


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    framework = factory.SubFactory(FrameworkFactory)
    key = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"Theme {n}")
    order = factory.Sequence(lambda n: n)


class KeyAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyArea

    theme = factory.SubFactory(ThemeFactory)
    key = factory.Sequence(lambda n: f"key-area-{n}")
    name = factory.Sequence(lambda n: f"Key area {n}")
    description = "Key area refers to how the council does this."
    what_it_is = "What this key area covers."
    why_it_is_important = "Why this key area matters."
    order = factory.Sequence(lambda n: n)


class StatementFactory(factory.django.DjangoModelFactory):
    """A statement described at all five levels (pass descriptors=False for none)."""

    class Meta:
        model = Statement
        skip_postgeneration_save = True

    key_area = factory.SubFactory(KeyAreaFactory)
    code = factory.Sequence(lambda n: f"S{n}")
    text = factory.Sequence(lambda n: f"Principle {n}")
    order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def descriptors(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            for level in Level:
                Descriptor.objects.create(
                    statement=obj, level=level, text=f"{obj.code} at {level.label.lower()}"
                )


def small_framework(key_areas=2, statements=2, enabler=True) -> Framework:
    """A framework with one theme of a few key areas, and an enabler with no descriptors."""
    framework = FrameworkFactory()
    theme = ThemeFactory(framework=framework, name="Showing leadership", order=1)
    for k in range(1, key_areas + 1):
        key_area = KeyAreaFactory(theme=theme, name=f"Engaging group {k}", order=k)
        for s in range(1, statements + 1):
            StatementFactory(key_area=key_area, code=f"SL{k}.{s}", order=s)
    if enabler:
        theme = ThemeFactory(framework=framework, name="Developing talent", kind="enabler", order=9)
        StatementFactory(key_area=KeyAreaFactory(theme=theme), descriptors=False)
    return framework


class RoundFactory(factory.django.DjangoModelFactory):
    """An open round by default."""

    class Meta:
        model = Round

    name = factory.Sequence(lambda n: f"{2026 + n}/{(27 + n) % 100:02d}")
    slug = factory.LazyAttribute(lambda o: o.name.replace("/", "-"))
    framework = factory.LazyFunction(small_framework)
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))


def previous_round(round, name="2025/26") -> Round:
    """A round on the same framework that opened a year before `round` and has closed."""
    return RoundFactory(
        name=name,
        framework=round.framework,
        opens_on=round.opens_on - datetime.timedelta(days=365),
        closes_on=round.opens_on - datetime.timedelta(days=200),
    )


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    council = factory.SubFactory(CouncilFactory)
    round = factory.SubFactory(RoundFactory)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    assessment = factory.SubFactory(AssessmentFactory)
    statement = factory.SubFactory(StatementFactory)
    current_level = 3


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    answer = factory.SubFactory(AnswerFactory)
    what = "Brief cabinet members on the procurement strategy"
    owner = "Head of procurement"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=90))


def rate_all(assessment, level=3) -> None:
    """Rates every assessed statement of the assessment at the level."""
    from assessments.selectors import assessed_statements

    for statement in assessed_statements(assessment.round.framework):
        Answer.objects.update_or_create(
            assessment=assessment, statement=statement, defaults={"current_level": level}
        )
