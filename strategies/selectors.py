"""Reads for strategies, consultations and responses; counts are aggregated in SQL."""

from collections import defaultdict
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from assessments.models import Answer, Assessment
from assessments.scoring import key_area_level
from assessments.selectors import assessed_statements
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


def responses_to(
    consultation, respondent_type: str = "", *, flagged: bool = False, unread: bool = False
) -> QuerySet[ConsultationResponse]:
    """A consultation's responses, newest first, optionally of one respondent type, only the
    flagged ones, only those not read yet."""
    responses = consultation.responses.select_related("council")
    if respondent_type:
        responses = responses.filter(respondent_type=respondent_type)
    if flagged:
        responses = responses.filter(is_flagged=True)
    if unread:
        responses = responses.filter(is_read=False)
    return responses


def respondent_type_counts(consultation) -> tuple[list[tuple[str, str, int]], dict[str, int]]:
    """(type, label, number of responses) for every respondent type, zeros included; and council
    responses sent by a signed-in member of that council and the others: one grouped query."""
    counted: dict[str, int] = defaultdict(int)
    confirmed = {True: 0, False: 0}
    rows = (
        consultation.responses.values_list("respondent_type", "council_confirmed")
        .annotate(n=Count("id"))
        .order_by()
    )
    for kind, is_confirmed, n in rows:
        counted[kind] += n
        if kind == ConsultationResponse.RespondentType.COUNCIL:
            confirmed[bool(is_confirmed)] += n
    types = ConsultationResponse.RespondentType
    return [(value, label, counted[value]) for value, label in types.choices], {
        "confirmed_council_responses": confirmed[True],
        "unconfirmed_council_responses": confirmed[False],
    }


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
    *, ip_address: str | None, user_id: int | None, email: str, since: datetime
) -> dict[str, int]:
    """Since a moment: responses from this internet address (by_ip) and this signed-in person
    (by_user), and receipts emailed to this address (receipts)."""
    nothing = Q(pk__in=[])
    counts = ConsultationResponse.objects.filter(submitted_at__gte=since).aggregate(
        by_ip=Count("id", filter=Q(ip_address=ip_address) if ip_address else nothing),
        by_user=Count("id", filter=Q(user_id=user_id) if user_id else nothing),
        receipts=Count("id", filter=Q(email=email.lower(), receipt_queued=True)),
    )
    return counts


# What the responses export reads of each response (strategies.exports.row).
EXPORT_FIELDS = (
    "pk", "reference", "submitted_at", "name", "email", "respondent_type", "council_id",
    "council__name", "organisation_name", "council_confirmed", "publication", "is_read",
    "is_flagged", "channel",
)  # fmt: skip


def responses_for_export(consultation) -> QuerySet:
    """Every response as a dict of EXPORT_FIELDS, oldest first, ready to iterate in chunks."""
    return consultation.responses.order_by("submitted_at", "pk").values(*EXPORT_FIELDS)


def answers_by_response(response_ids) -> dict[int, dict[int, str]]:
    """{response id: {question id: answer text}} for these responses, in one query."""
    found: dict[int, dict[int, str]] = {}
    answers = ResponseAnswer.objects.filter(response_id__in=response_ids).order_by("pk")
    for response_id, question_id, text in answers.values_list("response_id", "question_id", "text"):
        found.setdefault(response_id, {})[question_id] = text
    return found


def council_responses_with_maturity(consultation) -> tuple[list, list[dict]]:
    """Responses from councils beside each council's level in the strategy's related key areas.

    The level comes from the council's latest approved assessment and is scored as
    assessments.selectors.latest_approved_assessment and key_area_levels do, but for every council
    at once: a handful of queries, however many councils responded. Key areas are matched by their
    stable key, so an assessment against another framework version still lines up.
    """
    key_areas = list(consultation.strategy.related_key_areas.order_by("theme__order", "order"))
    responses = list(
        consultation.responses.filter(respondent_type=ConsultationResponse.RespondentType.COUNCIL)
        .select_related("council")
        .prefetch_related("answers")
        .order_by("council__name", "submitted_at")
    )
    latest = _latest_approved_assessments({r.council_id for r in responses})
    levels = _key_area_levels(list(latest.values()), {k.key for k in key_areas})
    rows = []
    for response in responses:
        assessment = latest.get(response.council_id)
        by_key = levels.get(assessment.pk, {}) if assessment else {}
        rows.append(
            {
                "response": response,
                "assessment": assessment,
                "levels": [by_key.get(k.key) for k in key_areas],
                "answers": {a.question_id: a.text for a in response.answers.all()},
            }
        )
    return key_areas, rows


def _latest_approved_assessments(council_ids) -> dict:
    approved = (
        Assessment.objects.filter(council_id__in=council_ids, status=Assessment.Status.APPROVED)
        .select_related("round")
        .order_by("council_id", "-round__opens_on")
    )
    latest: dict = {}
    for assessment in approved:
        latest.setdefault(assessment.council_id, assessment)
    return latest


def _key_area_levels(assessments, keys: set[str]) -> dict[int, dict[str, int | None]]:
    """{assessment id: {key area key: level}} for the key areas with these keys."""
    statements_of: dict[int, dict[str, list[int]]] = {}  # framework id → key → statement ids
    for framework_id in {a.round.framework_id for a in assessments}:
        by_key = statements_of.setdefault(framework_id, {})
        for statement in assessed_statements(framework_id).filter(key_area__key__in=keys):
            by_key.setdefault(statement.key_area.key, []).append(statement.pk)
    answered = Answer.objects.filter(assessment__in=assessments).values_list(
        "assessment_id", "statement_id", "current_level"
    )
    current = {(a, s): level for a, s, level in answered}
    return {
        a.pk: {
            key: key_area_level([current.get((a.pk, s)) for s in statement_ids])
            for key, statement_ids in statements_of[a.round.framework_id].items()
        }
        for a in assessments
    }


def answers_with_earlier_versions(response) -> list[dict]:
    """A response's answers, each with the words it had before the respondent changed them,
    newest first (saves that did not change the words are left out)."""
    answers = list(response.answers.select_related("question"))
    history = ResponseAnswer.history.filter(response_id=response.pk).order_by("history_date")
    versions: dict[int, list] = {}
    for record in history.only("id", "text", "history_date"):
        kept = versions.setdefault(record.id, [])
        if not kept or kept[-1].text != record.text:
            kept.append(record)
    rows = []
    for answer in answers:
        kept = versions.get(answer.pk, [])
        if kept and kept[-1].text == answer.text:
            kept = kept[:-1]  # the words as they are now
        rows.append({"answer": answer, "earlier": kept[::-1]})
    return rows


def published_responses(consultation) -> QuerySet[ConsultationResponse]:
    """Responses published on a closed consultation's page: only ever those whose respondents
    agreed to publication, oldest first."""
    agreed = [
        ConsultationResponse.Publication.WITH_NAME,
        ConsultationResponse.Publication.ANONYMOUS,
    ]
    return (
        consultation.responses.filter(published_at__isnull=False, publication__in=agreed)
        .select_related("council")
        .prefetch_related("answers__question")
        .order_by("submitted_at", "pk")
    )


def responses_sent_by(user, consultation) -> QuerySet[ConsultationResponse]:
    """The responses a signed-in person sent to a consultation (none for anyone else)."""
    if not user.is_authenticated:
        return ConsultationResponse.objects.none()
    return consultation.responses.filter(user=user).order_by("submitted_at")
