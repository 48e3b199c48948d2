"""Sign-off notices on any page that shows a self-assessment: {% load assessment_notices %}."""

from django import template

from assessments.notices import sign_off_notice as notice_for

register = template.Library()


@register.inclusion_tag("assessments/_sign_off_notice.html", takes_context=True)
def sign_off_notice(context, assessment):
    """The head's "Waiting for your sign-off" banner, the officers' waiting or returned notice."""
    user = context["user"]
    return {
        "assessment": assessment,
        "notice": notice_for(user, assessment),
        "can_edit": user.has_perm("assessments.edit_assessment", assessment),
    }
