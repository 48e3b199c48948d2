"""What the start page shows of consultations (decision 0007): those open now, to respond to,
and for LGA staff how many responses each has had."""

from django.db.models import Count
from django.utils import timezone

from npsportal.start_page import Panel
from strategies.models import Consultation


def start_page(user) -> list[Panel]:
    """One panel of the consultations open now, if any."""
    now = timezone.now()
    open_now = Consultation.objects.filter(is_draft=False, opens_at__lte=now, closes_at__gt=now)
    staff = user.has_perm("strategies.view_responses")
    if staff:
        open_now = open_now.annotate(response_count=Count("responses"))
    consultations = list(open_now.order_by("closes_at"))
    if not consultations:
        return []
    context = {"consultations": consultations, "shows_responses": staff}
    return [Panel("strategies/start/_open_consultations.html", context)]
