"""factory_boy factories for case studies (and the bit of the matrix they are tagged with)."""

import factory
from django.utils import timezone

from assessments.models import Framework, KeyArea, Theme
from casestudies.models import CaseStudy, CaseStudyKeyArea, Category, OutcomeFigure, Reply
from casestudies.services import refresh_search_vector
from tests.factories import UserFactory

CATEGORY_NAMES = {
    "place-and-works": "Place and works",
    "people": "People",
    "professional": "Professional",
}


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework
        django_get_or_create = ["slug"]

    name = "NPS 2022"
    slug = "nps-2022"
    year = 2022
    is_current = True


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["framework", "key"]

    framework = factory.SubFactory(FrameworkFactory)
    key = "showing-leadership"
    name = "Showing leadership"


class KeyAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyArea
        django_get_or_create = ["theme", "key"]

    theme = factory.SubFactory(ThemeFactory)
    key = factory.Sequence(lambda n: f"key-area-{n}")
    name = factory.LazyAttribute(lambda o: o.key.replace("-", " ").capitalize())


def key_area(key: str, name: str | None = None, order: int = 0) -> KeyArea:
    """The key area with this key in the test framework, made on first use."""
    return KeyAreaFactory(key=key, name=name or key.replace("-", " ").capitalize(), order=order)


def category(key: str) -> Category:
    """A service category (the migration's rows do not survive transactional tests' flushes)."""
    return Category.objects.get_or_create(key=key, defaults={"name": CATEGORY_NAMES[key]})[0]


class CaseStudyFactory(factory.django.DjangoModelFactory):
    """A published case study unless told otherwise; `tags={"key": level}`, `councils=[...]`."""

    class Meta:
        model = CaseStudy
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Case study {n}")
    slug = factory.Sequence(lambda n: f"case-study-{n}")
    summary = "How a council improved the way it buys."
    background = "Some background."
    what_they_did = "What they did."
    what_they_learned = "What they learned."
    status = CaseStudy.Status.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status in ("published", "archived") else None
    )

    @factory.post_generation
    def councils(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.councils.set(extracted)

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.categories.set([category(key) for key in extracted])

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        for key, level in (extracted or {}).items():
            area = key if isinstance(key, KeyArea) else key_area(key)
            CaseStudyKeyArea.objects.create(case_study=obj, key_area=area, level=level)

    @factory.post_generation
    def search_index(obj, create, extracted, **kwargs):
        # As the services do: the stored vector is what PostgreSQL searches.
        if create:
            refresh_search_vector(obj)


class OutcomeFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeFigure

    case_study = factory.SubFactory(CaseStudyFactory)
    measure = OutcomeFigure.Measure.SAVINGS
    value = 1000


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reply

    case_study = factory.SubFactory(CaseStudyFactory)
    author = factory.SubFactory(UserFactory)
    body = "Thank you, this helped us."
    ip_address = "192.0.2.1"
