"""Emails that tell the right people where an assessment has got to."""

from django.conf import settings
from django.urls import reverse

from npsportal.models import Membership
from npsportal.outbox import queue_email
from npsportal.roles import Role


def _addresses(council, roles) -> list[str]:
    members = Membership.objects.filter(council=council, role__in=roles, user__is_active=True)
    return sorted(set(members.values_list("user__email", flat=True)))


def _send(event: str, at, subject: str, body: str, to: list[str]) -> None:
    # One email per person, keyed by the event and its time: a repeated call sends nothing more.
    for address in to:
        queue_email(
            to=address, subject=subject, body=body, key=f"{event}:{at.isoformat()}:{address}"
        )


def _link(assessment) -> str:
    path = reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk})
    return f"{settings.SITE_URL}{path}"


def assessment_submitted(assessment) -> None:
    """Tells the council's head of procurement that an assessment awaits sign-off."""
    _send(
        f"assessment-submitted:{assessment.pk}",
        assessment.submitted_at,
        f"{assessment.council} {assessment.round} self-assessment is ready for sign-off",
        f"{assessment.submitted_by} submitted the {assessment.round} self-assessment of "
        f"{assessment.council}.\n\nApprove it or return it to the officers: {_link(assessment)}",
        _addresses(assessment.council, [Role.LEAD]),
    )


def assessment_approved(assessment) -> None:
    """Tells the council's officers and lead that the assessment was approved."""
    _send(
        f"assessment-approved:{assessment.pk}",
        assessment.approved_at,
        f"{assessment.council} {assessment.round} self-assessment approved",
        f"{assessment.approved_by} approved the {assessment.round} self-assessment of "
        f"{assessment.council}. It is now locked.\n\n{_link(assessment)}",
        _addresses(assessment.council, [Role.OFFICER, Role.LEAD]),
    )


def assessment_returned(assessment, returned_by) -> None:
    """Tells the council's officers that the assessment came back, with the lead's comment."""
    _send(
        f"assessment-returned:{assessment.pk}",
        assessment.returned_at,
        f"{assessment.council} {assessment.round} self-assessment returned for changes",
        f"{returned_by} returned the {assessment.round} self-assessment of {assessment.council} "
        f"with this comment:\n\n{assessment.return_comment}\n\n{_link(assessment)}",
        _addresses(assessment.council, [Role.OFFICER]),
    )
