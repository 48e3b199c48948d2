"""After a load run: every save the portal confirmed to Locust is in the database (nothing lost).

Usage: python tests/load/verify_saved.py RECORD_FILE, with the portal's settings in the environment.
Exits 1 and names what is missing otherwise.
"""

import json
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npsportal.settings")
django.setup()

from assessments.models import Answer  # noqa: E402
from strategies.models import ConsultationResponse, ResponseAnswer  # noqa: E402


def missing_answers(saves: list[dict]) -> list[str]:
    """Each confirmed key-area save left a version of every statement with its evidence text."""
    stored = set(
        Answer.history.filter(evidence_text__startswith="load-").values_list(
            "assessment_id", "statement_id", "evidence_text"
        )
    )
    return [
        f"{s['token']} s{statement}"
        for s in saves
        for statement in s["statements"]
        if (s["assessment"], statement, f"{s['token']} s{statement}") not in stored
    ]


def missing_responses(sent: list[dict]) -> list[str]:
    """Each confirmed response is stored under its reference, with the answers it sent."""
    references = {s["reference"] for s in sent}
    stored = set(
        ConsultationResponse.objects.filter(reference__in=references).values_list(
            "reference", flat=True
        )
    )
    answered = set(
        ResponseAnswer.objects.filter(text__startswith="load-").values_list("text", flat=True)
    )
    return [
        s["reference"] or s["token"]
        for s in sent
        if s["reference"] not in stored or f"load-{s['token']}" not in answered
    ]


def main(path: str) -> int:
    lines = [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]
    saves = [r for r in lines if r["kind"] == "answers"]
    sent = [r for r in lines if r["kind"] == "response"]
    lost = missing_answers(saves) + missing_responses(sent)
    statements = sum(len(s["statements"]) for s in saves)
    print(
        f"Confirmed to Locust: {len(saves)} key-area saves ({statements} answers), "
        f"{len(sent)} consultation responses. Missing from the database: {len(lost)}."
    )
    for item in lost[:20]:
        print(f"  missing: {item}")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
