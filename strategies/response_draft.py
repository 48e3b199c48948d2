"""A respondent's answers so far: in the session (database-backed) for everyone, and in a
ResponseDraft for signed-in respondents so they can come back later from any device."""

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
