"""Recording how a council had regard to the National Procurement Policy Statement."""

import datetime

from django.db import transaction

from assessments.models import Assessment, KeyArea, RegardRecord
from assessments.regard import selectors
from assessments.services import check_editable
from npsportal.audit import record_event


class StaleRegard(Exception):
    """Someone else saved the priority after the person opened the form."""

    def __init__(self, record: RegardRecord):
        super().__init__("Someone else saved this priority while you were editing it")
        self.record = record


@transaction.atomic
def record_regard(
    *,
    assessment: Assessment,
    priority: KeyArea,
    how_considered: str,
    departure: str,
    user,
    seen: datetime.datetime | None = None,
) -> RegardRecord:
    """Records how the council had regard to an NPPS priority while its assessment can change,
    refusing a save over one made since the person opened the form (`seen`: its time then)."""
    # Row lock on the assessment: two saves (and a submission) run one after the other, so the
    # check below and the editability rule both read what is committed.
    locked = Assessment.objects.select_for_update(of=("self",)).select_related("round", "council")
    assessment = locked.get(pk=assessment.pk)
    check_editable(assessment)
    if not selectors.priorities().filter(pk=priority.pk).exists():
        raise ValueError(f"{priority} is not a priority of the newest NPPS")
    record = RegardRecord.objects.filter(assessment=assessment, priority=priority).first()
    if record is not None and record.updated_at != seen:
        raise StaleRegard(record)
    record = record or RegardRecord(assessment=assessment, priority=priority)
    record.how_considered, record.departure, record.updated_by = how_considered, departure, user
    record.save()
    # The wording is the council's own text: the log says only which priority was recorded.
    details = {
        "council": assessment.council.slug,
        "round": assessment.round.slug,
        "priority": priority.key,
    }
    record_event(action="regard.recorded", actor=user, obj=assessment, details=details)
    return record
