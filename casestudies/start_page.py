"""What the start page shows of case studies (decision 0007): for LGA staff, what waits."""

from django.urls import reverse

from casestudies.models import CaseStudy
from casestudies.selectors import pending_replies
from npsportal.start_page import Waiting


def start_page(user) -> list[Waiting]:
    """Case studies waiting for review and replies waiting for moderation, for those who act."""
    found = []
    if user.has_perm("casestudies.manage_case_study"):
        in_review = CaseStudy.objects.filter(status=CaseStudy.Status.IN_REVIEW).count()
        href = reverse("casestudies:staff_list")
        found.append(Waiting(in_review, "case study in review", "case studies in review", href))
    if user.has_perm("casestudies.moderate_reply"):
        href = reverse("casestudies:reply_moderation")
        replies = pending_replies().count()
        found.append(
            Waiting(replies, "reply awaiting moderation", "replies awaiting moderation", href)
        )
    return found
