"""factory_boy factories for strategies, consultations and responses."""

from datetime import timedelta

import factory
from django.utils import timezone

from strategies.models import (
    CategoryStrategy,
    Consultation,
    ConsultationResponse,
    Question,
    ResponseAnswer,
)


class CategoryStrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CategoryStrategy

    title = factory.Sequence(lambda n: f"Category strategy {n}")
    slug = factory.Sequence(lambda n: f"category-strategy-{n}")
    category = CategoryStrategy.Category.ICT
    summary = "How councils can buy this category well."
    status = CategoryStrategy.Status.PUBLISHED


class ConsultationFactory(factory.django.DjangoModelFactory):
    """An open consultation (from a week ago until four weeks from now) unless told otherwise."""

    class Meta:
        model = Consultation

    strategy = factory.SubFactory(CategoryStrategyFactory)
    title = factory.Sequence(lambda n: f"Consultation {n}")
    slug = factory.Sequence(lambda n: f"consultation-{n}")
    description = "What we are consulting on."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(weeks=4))
    contact_email = "consult@lga.test"
    is_draft = False


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    consultation = factory.SubFactory(ConsultationFactory)
    order = factory.Sequence(int)
    text = factory.Sequence(lambda n: f"Question {n}?")
    kind = Question.Kind.TEXT


class ChoiceQuestionFactory(QuestionFactory):
    kind = Question.Kind.CHOICE
    choices = "Agree\nDisagree"


class ConsultationResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationResponse

    consultation = factory.SubFactory(ConsultationFactory)
    reference = factory.Sequence(lambda n: f"NPS-TEST-{n:04d}")
    name = "Pat Respondent"
    email = factory.Sequence(lambda n: f"respondent{n}@example.org")
    respondent_type = ConsultationResponse.RespondentType.INDIVIDUAL
    publication = ConsultationResponse.Publication.WITH_NAME
    submitted_at = factory.LazyFunction(timezone.now)
    digest = factory.Sequence(lambda n: f"{n:064d}")


class ResponseAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponseAnswer

    response = factory.SubFactory(ConsultationResponseFactory)
    question = factory.SubFactory(QuestionFactory)
    text = "An answer."
