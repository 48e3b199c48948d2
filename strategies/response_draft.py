"""A respondent's answers so far: in the session (database-backed) for everyone, and in a
ResponseDraft for signed-in respondents so they can come back later from any device."""

from django.urls import reverse

from strategies import services
from strategies.models import ResponseDraft


def _key(consultation) -> str:
    return f"strategies:response:{consultation.pk}"


def load(request, consultation) -> dict:
    """The answers so far: {"about": {...}, "answers": {question id: text}, "publication": …}."""
    data = request.session.get(_key(consultation))
    if data is None and request.user.is_authenticated:
        draft = ResponseDraft.objects.filter(consultation=consultation, user=request.user).first()
        data = draft.data if draft else None
    return data or {"about": {}, "answers": {}, "publication": ""}


def save(request, consultation, data: dict) -> None:
    """Keeps the answers so far, in the session and, when signed in, as a draft."""
    request.session[_key(consultation)] = data
    if request.user.is_authenticated:
        services.save_response_draft(consultation=consultation, user=request.user, data=data)


def forget(request, consultation) -> None:
    """Drops the answers so far once the response is sent."""
    request.session.pop(_key(consultation), None)
    if request.user.is_authenticated:
        services.discard_response_draft(consultation=consultation, user=request.user)


def has_answers(draft: dict) -> bool:
    """Whether the respondent has answered anything yet."""
    return bool(draft["about"] or draft["answers"] or draft["publication"])


def first_unanswered(consultation, draft: dict) -> str | None:
    """The address of the first page of the response still to answer, if any."""
    slug = consultation.slug
    if not draft["about"].get("email"):
        return reverse("strategies:respond_about", args=[slug])
    for number, question in enumerate(consultation.questions.all(), start=1):
        if str(question.pk) not in draft["answers"]:
            return reverse("strategies:respond_question", args=[slug, number])
    if not draft["publication"]:
        return reverse("strategies:respond_publication", args=[slug])
    return None


def resume_url(request, consultation) -> str | None:
    """Where a respondent with answers saved carries on: the first page left, else the check."""
    draft = load(request, consultation)
    if not has_answers(draft):
        return None
    missing = first_unanswered(consultation, draft)
    return missing or reverse("strategies:respond_check", args=[consultation.slug])
