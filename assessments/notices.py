"""Where a self-assessment stands on its way to sign-off, said to the person reading it."""

from dataclasses import dataclass

from assessments.models import Assessment
from npsportal.formatting import govuk_datetime

Status = Assessment.Status


@dataclass(frozen=True)
class Notice:
    """What the reader needs to know: `kind` is "sign_off" (the head decides), "waiting" (others
    wait for the head) or "returned" (the officers make changes)."""

    kind: str
    who: str  # who submitted it (sign_off, waiting) or returned it (returned)
    when: str
    comment: str = ""


def sign_off_notice(user, assessment: Assessment) -> Notice | None:
    """The notice about sign-off this person reads on the assessment's pages, if any."""
    if assessment.is_awaiting_sign_off:
        decides = user.has_perm("assessments.sign_off_assessment", assessment)
        submitter = assessment.submitted_by
        return Notice(
            kind="sign_off" if decides else "waiting",
            who=submitter.get_full_name() if submitter else "An officer",
            when=govuk_datetime(assessment.submitted_at),
        )
    if assessment.status == Status.RETURNED and assessment.round.closed_at is None:
        return Notice(
            kind="returned",
            who=returned_by(assessment),
            when=govuk_datetime(assessment.returned_at),
            comment=assessment.return_comment,
        )
    return None


def returned_by(assessment: Assessment) -> str:
    """The name of whoever returned the assessment, from the history record of the return."""
    # The first record carrying this return's time is the return itself (later saves keep it).
    record = (
        assessment.history.filter(status=Status.RETURNED, returned_at=assessment.returned_at)
        .select_related("history_user")
        .order_by("history_date")
        .first()
    )
    person = record.history_user if record else None
    return person.get_full_name() if person else "Your head of procurement"
