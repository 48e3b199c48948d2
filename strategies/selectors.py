"""Reads for strategies, consultations and responses; counts are aggregated in SQL."""

from datetime import datetime

from django.db.models import Count, Q, QuerySet

from strategies.models import (
    CategoryStrategy,
    Consultation,
    ConsultationResponse,
    Question,
    ResponseAnswer,
)


def strategies_visible_to(user) -> QuerySet[CategoryStrategy]:
    """Strategies anyone may read; LGA staff also see drafts."""
    strategies = CategoryStrategy.objects.all()
    if not user.has_perm("strategies.preview_drafts"):
        strategies = strategies.exclude(status=CategoryStrategy.Status.DRAFT)
    return strategies


def consultations_visible_to(user) -> QuerySet[Consultation]:
    """Consultations anyone may read; LGA staff also see drafts."""
    consultations = Consultation.objects.select_related("strategy")
    if not user.has_perm("strategies.preview_drafts"):
        consultations = consultations.filter(is_draft=False)
    return consultations


def responses_to(consultation, respondent_type: str = "") -> QuerySet[ConsultationResponse]:
    """A consultation's responses, newest first, optionally of one respondent type."""
    responses = consultation.responses.select_related("council")
    if respondent_type:
        responses = responses.filter(respondent_type=respondent_type)
    return responses


def respondent_type_counts(consultation) -> list[tuple[str, str, int]]:
    """(type, label, number of responses) for every respondent type, zeros included."""
    counted = dict(
        consultation.responses.values_list("respondent_type").annotate(n=Count("id")).order_by()
    )
    types = ConsultationResponse.RespondentType
    return [(value, label, counted.get(value, 0)) for value, label in types.choices]


def choice_counts(consultation) -> list[dict]:
    """For each choice question, how many responses chose each option (listed options first)."""
    questions = list(consultation.questions.filter(kind=Question.Kind.CHOICE))
    rows = (
        ResponseAnswer.objects.filter(question__in=questions)
        .exclude(text="")
        .values_list("question_id", "text")
        .annotate(n=Count("id"))
        .order_by()
    )
    counted: dict[int, dict[str, int]] = {}
    for question_id, text, n in rows:
        counted.setdefault(question_id, {})[text] = n
    return [
        {
            "question": q,
            "counts": [(choice, counted.get(q.pk, {}).get(choice, 0)) for choice in q.choice_list],
        }
        for q in questions
    ]


def recent_response_counts(
    *, ip_address: str | None, email: str, since: datetime
) -> tuple[int, int]:
    """How many responses came from this address, and from this email, since a moment."""
    counters = {"by_email": Count("id", filter=Q(email=email.lower()))}
    if ip_address:
        counters["by_ip"] = Count("id", filter=Q(ip_address=ip_address))
    counts = ConsultationResponse.objects.filter(submitted_at__gte=since).aggregate(**counters)
    return counts.get("by_ip", 0), counts["by_email"]


def responses_for_export(consultation) -> QuerySet[ConsultationResponse]:
    """Every response with its answers, oldest first, ready to iterate in chunks."""
    return (
        consultation.responses.select_related("council")
        .prefetch_related("answers")
        .order_by("submitted_at", "pk")
    )
