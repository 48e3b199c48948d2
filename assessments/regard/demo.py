"""Demo data for the NPPS "have regard" record: Stockport's draft has two priorities recorded."""

from assessments.models import Assessment, RegardRecord
from assessments.regard.selectors import priorities
from npsportal.models import User

# (how the council considered the priority, its reasons for any departure), in priority order.
STOCKPORT_REGARD = [
    (
        "Cabinet considered this priority when it adopted the procurement strategy on 4 March. "
        "Every tender over 100,000 pounds now sets out how it supports local growth, and the "
        "pipeline is published each quarter so that local suppliers can prepare.",
        "",
    ),
    (
        "The social value policy was updated to follow this priority: tenders weight social "
        "value at 10 per cent, and the contract register records what each supplier delivers.",
        "For care contracts the weighting stays at 5 per cent until the market review ends in "
        "March, so that small providers are not priced out while the review runs.",
    ),
]


def regard_records_in_stockport(round) -> None:
    """Stockport's draft of the round records how it had regard to the first two priorities."""
    assessment = Assessment.objects.filter(council__slug="stockport", round=round).first()
    officer = User.objects.filter(email="officer@stockport.example.org").first()
    if assessment is None:
        return
    for priority, (how, departure) in zip(priorities(), STOCKPORT_REGARD, strict=False):
        RegardRecord.objects.get_or_create(
            assessment=assessment,
            priority=priority,
            defaults={"how_considered": how, "departure": departure, "updated_by": officer},
        )
