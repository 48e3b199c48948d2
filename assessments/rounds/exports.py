"""A round's participation as rows for CSV and XLSX: words and dates people read, never codes."""

from assessments.rounds.selectors import CouncilState
from npsportal.formatting import govuk_date
from npsportal.models import Council

HEADER = [
    "Council",
    "GSS code",
    "Kind of council",
    "Region",
    "Progress",
    "Submitted on",
    "Approved on",
    "More time until",
    "Reason for more time",
]
KINDS, REGIONS = dict(Council.Kind.choices), dict(Council.Region.choices)
STATES = dict(CouncilState.choices)


def participation_rows(councils):
    """One row per council of an annotated `councils_in` queryset, in words."""
    for council in councils:
        yield [
            council.name,
            council.gss_code,
            KINDS.get(council.kind, council.kind),
            REGIONS.get(council.region, council.region),
            STATES[council.state],
            govuk_date(council.submitted_at),
            govuk_date(council.approved_at),
            govuk_date(council.extended_until),
            council.extension_reason or "",
        ]


def filename(round, extension: str) -> str:
    return f"nps-{round.slug}-participation.{extension}"
