"""A round's open dataset written out: the CSV (UTF-8) and its Frictionless Data Package
descriptor, datapackage.json (decision 0018)."""

import csv
import hashlib
import io
import json

from django.utils import timezone

from assessments.dashboards import peers
from assessments.models import Round
from assessments.open_data.builder import FIELDS, Dataset

LICENCE = {
    "name": "OGL-UK-3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    "title": "Open Government Licence v3.0",
}
PUBLISHER = "Local Government Association"
METADATA_NAME = "datapackage.json"
MISSING = ""  # how a suppressed figure is written


def csv_name(round: Round) -> str:
    """The CSV's file name, the same in the descriptor and in the download."""
    return f"nps-maturity-levels-{round.slug}.csv"


def csv_bytes(dataset: Dataset) -> bytes:
    """The dataset as CSV in UTF-8 (no byte-order mark: open data tools read plain UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(dataset.header)
    writer.writerows(dataset.rows)
    return buffer.getvalue().encode("utf-8")


def description(round: Round) -> str:
    """What the dataset holds and leaves out, in plain words (the public page says the same)."""
    return (
        f"How mature English councils' procurement is, from the {round.name} round of the "
        "National Procurement Strategy self-assessment: for each key area of the matrix, the "
        "number and share of councils at each maturity level, by kind of council and region. "
        "Only self-assessments approved by the council's head of procurement are counted. "
        "No council is named or coded, and the figures of any group of fewer than "
        f"{peers.MIN_PEER_GROUP} councils are left blank so that no council can be identified."
    )


def datapackage(dataset: Dataset, data: bytes, created=None) -> dict:
    """The Frictionless Data Package describing the CSV: licence, source, every column."""
    round = dataset.round
    created = created or timezone.now()
    return {
        "profile": "tabular-data-package",
        "name": f"nps-maturity-levels-{round.slug}",
        "title": f"National Procurement Strategy maturity levels, {round.name}",
        "description": description(round),
        "version": "1.0.0",
        "created": created.isoformat(timespec="seconds"),
        "licenses": [LICENCE],
        "contributors": [{"title": PUBLISHER, "role": "publisher"}],
        "sources": [
            {
                "title": "Self-assessments approved by councils' heads of procurement in the "
                f"NPS Portal, {round.name} round ({round.framework.name})"
            }
        ],
        "keywords": ["procurement", "local government", "maturity", "England"],
        "resources": [resource(dataset, data)],
    }


def resource(dataset: Dataset, data: bytes) -> dict:
    return {
        "profile": "tabular-data-resource",
        "name": "maturity-levels",
        "title": "Councils at each maturity level by key area, kind of council and region",
        "path": csv_name(dataset.round),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
        "licenses": [LICENCE],
        "schema": {
            "fields": [
                {"name": name, "type": kind, "title": title, "description": text}
                | ({"trueValues": ["true"], "falseValues": ["false"]} if kind == "boolean" else {})
                for name, (kind, title, text) in FIELDS.items()
            ],
            "missingValues": [MISSING],
            "primaryKey": ["theme", "key_area_key", "council_kind", "region", "level"],
        },
    }


def metadata_bytes(package: dict) -> bytes:
    return json.dumps(package, indent=2, ensure_ascii=False).encode("utf-8")
