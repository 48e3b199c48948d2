"""Emails that tell the right people where an assessment has got to."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from npsportal.models import Membership
from npsportal.roles import Role


def _addresses(council, roles) -> list[str]:
    members = Membership.objects.filter(council=council, role__in=roles, user__is_active=True)
    return sorted(set(members.values_list("user__email", flat=True)))


def _send(subject: str, body: str, to: list[str]) -> None:
    if to:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)


def _link(assessment) -> str:
    path = reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk})
    return f"{settings.SITE_URL}{path}"


def assessment_submitted(assessment) -> None:
    """Tells the council's head of procurement that an assessment awaits sign-off."""
    _send(
        f"{assessment.council} {assessment.round} self-assessment is ready for sign-off",
        f"{assessment.submitted_by} submitted the {assessment.round} self-assessment of "
        f"{assessment.council}.\n\nApprove it or return it to the officers: {_link(assessment)}",
        _addresses(assessment.council, [Role.LEAD]),
    )


def assessment_approved(assessment) -> None:
    """Tells the council's officers and lead that the assessment was approved."""
    _send(
        f"{assessment.council} {assessment.round} self-assessment approved",
        f"{assessment.approved_by} approved the {assessment.round} self-assessment of "
        f"{assessment.council}. It is now locked.\n\n{_link(assessment)}",
        _addresses(assessment.council, [Role.OFFICER, Role.LEAD]),
    )


def assessment_returned(assessment, returned_by) -> None:
    """Tells the council's officers that the assessment came back, with the lead's comment."""
    _send(
        f"{assessment.council} {assessment.round} self-assessment returned for changes",
        f"{returned_by} returned the {assessment.round} self-assessment of {assessment.council} "
        f"with this comment:\n\n{assessment.return_comment}\n\n{_link(assessment)}",
        _addresses(assessment.council, [Role.OFFICER]),
    )
